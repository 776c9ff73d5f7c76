using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Swarm.Api.EngineApi;
using Swarm.Testing.ControlPlane;

namespace Swarm.Manager.Tests.ControlApi.Forwarding;

/// <summary>Engine API calls against one manager of a <see cref="ControlPlaneCluster"/>, as a client would make them.</summary>
internal static class ClusterApi
{
    public static async Task<HttpResponseMessage> PostJsonAsync(this ManagerControlApi api, string path, object body)
    {
        var json = JsonSerializer.Serialize(body, body.GetType(), EngineJson.Options);
        return await api.Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
    }

    public static Task<HttpResponseMessage> CreateServiceAsync(this ManagerControlApi api, string name)
        => api.PostJsonAsync("/v1.41/services/create", ControlApiHost.Spec(name));

    public static async Task<string> IdOf(HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync<IdResponse>(EngineJson.Options))!.ID;

    /// <summary>Status, content type and body: what a client sees of an answer.</summary>
    public static async Task<(int Status, string? ContentType, string Body)> SeenAsync(HttpResponseMessage response)
        => ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
}
