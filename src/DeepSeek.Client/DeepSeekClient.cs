using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using DeepSeek.Grains;
using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Knowledge;
using DeepSeek.Grains.Tenants;

namespace DeepSeek.Client;

/// <summary>
/// Typed access to the DeepSeek platform for one tenant, over the Orleans grain client, for internal
/// consumers in another process (or a silo host). Arguments are checked here by the HTTP API's rules and
/// rejected with <see cref="ArgumentException"/>; the platform's own refusals arrive as <see cref="PlatformException"/>.
/// </summary>
/// <remarks>
/// <b>Trust:</b> the HTTP API authenticates API keys and enforces each tenant's rate limits; this client
/// does neither. Whoever holds a cluster connection is a trusted caller that names the tenant it acts for,
/// and its calls are not counted against the tenant's requests-per-minute limit (tokens a completion
/// generates are still charged). Keep cluster ports off untrusted networks, and check end users yourself.
/// </remarks>
public sealed class DeepSeekClient
{
    private readonly IGrainFactory _grains;
    private readonly DeepSeekClientOptions _options;
    private readonly ModelResolver _models;

    /// <summary>A client for <paramref name="tenantId"/> with its own model cache; in a host, prefer the injected one or <see cref="DeepSeekClientFactory"/>.</summary>
    public DeepSeekClient(IGrainFactory grains, string tenantId, DeepSeekClientOptions? options = null)
        : this(grains, tenantId, options ?? new DeepSeekClientOptions(), null)
    {
    }

