using DeepSeek.Api.Auth;
using DeepSeek.Grains.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeepSeek.Api.Apis;

/// <summary>The cluster as operators see it: devices with their load, and silos with their roles. Platform admins only.</summary>
public static class ClusterApi
{
    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        var cluster = app.MapGroup("/v1/cluster").WithTags("cluster");

        cluster.MapGet("/gpus", async (HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains) =>
        {
            await auth.RequireAdminAsync(context, platform: true);
            var table = await grains.GetGrain<IGpuDirectoryGrain>(0).GetTableAsync();
            var devices = table.Devices
                .OrderBy(e => e.Load.Node, StringComparer.Ordinal).ThenBy(e => e.Load.DeviceIndex)
                .Select(e => new
                {
                    node = e.Load.Node,
                    device = e.Load.DeviceIndex,
                    worker = e.Load.Worker,
                    kind = e.Load.Kind,
                    models = e.Load.LoadedModels,
                    queue = e.Load.QueueDepth,
                    active = e.Load.ActiveSequences,
                    batch_slots = e.Load.BatchSlots,
                    tokens_in_flight = e.Load.TokensInFlight,
                    tokens_per_second = Math.Round(e.Load.TokensPerSecond, 1),
                    memory_bytes = e.Load.MemoryBytes,
                    free_memory_bytes = e.Load.FreeMemoryBytes,
                    cached_sessions = e.Load.Sessions.Count,
                    age_ms = (long)e.Age.TotalMilliseconds,
                    state = e.Age <= table.StaleAfter ? "fresh" : "stale",
                });
            return Results.Json(new { @object = "list", data = devices });
        }).WithSummary("Lists the devices of the cluster with their last load report.");

        cluster.MapGet("/silos", async (HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains) =>
        {
            await auth.RequireAdminAsync(context, platform: true);
            var silos = await grains.GetGrain<IClusterInfoGrain>(0).GetSilosAsync();
            return Results.Json(new
            {
                @object = "list",
                data = silos.Select(s => new { address = s.Address, name = s.Name, status = s.Status, roles = s.Roles, node = s.Node, devices = s.Devices }),
            });
        }).WithSummary("Lists the silos of the cluster with their roles and membership status.");
        return app;
    }
}
