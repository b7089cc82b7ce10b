using System.Text;

namespace DeepSeek.Tokenizers.Bpe;

/// <summary>Unicode normalization applied to ordinary text before pre-tokenization (Qwen uses NFC).</summary>
internal sealed class TextNormalizer(IReadOnlyList<NormalizationForm> forms)
{
    public string Normalize(string text)
    {
        foreach (var form in forms)
        {
            // Normalize returns the same instance when the text is already normalized.
            text = text.Normalize(form);
        }

        return text;
    }
}
