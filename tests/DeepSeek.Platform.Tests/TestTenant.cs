namespace DeepSeek.Platform.Tests;

/// <summary>A tenant created for one test, with one key of each role.</summary>
public sealed record TestTenant(string Id, string AdminKey, string UserKey);
