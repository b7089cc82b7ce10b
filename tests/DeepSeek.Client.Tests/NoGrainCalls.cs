using System.Reflection;

namespace DeepSeek.Client.Tests;

/// <summary>An <see cref="IGrainFactory"/> that fails any use: proof that rejected arguments never reach the cluster.</summary>
public class NoGrainCalls : DispatchProxy
{
    public static IGrainFactory Create() => DispatchProxy.Create<IGrainFactory, NoGrainCalls>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        throw new InvalidOperationException($"Unexpected grain factory call {targetMethod?.Name}: the argument should have been rejected first.");
}
