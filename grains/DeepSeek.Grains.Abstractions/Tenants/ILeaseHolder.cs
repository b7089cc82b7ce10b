namespace DeepSeek.Grains.Tenants;

/// <summary>A gateway that trusts keys and spends leases of tenants; their grains tell it when to stop.</summary>
[Alias("deepseek.lease-holder")]
public interface ILeaseHolder : IGrainObserver
{
    /// <summary>Drops every key and lease of the tenant: a key was revoked, or the tenant disabled or changed.</summary>
    [Alias("forget")] Task ForgetAsync(string tenantId);
}
