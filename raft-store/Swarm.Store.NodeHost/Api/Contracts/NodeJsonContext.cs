using System.Text.Json;
using System.Text.Json.Serialization;

namespace Swarm.Store.NodeHost.Api.Contracts;

/// <summary>
/// Source-generated JSON for the control API (camelCase, as the web defaults). Shared by the node and its test
/// client, so both ends read the same contract.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StoreNodeStatus))]
[JsonSerializable(typeof(CreateConfigRequest))]
[JsonSerializable(typeof(CreatedConfig))]
[JsonSerializable(typeof(List<ConfigSummary>))]
[JsonSerializable(typeof(MemberRequest))]
[JsonSerializable(typeof(LoadRequest))]
[JsonSerializable(typeof(LoadResult))]
[JsonSerializable(typeof(ErrorResponse))]
public sealed partial class NodeJsonContext : JsonSerializerContext;
