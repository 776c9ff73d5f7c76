using System.Text.Json.Serialization;

namespace Swarm.Engine.Runtime;

/// <summary>Source-generated (de)serialisers for the per-container state files.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ContainerConfig))]
[JsonSerializable(typeof(ContainerState))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
