using DeepSeek.Grains.Knowledge;

namespace DeepSeek.Client;

/// <summary>
/// The tenant's known answers for one model: a chat whose last question matches one (by meaning, not only
/// wording) is answered from here without running the model.
/// </summary>
public sealed class KnowledgeClient
{
    public const int MaxListLimit = 1000;

    private readonly IGrainFactory _grains;
    private readonly string _tenantId;
    private readonly string? _model;
    private readonly ModelResolver _models;

    internal KnowledgeClient(IGrainFactory grains, string tenantId, string? model, ModelResolver models)
    {
        _grains = grains;
        _tenantId = tenantId;
        _model = model;
        _models = models;
    }

    /// <summary>Adds a known answer. <paramref name="contextFree"/>: the answer holds whatever came before in a conversation.</summary>
    public Task<KnowledgeEntry> AddAsync(string question, string answer, bool contextFree = false, CancellationToken cancellationToken = default) =>
        AddAsync(new KnowledgeEntryInput { Question = question, Answer = answer, ContextFree = contextFree }, cancellationToken);

    public async Task<KnowledgeEntry> AddAsync(KnowledgeEntryInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Check(input) is { } problem) throw new ArgumentException(problem, nameof(input));
        return await (await GrainAsync(cancellationToken)).AddAsync(input).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Adds many entries in one write. Invalid entries are skipped and reported in <see cref="ImportResult.Errors"/>
    /// by their 1-based position in <paramref name="inputs"/>, as the HTTP import reports JSONL lines.
    /// </summary>
    public async Task<ImportResult> ImportAsync(IEnumerable<KnowledgeEntryInput> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var valid = new List<KnowledgeEntryInput>();
        var positions = new List<int>();
        var errors = new List<ImportError>();
        var position = 0;
        foreach (var input in inputs)
        {
            position++;
            if ((input is null ? "the entry is null" : Check(input)) is { } problem) errors.Add(new ImportError(position, problem));
            else
            {
                valid.Add(input!);
                positions.Add(position);
            }
        }
        if (valid.Count == 0) return new ImportResult { Errors = errors };
        var result = await (await GrainAsync(cancellationToken)).ImportAsync(valid).WaitAsync(cancellationToken);
        // The grain numbers what it was sent; map back to the caller's positions.
        errors.AddRange(result.Errors.Select(e => e with { Line = positions[e.Line - 1] }));
        return result with { Errors = [.. errors.OrderBy(e => e.Line)] };
    }

    /// <summary>One entry, or null when there is none with that id.</summary>
    public async Task<KnowledgeEntry?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        Validation.Id(id, nameof(id));
        return await (await GrainAsync(cancellationToken)).GetAsync(id).WaitAsync(cancellationToken);
    }

    /// <summary>Entries in the order they were added.</summary>
    public async Task<IReadOnlyList<KnowledgeEntry>> ListAsync(int offset = 0, int limit = 100, CancellationToken cancellationToken = default)
    {
        Validation.Range(offset, 0, int.MaxValue, nameof(offset));
        Validation.Range(limit, 1, MaxListLimit, nameof(limit));
        return await (await GrainAsync(cancellationToken)).ListAsync(offset, limit).WaitAsync(cancellationToken);
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken = default) =>
        await (await GrainAsync(cancellationToken)).CountAsync().WaitAsync(cancellationToken);

    /// <summary>Deletes an entry; false when there is none with that id.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        Validation.Id(id, nameof(id));
        return await (await GrainAsync(cancellationToken)).DeleteAsync(id).WaitAsync(cancellationToken);
    }

    private static string? Check(KnowledgeEntryInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Question)) return "Question must not be empty.";
        if (string.IsNullOrWhiteSpace(input.Answer)) return "Answer must not be empty.";
        if (input.Question.Length > Validation.MaxQuestionLength) return $"Question is longer than {Validation.MaxQuestionLength} characters.";
        if (input.Answer.Length > Validation.MaxAnswerLength) return $"Answer is longer than {Validation.MaxAnswerLength} characters.";
        return null;
    }

    private async Task<IKnowledgeGrain> GrainAsync(CancellationToken cancellationToken)
    {
        // Keyed by the resolved model id, as the HTTP API and the inference grain key it.
        var model = await _models.RequireAsync(_model, cancellationToken);
        return _grains.GetGrain<IKnowledgeGrain>($"{_tenantId}/{model.Id}");
    }
}
