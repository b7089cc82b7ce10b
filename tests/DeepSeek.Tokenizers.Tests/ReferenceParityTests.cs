using System.Text;

namespace DeepSeek.Tokenizers.Tests;

/// <summary>
/// Exact agreement with the reference tokenizers (transformers.js for Qwen3 and DeepSeek-V3,
/// gpt-3-encoder for GPT-2) on every text in reference/*/expected.json.
/// </summary>
public sealed class ReferenceParityTests
{
    public static TheoryData<string, int> Cases => ReferenceData.AllCases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void EncodeMatchesReferenceIds(string tokenizer, int index)
    {
        var expected = ReferenceData.Expected(tokenizer).Cases![index];

        // gpt-3-encoder never parses special tokens, so GPT-2 is compared with parsing off.
        var ids = ReferenceData.Tokenizer(tokenizer).Encode(expected.Text, parseSpecialTokens: tokenizer != ReferenceData.Gpt2);

        Assert.Equal(expected.Ids, ids);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EncodeWithoutParsingSpecialTokensMatchesReferenceWithoutAddedTokens(string tokenizer, int index)
    {
        var expected = ReferenceData.Expected(tokenizer).Cases![index];

        var ids = ReferenceData.Tokenizer(tokenizer).Encode(expected.Text, parseSpecialTokens: false);

        Assert.Equal(expected.PlainIds, ids);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecodeMatchesReferenceText(string tokenizer, int index)
    {
        var expected = ReferenceData.Expected(tokenizer).Cases![index];

        Assert.Equal(expected.Decoded, ReferenceData.Tokenizer(tokenizer).Decode(expected.Ids));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecodeOfEncodeGivesTheTextBack(string tokenizer, int index)
    {
        var text = ReferenceData.Expected(tokenizer).Cases![index].Text;
        var model = ReferenceData.Tokenizer(tokenizer);

        // Qwen normalizes to NFC before tokenizing, so a decomposed accent comes back composed.
        var expected = tokenizer == ReferenceData.Qwen3 ? text.Normalize(NormalizationForm.FormC) : text;
        Assert.Equal(expected, model.Decode(model.Encode(text)));
        Assert.Equal(expected, model.Decode(model.Encode(text, parseSpecialTokens: false)));
    }

    [Fact]
    public void ReferenceCoversAstralCharactersCombiningMarksAndSpecialTokens()
    {
        // Guards the test data itself: these are the cases where a .NET port most easily diverges.
        var texts = ReferenceData.Expected(ReferenceData.Qwen3).Cases!.Select(c => c.Text).ToList();

        Assert.Contains(texts, t => t.Any(char.IsSurrogate));
        Assert.Contains(texts, t => !t.IsNormalized(NormalizationForm.FormC));
        Assert.Contains(texts, t => t.Contains("<|im_start|>", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("<｜User｜>", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Length > Bpe.BpeModel.LinearMergeLimit && !t.Contains(' ', StringComparison.Ordinal));
    }
}
