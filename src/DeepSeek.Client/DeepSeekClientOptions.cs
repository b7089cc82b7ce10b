namespace DeepSeek.Client;

/// <summary>Settings of the grain client (configuration section <c>DeepSeek:Client</c>).</summary>
public sealed class DeepSeekClientOptions
{
    public const string Section = "DeepSeek:Client";

    /// <summary>
    /// The tenant the injected <see cref="DeepSeekClient"/> acts for. Leave empty when the consumer serves
    /// several tenants and asks <see cref="DeepSeekClientFactory.ForTenant"/> for each.
    /// </summary>
    public string? Tenant { get; set; }

    /// <summary>Model used when a call names none or names "default" (the silo's <c>DeepSeek:Api:DefaultModel</c> counterpart).</summary>
    public string DefaultModel { get; set; } = "deepseek-tiny";

    /// <summary>Embedding model (the key of the silo's embedding grain).</summary>
    public string EmbeddingModel { get; set; } = "all-MiniLM-L6-v2";

    /// <summary>Largest <see cref="ChatOptions.MaxTokens"/> a call may ask for, as the HTTP API's <c>MaxCompletionTokens</c>.</summary>
    public int MaxCompletionTokens { get; set; } = 4096;

    /// <summary>Gateway port of the silo to connect to in the Embedded profile (the silo's <c>DeepSeek:Orleans:GatewayPort</c>).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>How long start-up keeps retrying an unreachable cluster before it fails with <see cref="DeepSeekConnectionException"/>.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
