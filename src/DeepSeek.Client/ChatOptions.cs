namespace DeepSeek.Client;

/// <summary>Optional settings of a chat call; null means the model's (or the configured) default.</summary>
public sealed record ChatOptions
{
    /// <summary>Model id; null or "default" means <see cref="DeepSeekClientOptions.DefaultModel"/>.</summary>
    public string? Model { get; init; }

    /// <summary>0 to 2.</summary>
    public double? Temperature { get; init; }

    /// <summary>Greater than 0, at most 1.</summary>
    public double? TopP { get; init; }

    /// <summary>1 to <see cref="DeepSeekClientOptions.MaxCompletionTokens"/>.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Up to 4 non-empty stop sequences.</summary>
    public IReadOnlyList<string>? Stop { get; init; }

    public long? Seed { get; init; }

    /// <summary>-2 to 2.</summary>
    public double? FrequencyPenalty { get; init; }

    /// <summary>-2 to 2.</summary>
    public double? PresencePenalty { get; init; }

    /// <summary>
    /// Continue this session: its history is prepended and the exchange appended to it. 1–64 letters,
    /// digits, '-' or '_' (an id from <see cref="SessionsClient.CreateAsync"/>, or one of the caller's own).
    /// </summary>
    public string? SessionId { get; init; }

    /// <summary>The end user on whose behalf the call is made (at most 256 characters), for the record.</summary>
    public string? User { get; init; }

    /// <summary>Skip the knowledge base and ask the model.</summary>
    public bool ModelOnly { get; init; }
}
