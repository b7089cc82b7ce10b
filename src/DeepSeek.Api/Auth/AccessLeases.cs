using System.Collections.Concurrent;
using DeepSeek.Grains.Tenants;

namespace DeepSeek.Api.Auth;

/// <summary>
/// The gateway's copy of what tenant grains told it: keys it may trust (by hash) and each tenant's leased
/// share of its rate-limit budget. A request whose key is fresh and whose tenant's lease is not spent is
/// decided here, without a grain call; otherwise one lease call renews both, and requests of the same key
/// that arrive meanwhile wait for it instead of making their own.
/// </summary>
/// <remarks>
/// The limits still hold for the whole cluster: the tenant grain takes every lease from its buckets before
/// handing it out, so the leases of all gateways never add up to more than the buckets held. Trust ends when
/// the lease expires (<see cref="AccessLease.ValidFor"/>, about a second) or sooner, when the tenant grain
/// calls <see cref="ForgetAsync"/> because a key was revoked or the tenant was disabled or changed.
/// </remarks>
public sealed class AccessLeases(Func<string, string, LeaseRequest, Task<AccessLease>> lease, TimeProvider clock) : ILeaseHolder
{
    /// <summary>Entries kept before expired ones are swept (a gateway usually sees far fewer keys).</summary>
    internal const int SweepThreshold = 4096;

    private readonly ConcurrentDictionary<string, TrustedKey> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Budget> _budgets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _renewals = new(StringComparer.Ordinal);
    private readonly Lock _forgetting = new();
    private long _generation;

    /// <summary>
    /// Decides whether the key (by hash) of <paramref name="tenantId"/> may make a request now; when
    /// <paramref name="countRequest"/>, admitting it spends one request and <paramref name="tokens"/> tokens.
    /// </summary>
    public async ValueTask<AccessDecision> AuthorizeAsync(string tenantId, string keyHash, int tokens, bool countRequest)
    {
        tokens = Math.Max(0, tokens);
        var budget = countRequest ? _budgets.GetOrAdd(tenantId, _ => new Budget()) : null;
        for (var waited = false; ; waited = true)
        {
            var now = clock.GetTimestamp();
            if (_keys.TryGetValue(keyHash, out var key) && key.ExpiresAt > now && key.TenantId == tenantId)
            {
                if (budget is null) return key.Decision;
                lock (budget)
                {
                    if (budget.TrySpend(now, tokens)) return key.Decision;
                }
            }
            // Someone is already asking for this key: its answer may cover this request too.
            if (waited || !_renewals.TryGetValue(keyHash, out var pending)) break;
            await pending;
        }
        return await RenewAsync(tenantId, keyHash, tokens, countRequest, budget);
    }

    /// <summary>Drops every trusted key and the lease of a tenant; renewals already under way are not kept.</summary>
    public Task ForgetAsync(string tenantId)
    {
        lock (_forgetting)
        {
            _generation++;
            foreach (var (hash, key) in _keys)
            {
                if (key.TenantId == tenantId) _keys.TryRemove(KeyValuePair.Create(hash, key));
            }
            _budgets.TryRemove(tenantId, out _);
        }
        return Task.CompletedTask;
    }

    private async Task<AccessDecision> RenewAsync(string tenantId, string keyHash, int tokens, bool countRequest, Budget? budget)
    {
        long generation;
        lock (_forgetting) generation = _generation;
        var asked = clock.GetTimestamp();
        var request = new LeaseRequest { CountRequest = countRequest, Tokens = tokens };
        if (budget is not null)
        {
            // What is left of the previous lease goes back to the bucket; the new lease replaces it.
            lock (budget) request = budget.HandBack(request);
        }
        // Completes once the answer is stored (or the call failed), never with an error: waiters then look again.
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registered = _renewals.TryAdd(keyHash, stored.Task);
        try
        {
            return Store(tenantId, keyHash, budget, generation, asked, await lease(tenantId, keyHash, request));
        }
        finally
        {
            if (registered) _renewals.TryRemove(KeyValuePair.Create(keyHash, stored.Task));
            stored.SetResult();
        }
    }

    private AccessDecision Store(string tenantId, string keyHash, Budget? budget, long generation, long asked, AccessLease answer)
    {
        var decision = answer.Decision;
        if (!decision.Authenticated)
        {
            _keys.TryRemove(keyHash, out _);
            return decision;
        }
        var expiresAt = asked + (long)(answer.ValidFor.TotalSeconds * clock.TimestampFrequency);
        lock (_forgetting)
        {
            // Forgotten while asking: the tenant grain changed something after (or while) deciding this request.
            if (_generation != generation) return decision;
            if (_keys.Count >= SweepThreshold) Sweep(asked);
            _keys[keyHash] = new TrustedKey(tenantId, decision with { RetryAfterSeconds = null, Reason = null }, expiresAt);
            if (budget is not null && decision.Admitted)
            {
                lock (budget) budget.Add(answer, expiresAt, clock.GetTimestamp());
            }
        }
        return decision;
    }

    private void Sweep(long now)
    {
        foreach (var (hash, key) in _keys)
        {
            if (key.ExpiresAt <= now) _keys.TryRemove(KeyValuePair.Create(hash, key));
        }
        foreach (var (tenant, budget) in _budgets)
        {
            bool expired;
            lock (budget) expired = budget.ExpiresAt <= now;
            if (expired) _budgets.TryRemove(KeyValuePair.Create(tenant, budget));
        }
    }

    private sealed record TrustedKey(string TenantId, AccessDecision Decision, long ExpiresAt);

    /// <summary>A tenant's lease on this gateway; null amounts mean the tenant has no such limit. Guarded by its own lock.</summary>
    private sealed class Budget
    {
        private int? _requests = 0;
        private int? _tokens = 0;

        public long ExpiresAt { get; private set; }

        public bool TrySpend(long now, int tokens)
        {
            if (ExpiresAt <= now || _requests < 1 || _tokens < tokens) return false;
            _requests -= 1;
            _tokens -= tokens;
            return true;
        }

        public LeaseRequest HandBack(LeaseRequest request)
        {
            var returned = request with { ReturnedRequests = _requests ?? 0, ReturnedTokens = _tokens ?? 0 };
            _requests = 0;
            _tokens = 0;
            ExpiresAt = 0;
            return returned;
        }

        public void Add(AccessLease lease, long expiresAt, long now)
        {
            // Another renewal may have landed meanwhile: an unexpired lease adds up, an expired one is replaced.
            var live = ExpiresAt > now;
            _requests = lease.Requests is { } r ? (live ? _requests ?? 0 : 0) + r : null;
            _tokens = lease.Tokens is { } t ? (live ? _tokens ?? 0 : 0) + t : null;
            ExpiresAt = Math.Max(live ? ExpiresAt : 0, expiresAt);
        }
    }
}
