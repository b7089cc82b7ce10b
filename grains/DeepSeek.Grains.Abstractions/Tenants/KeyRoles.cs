namespace DeepSeek.Grains.Tenants;

/// <summary>What an API key may do: use the platform, or also administer it.</summary>
public static class KeyRoles
{
    public const string User = "user";
    public const string Admin = "admin";

    public static bool IsValid(string role) => role is User or Admin;
}