    internal DeepSeekClient(IGrainFactory grains, string tenantId, DeepSeekClientOptions options, ModelResolver? models)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(options);
        if (!ApiKeys.IsValidTenantId(tenantId))
            throw new ArgumentException($"'{tenantId}' is not a tenant id (1-40 lowercase letters, digits or underscores).", nameof(tenantId));
        if (options.MaxCompletionTokens < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxCompletionTokens, "MaxCompletionTokens must be at least 1.");
        _grains = grains;
        _options = options;
        TenantId = tenantId;
        _models = models ?? new ModelResolver(grains, options.DefaultModel, TimeProvider.System);
        Models = new ModelsClient(_models);
        Knowledge = new KnowledgeClient(grains, tenantId, null, _models);
        Keys = new KeysClient(grains, tenantId);
        Sessions = new SessionsClient(grains, tenantId, _models);
    }

    /// <summary>The tenant every call acts for.</summary>
    public string TenantId { get; }

    /// <summary>The models the cluster serves.</summary>
    public ModelsClient Models { get; }

    /// <summary>The tenant's known answers for the default model; <see cref="KnowledgeFor"/> for another model.</summary>
    public KnowledgeClient Knowledge { get; }

    /// <summary>The tenant's API keys (for its HTTP callers).</summary>
    public KeysClient Keys { get; }

    /// <summary>The tenant's conversations; continue one with <see cref="ChatOptions.SessionId"/>.</summary>
    public SessionsClient Sessions { get; }

    /// <summary>The tenant's known answers for <paramref name="model"/>.</summary>
    public KnowledgeClient KnowledgeFor(string model) => new(_grains, TenantId, Validation.Model(model, nameof(model)), _models);

    /// <summary>The tenant, or null when it was never created (an administrator creates tenants).</summary>
    public Task<TenantInfo?> GetTenantAsync(CancellationToken cancellationToken = default) =>
        _grains.GetGrain<ITenantGrain>(TenantId).GetAsync().WaitAsync(cancellationToken);

    /// <summary>Asks one user question.</summary>
    public Task<ChatResult> ChatAsync(string question, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        ChatAsync([new ChatTurn("user", question)], options, cancellationToken);

    /// <summary>Completes a conversation: a known answer at once when the last question is known, else the model's answer.</summary>
    public async Task<ChatResult> ChatAsync(IReadOnlyList<ChatTurn> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        ChatChunk? first = null, last = null;
        await foreach (var chunk in StreamChatAsync(messages, options, cancellationToken))
        {
            first ??= chunk;
            last = chunk;
            text.Append(chunk.Text);
        }
        // StreamChatAsync yields at least one chunk or throws.
        return new ChatResult(
            first!.CompletionId,
            first.Model,
            text.ToString(),
            last!.FinishReason ?? "stop",
            last.Usage ?? new ChatUsage(0, 0),
            first.Route ?? new CompletionRoute { Route = CompletionRoute.ModelRoute },
            options?.SessionId);
    }

    /// <summary>Streams one user question's answer.</summary>
    public IAsyncEnumerable<ChatChunk> StreamChatAsync(string question, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        StreamChatAsync([new ChatTurn("user", question)], options, cancellationToken);

    /// <summary>
    /// Streams a completion as it is generated. Arguments are checked at once; the model is resolved when
    /// enumeration starts. Cancelling <paramref name="cancellationToken"/> stops generation on the silo.
    /// </summary>
    public IAsyncEnumerable<ChatChunk> StreamChatAsync(IReadOnlyList<ChatTurn> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new ChatOptions();
        var turns = Validation.Messages(messages);
        var sampling = Validation.Sampling(options, _options.MaxCompletionTokens);
        Validation.Model(options.Model, "options.Model");
        if (options.SessionId is not null) Validation.SessionId(options.SessionId, "options.SessionId");
        Validation.OptionalText(options.User, Validation.MaxUserLength, "options.User");
        return StreamCoreAsync(turns, sampling, options, cancellationToken);
    }

    private async IAsyncEnumerable<ChatChunk> StreamCoreAsync(List<ChatTurn> turns, SamplingSettings sampling, ChatOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var model = await _models.RequireAsync(options.Model, cancellationToken);
        var request = new CompletionRequest
        {
            // The HTTP API's id format, so feedback and logs read the same whichever door a completion came through.
            CompletionId = "chatcmpl-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            TenantId = TenantId,
            Model = model.Id,
            Messages = turns,
            Sampling = sampling,
            SessionId = options.SessionId,
            User = options.User,
            ModelOnly = options.ModelOnly,
        };
        var any = false;
        await foreach (var chunk in _grains.GetGrain<IInferenceGrain>(model.Id).CompleteAsync(request, cancellationToken)
                           .WithCancellation(cancellationToken))
        {
            any = true;
            var usage = chunk.FinishReason is null ? null : new ChatUsage(chunk.PromptTokens ?? 0, chunk.CompletionTokens ?? 0);
            yield return new ChatChunk(request.CompletionId, model.Id, chunk.Text, chunk.Route, chunk.FinishReason, usage);
        }
        if (!any) throw PlatformException.Unavailable("The model returned nothing.", "empty_completion");
    }

    /// <summary>Rates a completion of this tenant (-1, 0 or 1); a positive rating of a model answer makes it a known answer.</summary>
    public Task<FeedbackResult> RateAsync(string completionId, int rating, CancellationToken cancellationToken = default)
    {
        Validation.Id(completionId, nameof(completionId));
        Validation.Range(rating, -1, 1, nameof(rating));
        // The grain key starts with this tenant: another tenant's completion id is simply not found.
        return _grains.GetGrain<ICompletionGrain>($"{TenantId}/{completionId}").RateAsync(rating).WaitAsync(cancellationToken);
    }

    /// <summary>Sentence embedding of one text (L2-normalised).</summary>
    public async Task<float[]> EmbedAsync(string input, CancellationToken cancellationToken = default) =>
        (await EmbedAsync([input], cancellationToken)).Vectors[0];

    /// <summary>Sentence embeddings (L2-normalised), one per input, in input order, with the tokens they took.</summary>
    public Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0) throw new ArgumentException("Inputs must not be empty.", nameof(inputs));
        if (inputs.Count > Validation.MaxEmbeddingInputs)
            throw new ArgumentException($"Inputs may hold at most {Validation.MaxEmbeddingInputs} strings.", nameof(inputs));
        if (inputs.Any(string.IsNullOrEmpty)) throw new ArgumentException("Input strings must not be empty.", nameof(inputs));
        if (inputs.Any(i => i.Length > Validation.MaxEmbeddingInputLength))
            throw new ArgumentException($"Each input may be at most {Validation.MaxEmbeddingInputLength} characters.", nameof(inputs));
        return _grains.GetGrain<IEmbeddingGrain>(_options.EmbeddingModel).EmbedAsync([.. inputs], cancellationToken);
    }
}
