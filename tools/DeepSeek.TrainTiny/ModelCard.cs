using System.Globalization;
using System.Text;

namespace DeepSeek.TrainTiny;

/// <summary>Writes the model directory's README.md: what the model is, what it was trained on, how well it does.</summary>
internal static class ModelCard
{
    public static void Write(string path, TrainingSummary s)
    {
        var c = s.Config;
        var o = s.Options;
        var card = new StringBuilder();
        void Line(FormattableString text) => card.Append(text.ToString(CultureInfo.InvariantCulture)).Append('\n');

        Line($"---");
        Line($"license: cc0-1.0");
        Line($"language: en");
        Line($"library_name: deepseek-orleans");
        Line($"pipeline_tag: text-generation");
        Line($"---");
        Line($"");
        Line($"# deepseek-tiny");
        Line($"");
        Line($"The small chat model bundled with DeepSeek.Orleans, so the platform answers out of the box without a");
        Line($"download. It knows a little about the platform, about Orleans and a handful of simple facts, replies in");
        Line($"the plain chat format and ends its turn with `<|end|>`. It is a test fixture and a demo, not a useful");
        Line($"general assistant.");
        Line($"");
        Line($"## Architecture");
        Line($"");
        Line($"| | |");
        Line($"|---|---|");
        Line($"| architecture | Llama (`LlamaForCausalLM`), decoder-only |");
        Line($"| parameters | {s.Parameters:N0} (embeddings tied with the output head) |");
        Line($"| layers | {c.NumHiddenLayers} |");
        Line($"| hidden size | {c.HiddenSize} |");
        Line($"| attention | {c.NumAttentionHeads} query heads, {c.KeyValueHeads} key/value heads (grouped-query), head dim {c.HeadDim} |");
        Line($"| MLP | SwiGLU, intermediate size {c.IntermediateSize} |");
        Line($"| positions | RoPE (theta {c.RopeTheta:0}), max {c.MaxPositionEmbeddings} |");
        Line($"| normalisation | RMSNorm, eps {c.RmsNormEps:0e0} |");
        Line($"| tokenizer | bytes: ids 0-255 are UTF-8 bytes, 256-{c.VocabSize - 1} special tokens (vocab {c.VocabSize}) |");
        Line($"| chat format | plain: `<\\|bos\\|><\\|user\\|>...<\\|end\\|><\\|assistant\\|>...<\\|end\\|>` |");
        Line($"| weights | `model.safetensors`, bfloat16 ({s.WeightsBytes / 1e6:F1} MB); loads into fp32 |");
        Line($"");
        Line($"## Training data");
        Line($"");
        Line($"Source: `models/corpus/topics.txt`, written by hand for this project ({s.TopicBlocks} blocks of short");
        Line($"facts about DeepSeek.Orleans, Orleans, transformers and training, greetings, the assistant itself and");
        Line($"simple general knowledge). No text was taken from any other source. `tools/DeepSeek.TrainTiny` expands it");
        Line($"with a seeded template generator into the four files next to it:");
        Line($"");
        Line($"| file | content |");
        Line($"|---|---|");
        Line($"| `plain-train.jsonl` / `plain-heldout.jsonl` | {s.PlainTrainDocuments} / {s.PlainHeldOutDocuments} plain-text documents (paragraphs, question-answer pairs) |");
        Line($"| `chat-train.jsonl` / `chat-heldout.jsonl` | {s.ChatTrainConversations} / {s.ChatHeldOutConversations} conversations, OpenAI chat format, 1-3 exchanges, some with a system prompt |");
        Line($"");
        Line($"{s.CorpusBytes / 1024.0:F0} KiB in all. Licence: CC0 1.0 (public domain dedication), for the corpus and for these weights.");
        Line($"");
        Line($"The held-out split is a seeded {100 * TinyRecipe.HeldOutFraction:F0}% of the generated documents and conversations. They are new");
        Line($"combinations and wordings, but the sentences come from the same hand-written pool as the training split, so");
        Line($"the held-out loss measures how well the model learned this small language, not open-domain generalisation.");
        Line($"");
        Line($"## Training");
        Line($"");
        Line($"```");
        Line($"dotnet run -c Release --project tools/DeepSeek.TrainTiny -- --out models/deepseek-tiny");
        Line($"```");
        Line($"");
        Line($"From scratch with the project's `Trainer` on one mixture of packed plain-text windows and chat conversations");
        Line($"(loss on the assistant turns and their `<|end|>` only, several conversations packed into one window):");
        Line($"{s.TrainSequences:N0} training windows of up to {o.SequenceLength} tokens, {o.Steps} steps of {o.BatchSize} windows (at most");
        Line($"{s.TrainTokensSeen:N0} token positions, about {(double)s.TrainTokensSeen / s.TrainTokens:F1} passes over the {s.TrainTokens:N0} training tokens), AdamW (betas {o.Beta1}/{o.Beta2},");
        Line($"weight decay {o.WeightDecay}), learning rate {o.LearningRate:0.####} with {o.WarmupSteps} warmup steps and cosine decay to");
        Line($"{o.MinLearningRate:0.####}, gradient clipping at {o.GradientClip}, seed {o.Seed}. {s.TrainingTime.TotalMinutes:F1} minutes on {o.Threads} CPU thread{(o.Threads == 1 ? "" : "s")};");
        Line($"final training loss {s.FinalTrainLoss:F3}. The same seed and thread count reproduce the same weights.");
        Line($"");
        Line($"## Evaluation");
        Line($"");
        Line($"Cross-entropy in nats per token (one token is one byte) on the held-out split, as served: weights loaded");
        Line($"from this directory into fp32. The unigram baseline is the entropy of the held-out tokens' own frequency");
        Line($"distribution, the best loss any model that ignores context can reach on exactly those tokens.");
        Line($"");
        Line($"| held-out set | model loss | unigram baseline | ratio |");
        Line($"|---|---|---|---|");
        Line($"| plain text, every token ({s.PlainHeldOutTargets:N0} targets) | {s.PlainHeldOutLoss:F3} | {s.PlainUnigramEntropy:F3} | {s.PlainHeldOutLoss / s.PlainUnigramEntropy:F2} |");
        Line($"| chat, assistant replies only | {s.ChatHeldOutLoss:F3} | {s.ChatUnigramEntropy:F3} | {s.ChatHeldOutLoss / s.ChatUnigramEntropy:F2} |");
        Line($"");
        Line($"Storing the weights as bfloat16 moved the plain-text loss from {s.PlainHeldOutLossFp32:F4} (fp32) to {s.PlainHeldOutLoss:F4}.");
        Line($"");
        Line($"## Samples");
        Line($"");
        Line($"Single user turn, rendered with the plain template; temperature 0 is greedy, 0.7 uses top-p 0.9 and seed {TinyRecipe.Seed}.");
        Line($"");
        Line($"| prompt | T | reply | finish | tokens |");
        Line($"|---|---|---|---|---|");
        foreach (var sample in s.Samples)
            Line($"| {Cell(sample.Prompt)} | {sample.Temperature} | {Cell(sample.Reply)} | {sample.FinishReason} | {sample.CompletionTokens} |");
        Line($"");
        Line($"## Limitations");
        Line($"");
        Line($"It has seen only its small corpus: outside it, it falls back on the sentences it knows, and it states");
        Line($"wrong things with confidence. Byte-level generation with {s.Parameters / 1e6:F1}M parameters is cheap, which is the point:");
        Line($"it exercises the whole serving path (tokenizer, chat template, batching engine, stop tokens) in tests and demos.");
        File.WriteAllText(path, card.ToString());
    }

    /// <summary>A Markdown table cell: pipes escaped, line breaks shown as spaces.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
