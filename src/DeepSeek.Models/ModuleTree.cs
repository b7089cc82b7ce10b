using static TorchSharp.torch;

namespace DeepSeek.Models;

/// <summary>Helpers for editing a registered module tree.</summary>
internal static class ModuleTree
{
    /// <summary>Swaps the submodule registered under <paramref name="name"/> (registering null removes it).</summary>
    public static void Replace(nn.Module parent, string name, nn.Module replacement)
    {
        parent.register_module(name, null!);
        parent.register_module(name, replacement);
    }
}
