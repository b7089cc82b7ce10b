namespace DeepSeek.Grains.Tenants;

/// <summary>A newly created key: the secret is returned once and cannot be recovered later.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.issued-key")]
public sealed record IssuedKey([property: Id(0)] string Key, [property: Id(1)] ApiKeyInfo Info);
