using DeepSeek.Grains.Events;
using DeepSeek.Grains.Knowledge;

namespace DeepSeek.Grains.Chat;

/// <summary>A finished completion, kept so feedback can find it; a good model answer becomes a known answer.</summary>
public sealed class CompletionGrain(
    [PersistentState("completion", ProviderNames.Storage)] IPersistentState<CompletionState> state,
    TimeProvider clock) : Grain, ICompletionGrain
{
    public async Task RecordAsync(CompletionRecord record)
    {
        state.State.Record = record;
        await state.WriteStateAsync();
    }

    public Task<CompletionRecord?> GetAsync() => Task.FromResult(state.State.Record);

    public async Task<FeedbackResult> RateAsync(int rating)
    {
        var record = state.State.Record ?? throw PlatformException.NotFound(
            "No model-generated completion with this id exists for this tenant (answers from the knowledge base are not kept for feedback).",
            "completion_not_found", "completion_id");
        if (rating is < -1 or > 1) throw PlatformException.InvalidRequest("rating must be -1, 0 or 1.", "rating");

        var promotedId = record.PromotedEntryId;
        // Only a standalone question's answer is promoted: an answer given inside a conversation may lean on
        // turns a later asker will not have sent.
        if (rating > 0 && record.Route == CompletionRoute.ModelRoute && !record.HadContext && promotedId is null
            && !string.IsNullOrWhiteSpace(record.Answer))
        {
            var tenant = this.GetPrimaryKeyString().Split('/')[0];
            var entry = await GrainFactory.GetGrain<IKnowledgeGrain>($"{tenant}/{record.Model}").AddAsync(new KnowledgeEntryInput
            {
                Question = record.Question,
                Answer = record.Answer,
                ContextFree = false,
                Source = "learned",
            });
            promotedId = entry.Id;
        }
        state.State.Record = record with { Rating = rating, PromotedEntryId = promotedId };
        await state.WriteStateAsync();
        if (promotedId is not null && record.PromotedEntryId is null)
        {
            await this.PublishAsync(EventStreams.Knowledge, new AnswerLearned
            {
                TenantId = this.GetPrimaryKeyString().Split('/')[0],
                Timestamp = clock.GetUtcNow(),
                Model = record.Model,
                CompletionId = record.CompletionId,
                KnowledgeEntryId = promotedId,
            });
        }
        return new FeedbackResult
        {
            CompletionId = record.CompletionId,
            Rating = rating,
            Promoted = promotedId is not null && record.PromotedEntryId is null,
            KnowledgeEntryId = promotedId,
        };
    }
}
