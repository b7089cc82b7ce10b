using System.Text.Json;
using static TorchSharp.torch;

namespace DeepSeek.Models.Tests;

public sealed class CausalLMTests
{
    [Fact]
    public void TinyLlamaConfigHasThePublishedParameterCount()
    {
        var config = JsonSerializer.Deserialize<ModelConfig>("""
            {"architectures":["LlamaForCausalLM"],"model_type":"llama","hidden_size":2048,"intermediate_size":5632,
             "num_attention_heads":32,"num_hidden_layers":22,"num_key_value_heads":4,"vocab_size":32000,
             "max_position_embeddings":2048,"rms_norm_eps":1e-05,"rope_theta":10000.0,"tie_word_embeddings":false,
             "hidden_act":"silu","bos_token_id":1,"eos_token_id":2}
            """)!;
        using var model = new CausalLM(config, META);
        Assert.Equal(1_100_048_384, model.ParameterCount);
        Assert.Contains("lm_head.weight", model.state_dict().Keys);
    }

    [Fact]
    public void Qwen25HalfBillionConfigHasThePublishedParameterCount()
    {
        var config = JsonSerializer.Deserialize<ModelConfig>("""
            {"architectures":["Qwen2ForCausalLM"],"model_type":"qwen2","hidden_size":896,"intermediate_size":4864,
             "num_attention_heads":14,"num_hidden_layers":24,"num_key_value_heads":2,"vocab_size":151936,
             "max_position_embeddings":32768,"rms_norm_eps":1e-06,"rope_theta":1000000.0,"tie_word_embeddings":true,
             "hidden_act":"silu","bos_token_id":151643,"eos_token_id":151643,"use_sliding_window":false}
            """)!;
        using var model = new CausalLM(config, META);
        Assert.Equal(494_032_768, model.ParameterCount);
        var keys = model.state_dict().Keys;
        Assert.Contains("model.layers.0.self_attn.q_proj.bias", keys);
        Assert.DoesNotContain("model.layers.0.self_attn.o_proj.bias", keys);
        Assert.DoesNotContain("lm_head.weight", keys);
    }

    [Fact]
    public void StateDictKeysAreTheHuggingFaceCheckpointKeys()
    {
        using var model = new CausalLM(TinyConfigs.Llama());
        var keys = model.state_dict().Keys.ToHashSet();
        string[] expected =
        [
            "model.embed_tokens.weight", "model.norm.weight", "lm_head.weight",
            "model.layers.1.self_attn.q_proj.weight", "model.layers.1.self_attn.k_proj.weight",
            "model.layers.1.self_attn.v_proj.weight", "model.layers.1.self_attn.o_proj.weight",
            "model.layers.1.mlp.gate_proj.weight", "model.layers.1.mlp.up_proj.weight", "model.layers.1.mlp.down_proj.weight",
            "model.layers.1.input_layernorm.weight", "model.layers.1.post_attention_layernorm.weight",
        ];
        foreach (var key in expected) Assert.Contains(key, keys);
        Assert.Equal(2 + 1 + 2 * 9, keys.Count);
    }

    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    public void IncrementalDecodingMatchesFullForward(string family)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var config = family == "llama" ? TinyConfigs.Llama() : TinyConfigs.Qwen2();
        using var model = new CausalLM(config);
        model.InitializeWeights(seed: 7);
        model.eval();
        var generator = new Generator(11);
        const int batch = 3, length = 24;
        var ids = randint(config.VocabSize, [batch, length], generator: generator);
        var full = model.forward(ids); // (B, T, V)

        using var cache = new KvCache(config, slots: batch, maxLength: 64);
        int[] slots = [0, 1, 2];
        // Prefill 8 tokens, then a 5-token chunk through the masked path, then single tokens.
        var pieces = new List<Tensor> { model.Forward(ids.narrow(1, 0, 8), cache, slots, [0, 0, 0], lastPositionOnly: false) };
        pieces.Add(model.Forward(ids.narrow(1, 8, 5), cache, slots, [8, 8, 8], lastPositionOnly: false));
        for (var p = 13; p < length; p++)
            pieces.Add(model.Forward(ids.narrow(1, p, 1), cache, slots, [p, p, p], lastPositionOnly: false));
        var incremental = cat(pieces, dim: 1);

        var maxError = (full - incremental).abs().max().item<float>();
        Assert.True(maxError <= 1e-4, $"max |full - cached| = {maxError}");
        Assert.True(full.argmax(-1).eq(incremental.argmax(-1)).all().item<bool>());
    }

    [Fact]
    public void RowsAtDifferentPositionsDecodeLikeTheyDoAlone()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var config = TinyConfigs.Llama();
        using var model = new CausalLM(config);
        model.InitializeWeights(seed: 3);
        var generator = new Generator(5);
        var a = randint(config.VocabSize, [1, 9], generator: generator);
        var b = randint(config.VocabSize, [1, 4], generator: generator);

        using var cache = new KvCache(config, slots: 4, maxLength: 32);
        // Sequence a in slot 3, sequence b in slot 1: prefill each alone, then decode both in one batch.
        model.Forward(a.narrow(1, 0, 8), cache, [3], [0]);
        model.Forward(b.narrow(1, 0, 3), cache, [1], [0]);
        var next = cat([a.narrow(1, 8, 1), b.narrow(1, 3, 1)], dim: 0); // (2, 1)
        var batched = model.Forward(next, cache, [3, 1], [8, 3]);        // (2, V)

        var aloneA = model.forward(a).select(1, 8);
        var aloneB = model.forward(b).select(1, 3);
        Assert.True((batched.select(0, 0) - aloneA.squeeze(0)).abs().max().item<float>() <= 1e-4);
        Assert.True((batched.select(0, 1) - aloneB.squeeze(0)).abs().max().item<float>() <= 1e-4);
    }

    [Fact]
    public void UnsupportedModelTypeIsAClearError()
    {
        var error = Assert.Throws<NotSupportedException>(() => new CausalLM(TinyConfigs.Llama() with { ModelType = "mamba" }));
        Assert.Contains("mamba", error.Message);
    }

    [Fact]
    public void TiedEmbeddingsShareTheEmbeddingMatrix()
    {
        using var model = new CausalLM(TinyConfigs.Llama(tied: true));
        Assert.DoesNotContain("lm_head.weight", model.state_dict().Keys);
        using var _ = no_grad();
        model.Body.EmbedTokens.weight!.zero_();
        using var logits = model.forward(tensor(new long[] { 1, 2 }).view(1, 2));
        Assert.Equal(0f, logits.abs().max().item<float>());
    }
}
