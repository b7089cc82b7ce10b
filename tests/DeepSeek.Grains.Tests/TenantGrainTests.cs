using System.Text.Json;
using DeepSeek.Grains.Tenants;

namespace DeepSeek.Grains.Tests;

/// <summary>A tenant's keys and rate limits, through its grain.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TenantGrainTests(ClusterFixture cluster)
{
    private const int Timeout = 30_000;
    private static int _tenants;

    [Fact(Timeout = Timeout)]
    public async Task StoredStateHoldsTheKeysHashButNeverTheKey()
    {
        var (tenant, _) = await CreateAsync();

        var issued = await tenant.CreateKeyAsync(KeyRoles.User, "ci");

        var stored = await cluster.ReadStoredStateAsync<TenantState>(tenant, "tenant");
        var text = JsonSerializer.Serialize(stored);
        Assert.DoesNotContain(issued.Key, text);
        Assert.DoesNotContain(issued.Key[^64..], text);
        Assert.Equal(ApiKeys.Hash(issued.Key), Assert.Single(stored.Keys).Hash);
        Assert.DoesNotContain(issued.Key, JsonSerializer.Serialize(await tenant.ListKeysAsync()));
        Assert.True((await tenant.AuthorizeAsync(ApiKeys.Hash(issued.Key), 0, countRequest: false)).Authenticated);
    }

    [Fact(Timeout = Timeout)]
    public async Task OnlyTheExactKeyAuthenticatesWithItsRole()
    {
        var (tenant, id) = await CreateAsync();
        var admin = await tenant.CreateKeyAsync(KeyRoles.Admin, null);

        var decision = await tenant.AuthorizeAsync(ApiKeys.Hash(admin.Key), 0, countRequest: false);
        var other = await tenant.AuthorizeAsync(ApiKeys.Hash(ApiKeys.Generate(id)), 0, countRequest: false);

        Assert.True(decision.Admitted);
        Assert.Equal(KeyRoles.Admin, decision.Role);
        Assert.Equal(admin.Info.Id, decision.KeyId);
        Assert.False(other.Authenticated);
        Assert.False(other.Admitted);
    }

    [Fact(Timeout = Timeout)]
    public async Task ARevokedKeyNoLongerAuthenticates()
    {
        var (tenant, _) = await CreateAsync();
        var kept = await tenant.CreateKeyAsync(KeyRoles.User, null);
        var revoked = await tenant.CreateKeyAsync(KeyRoles.User, null);

        Assert.True(await tenant.RevokeKeyAsync(revoked.Info.Id));

        Assert.False((await tenant.AuthorizeAsync(ApiKeys.Hash(revoked.Key), 0, countRequest: false)).Authenticated);
        Assert.True((await tenant.AuthorizeAsync(ApiKeys.Hash(kept.Key), 0, countRequest: false)).Authenticated);
        Assert.False(await tenant.RevokeKeyAsync("key_0000000000000000"));
        var keys = await tenant.ListKeysAsync();
        Assert.NotNull(keys.Single(k => k.Id == revoked.Info.Id).RevokedAt);
        Assert.Equal(1, (await tenant.GetAsync())!.ActiveKeys);
    }

    [Fact(Timeout = Timeout)]
    public async Task ARevokedBootstrapKeyStaysRevokedWhenConfiguredAgain()
    {
        var (tenant, id) = await CreateAsync();
        var key = ApiKeys.Generate(id);
        var info = await tenant.EnsureKeyAsync(ApiKeys.Hash(key), ApiKeys.Preview(key), KeyRoles.Admin, "bootstrap");

        await tenant.RevokeKeyAsync(info.Id);
        var again = await tenant.EnsureKeyAsync(ApiKeys.Hash(key), ApiKeys.Preview(key), KeyRoles.Admin, "bootstrap");

        Assert.Equal(info.Id, again.Id);
        Assert.NotNull(again.RevokedAt);
        Assert.False((await tenant.AuthorizeAsync(ApiKeys.Hash(key), 0, countRequest: false)).Authenticated);
    }

    [Fact(Timeout = Timeout)]
    public async Task TheRequestBucketRefusesTheThirdRequestOfTwoPerMinuteWithARetryAfter()
    {
        var (tenant, _) = await CreateAsync(new TenantLimits { RequestsPerMinute = 2, TokensPerMinute = 0 });
        var hash = ApiKeys.Hash((await tenant.CreateKeyAsync(KeyRoles.User, null)).Key);

        var first = await tenant.AuthorizeAsync(hash, 10, countRequest: true);
        var second = await tenant.AuthorizeAsync(hash, 10, countRequest: true);
        var third = await tenant.AuthorizeAsync(hash, 10, countRequest: true);
        var uncounted = await tenant.AuthorizeAsync(hash, 10, countRequest: false);

        Assert.True(first.Admitted);
        Assert.True(second.Admitted);
        Assert.True(third.Authenticated);
        Assert.False(third.Admitted);
        // Two a minute refill one every 30 seconds.
        Assert.InRange(third.RetryAfterSeconds!.Value, 1, 30);
        Assert.Contains("Rate limit", third.Reason);
        Assert.True(uncounted.Admitted);
    }

    [Fact(Timeout = Timeout)]
    public async Task TheTokenBucketRefusesARequestWhoseEstimateNoLongerFits()
    {
        var (tenant, _) = await CreateAsync(new TenantLimits { RequestsPerMinute = 0, TokensPerMinute = 600 });
        var hash = ApiKeys.Hash((await tenant.CreateKeyAsync(KeyRoles.User, null)).Key);

        var first = await tenant.AuthorizeAsync(hash, 500, countRequest: true);
        var second = await tenant.AuthorizeAsync(hash, 500, countRequest: true);
        await tenant.ChargeTokensAsync(100);
        var small = await tenant.AuthorizeAsync(hash, 50, countRequest: true);

        Assert.True(first.Admitted);
        Assert.False(second.Admitted);
        // 400 more tokens at 10 a second.
        Assert.InRange(second.RetryAfterSeconds!.Value, 35, 41);
        Assert.False(small.Admitted);
    }

    [Fact(Timeout = Timeout)]
    public async Task DisablingATenantRevokesEveryKeyAndRefusesNewOnes()
    {
        var (tenant, _) = await CreateAsync();
        var key = await tenant.CreateKeyAsync(KeyRoles.Admin, null);

        await tenant.DisableAsync();

        var info = await tenant.GetAsync();
        Assert.True(info!.Disabled);
        Assert.Equal(0, info.ActiveKeys);
        Assert.All(await tenant.ListKeysAsync(), k => Assert.NotNull(k.RevokedAt));
        Assert.False((await tenant.AuthorizeAsync(ApiKeys.Hash(key.Key), 0, countRequest: false)).Authenticated);
        var refused = await Assert.ThrowsAsync<PlatformException>(() => tenant.CreateKeyAsync(KeyRoles.User, null));
        Assert.Equal("tenant_disabled", refused.Code);
    }

    [Fact(Timeout = Timeout)]
    public async Task LeasesNeverAddUpToMoreThanTheBucketHolds()
    {
        var (tenant, _) = await CreateAsync(new TenantLimits { RequestsPerMinute = 600, TokensPerMinute = 60_000 });
        var hash = ApiKeys.Hash((await tenant.CreateKeyAsync(KeyRoles.User, null)).Key);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var requests = 0;
        var tokens = 0;
        AccessLease lease;
        while ((lease = await tenant.LeaseAsync(hash, new LeaseRequest { CountRequest = true, Tokens = 10 })).Decision.Admitted)
        {
            // 2 % of the limit per lease, the request at hand included.
            Assert.InRange(lease.Requests!.Value, 0, 11);
            Assert.InRange(lease.Tokens!.Value, 0, 1_190);
            requests += 1 + lease.Requests.Value;
            tokens += 10 + lease.Tokens.Value;
        }

        // Whatever was admitted or leased came out of the buckets (plus what they refilled meanwhile).
        var refilled = watch.Elapsed.TotalSeconds;
        Assert.InRange(requests, 550, 600 + (int)Math.Ceiling(refilled * 10));
        Assert.InRange(tokens, 0, 60_000 + (int)Math.Ceiling(refilled * 1_000));
        Assert.InRange(lease.Decision.RetryAfterSeconds!.Value, 1, 60);
        Assert.Equal(0, lease.Requests);
    }

    [Fact(Timeout = Timeout)]
    public async Task ALeaseOfAnUnlimitedTenantIsUnlimitedAndOneOfAnUncountedRequestHoldsNothing()
    {
        var (unlimited, _) = await CreateAsync();
        var limited = (await CreateAsync(new TenantLimits { RequestsPerMinute = 600, TokensPerMinute = 0 })).Grain;
        var unlimitedHash = ApiKeys.Hash((await unlimited.CreateKeyAsync(KeyRoles.User, null)).Key);
        var limitedHash = ApiKeys.Hash((await limited.CreateKeyAsync(KeyRoles.User, null)).Key);

        var free = await unlimited.LeaseAsync(unlimitedHash, new LeaseRequest { CountRequest = true, Tokens = 10 });
        var uncounted = await limited.LeaseAsync(limitedHash, new LeaseRequest { CountRequest = false });

        Assert.True(free.Decision.Admitted);
        Assert.Null(free.Requests);
        Assert.Null(free.Tokens);
        Assert.InRange(free.ValidFor, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));
        Assert.True(uncounted.Decision.Admitted);
        Assert.Equal(0, uncounted.Requests);
        Assert.Null(uncounted.Tokens);
    }

    [Fact(Timeout = Timeout)]
    public async Task RequestsAGatewayHandsBackGoBackIntoTheBucket()
    {
        var (tenant, _) = await CreateAsync(new TenantLimits { RequestsPerMinute = 100, TokensPerMinute = 0 });
        var hash = ApiKeys.Hash((await tenant.CreateKeyAsync(KeyRoles.User, null)).Key);
        while ((await tenant.LeaseAsync(hash, new LeaseRequest { CountRequest = true })).Decision.Admitted)
        {
        }

        var refused = await tenant.LeaseAsync(hash, new LeaseRequest { CountRequest = true });
        var returned = await tenant.LeaseAsync(hash, new LeaseRequest { CountRequest = true, ReturnedRequests = 5 });

        Assert.False(refused.Decision.Admitted);
        Assert.True(returned.Decision.Admitted);
        Assert.InRange(returned.Requests!.Value, 1, 1); // a lease is 2 % of 100: this request and one more
    }

    [Fact(Timeout = Timeout)]
    public async Task RevokingAKeyOrDisablingTheTenantTellsEveryGatewayHoldingALeaseBeforeItReturns()
    {
        var (tenant, _) = await CreateAsync();
        var revoked = await tenant.CreateKeyAsync(KeyRoles.User, null);
        var holder = new RecordingHolder();
        var reference = cluster.Grains.CreateObjectReference<ILeaseHolder>(holder);
        await tenant.LeaseAsync(ApiKeys.Hash(revoked.Key), new LeaseRequest { CountRequest = true, Holder = reference });

        await tenant.RevokeKeyAsync(revoked.Info.Id);
        var afterRevoke = holder.Forgotten.Count;
        var refused = await tenant.LeaseAsync(ApiKeys.Hash(revoked.Key), new LeaseRequest { CountRequest = true, Holder = reference });
        await tenant.DisableAsync();

        Assert.Equal(1, afterRevoke);
        Assert.False(refused.Decision.Authenticated);
        // The refused lease still registered the gateway, so disabling the tenant told it too.
        Assert.Equal(2, holder.Forgotten.Count);
        Assert.All(holder.Forgotten, t => Assert.Equal(tenant.GetPrimaryKeyString(), t));
    }

    private sealed class RecordingHolder : ILeaseHolder
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Forgotten { get; } = new();

        public Task ForgetAsync(string tenantId)
        {
            Forgotten.Enqueue(tenantId);
            return Task.CompletedTask;
        }
    }

    [Fact(Timeout = Timeout)]
    public async Task ATenantNeedsAValidIdAndLimitsThatAreNotNegative()
    {
        var badId = await Assert.ThrowsAsync<PlatformException>(() =>
            cluster.Grains.GetGrain<ITenantGrain>("Not Valid").CreateAsync("x", new TenantLimits()));
        var negative = await Assert.ThrowsAsync<PlatformException>(() =>
            cluster.Grains.GetGrain<ITenantGrain>($"negative_{Interlocked.Increment(ref _tenants)}")
                .CreateAsync("x", new TenantLimits { RequestsPerMinute = -1 }));
        var missing = await Assert.ThrowsAsync<PlatformException>(() =>
            cluster.Grains.GetGrain<ITenantGrain>("never_created").CreateKeyAsync(KeyRoles.User, null));

        Assert.Equal(400, badId.Status);
        Assert.Equal(400, negative.Status);
        Assert.Equal(404, missing.Status);
    }

    private async Task<(ITenantGrain Grain, string Id)> CreateAsync(TenantLimits? limits = null)
    {
        var id = $"tenant_{Interlocked.Increment(ref _tenants)}";
        var grain = cluster.Grains.GetGrain<ITenantGrain>(id);
        await grain.CreateAsync(id, limits ?? new TenantLimits { RequestsPerMinute = 0, TokensPerMinute = 0 });
        return (grain, id);
    }
}
