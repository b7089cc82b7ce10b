using DeepSeek.Api.Apis;
using DeepSeek.Api.Auth;
using DeepSeek.Api.Errors;
using DeepSeek.Api.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DeepSeek.Api;

/// <summary>Registration of the OpenAI-compatible API.</summary>
public static class ApiExtensions
{
    public static IServiceCollection AddDeepSeekApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ApiOptions>(configuration.GetSection("DeepSeek:Api"));
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<ModelCatalogCache>();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = ApiJson.Options.Encoder);
        return services;
    }

    public static IApplicationBuilder UseDeepSeekErrors(this IApplicationBuilder app) => app.UseMiddleware<ErrorHandlingMiddleware>();

    public static IEndpointRouteBuilder MapDeepSeekApi(this IEndpointRouteBuilder app)
    {
        app.MapChatCompletionsApi();
        app.MapModelsApi();
        app.MapFeedbackApi();
        app.MapEmbeddingsApi();
        app.MapSessionsApi();
        app.MapKnowledgeApi();
        app.MapAdminApi();
        app.MapClusterApi();
        app.MapUsageApi();
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }
}
