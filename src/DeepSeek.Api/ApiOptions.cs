namespace DeepSeek.Api;

/// <summary>HTTP API settings (configuration section <c>DeepSeek:Api</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>The tenant whose admin keys administer the whole platform.</summary>
    public string PlatformTenant { get; set; } = "admin";

    /// <summary>Model used when a request asks for "default".</summary>
    public string DefaultModel { get; set; } = "deepseek-tiny";

    /// <summary>Largest accepted request body; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest accepted knowledge import body (JSONL).</summary>
    public long MaxImportBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest max_tokens a request may ask for.</summary>
    public int MaxCompletionTokens { get; set; } = 4096;
}
