namespace DeepSeek.Silo.Hosting;

/// <summary>First-start settings (configuration section <c>DeepSeek:Bootstrap</c>).</summary>
public sealed class BootstrapOptions
{
    /// <summary>The platform admin key. When empty, one is generated and written to <see cref="AdminKeyFile"/>.</summary>
    public string? AdminKey { get; set; }

    /// <summary>Where a generated admin key is kept (relative to the working directory).</summary>
    public string AdminKeyFile { get; set; } = ".deepseek/admin.key";

    /// <summary>Create the platform tenant and its admin key at start-up (on the silo that hosts the auth role).</summary>
    public bool Enabled { get; set; } = true;
}
