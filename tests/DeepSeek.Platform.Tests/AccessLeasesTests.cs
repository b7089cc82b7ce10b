using DeepSeek.Api.Auth;
using DeepSeek.Grains.Tenants;

namespace DeepSeek.Platform.Tests;

/// <summary>The gateway's leases, against a scripted tenant grain and a clock that moves only when told.</summary>
public sealed class AccessLeasesTests
{
    private const string Tenant = "acme";
    private const string Key = "hash-of-a-key";
    private static readonly TimeSpan ValidFor = TimeSpan.FromSeconds(1);

    private readonly ManualClock _clock = new();

    [Fact]
    public async Task AKeyIsCheckedOncePerLeaseAndAgainWhenTheLeaseExpires()
    {
        var grain = new ScriptedGrain { Answer = _ => Admit(requests: null, tokens: null) };
        var leases = new AccessLeases(grain.LeaseAsync, _clock);

        for (var i = 0; i < 100; i++) Assert.True((await leases.AuthorizeAsync(Tenant, Key, 10, countRequest: true)).Admitted);
        Assert.True((await leases.AuthorizeAsync(Tenant, Key, 0, countRequest: false)).Admitted);
        _clock.Advance(ValidFor);
        Assert.True((await leases.AuthorizeAsync(Tenant, Key, 10, countRequest: true)).Admitted);

        Assert.Equal(2, grain.Calls.Count);
    }

    [Fact]
    public async Task ARevokedKeyIsRefusedOnceTheLeaseExpiresEvenWhenNobodyTellsTheGateway()
    {
        var revoked = false;
        var grain = new ScriptedGrain { Answer = _ => revoked ? Refuse() : Admit(requests: null, tokens: null) };
        var leases = new AccessLeases(grain.LeaseAsync, _clock);
        await leases.AuthorizeAsync(Tenant, Key, 0, countRequest: true);

        revoked = true;
        _clock.Advance(ValidFor - TimeSpan.FromMilliseconds(1));
        var stillTrusted = await leases.AuthorizeAsync(Tenant, Key, 0, countRequest: true);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var expired = await leases.AuthorizeAsync(Tenant, Key, 0, countRequest: true);
        var uncounted = await leases.AuthorizeAsync(Tenant, Key, 0, countRequest: false);

        Assert.True(stillTrusted.Admitted);
        Assert.False(expired.Authenticated);
        Assert.False(uncounted.Authenticated);
    }

    [Fact]
    public async Task ForgettingATenantDropsItsKeysAndLeaseAtOnce()
    {
        var revoked = false;
        var grain = new ScriptedGrain { Answer = _ => revoked ? Refuse() : Admit(requests: 100, tokens: null) };
        var leases = new AccessLeases(grain.LeaseAsync, _clock);
        await leases.AuthorizeAsync(Tenant, Key, 0, countRequest: true);
        await leases.AuthorizeAsync("other", "other-key", 0, countRequest: false);

        revoked = true;
        await leases.ForgetAsync(Tenant);

        Assert.False((await leases.AuthorizeAsync(Tenant, Key, 0, countRequest: true)).Authenticated);
        Assert.False((await leases.AuthorizeAsync(Tenant, Key, 0, countRequest: false)).Authenticated);
        Assert.Equal(4, grain.Calls.Count);
        // Other tenants are not affected.
        Assert.True((await leases.AuthorizeAsync("other", "other-key", 0, countRequest: false)).Admitted);
        Assert.Equal(4, grain.Calls.Count);
    }

    [Fact]
    public async Task AGatewayAdmitsExactlyWhatTheBucketHeldAndHandsBackWhatItDidNotUse()
    {
        // A bucket of 10 requests that never refills, leased 3 at a time (the request at hand and 2 more).
        var level = 10;
        var grain = new ScriptedGrain
        {
            Answer = request =>
            {
                level += request.ReturnedRequests;
                if (level < 1) return Admit(0, null) with { Decision = Admit(0, null).Decision with { RetryAfterSeconds = 6, Reason = "Rate limit reached." } };
                var spare = Math.Min(2, level - 1);
                level -= 1 + spare;
                return Admit(spare, null);
            },
        };
        var leases = new AccessLeases(grain.LeaseAsync, _clock);

        var admitted = 0;
        for (var i = 0; i < 40; i++)
        {
            var decision = await leases.AuthorizeAsync(Tenant, Key, 0, countRequest: true);
            if (decision.Admitted) admitted++;
            else Assert.Equal(6, decision.RetryAfterSeconds);
            // Every third request comes after the lease expired, with some of it unspent.
            if (i % 3 == 1) _clock.Advance(ValidFor);
        }

        Assert.Equal(10, admitted);
        Assert.Equal(0, level);
        Assert.Contains(grain.Calls, c => c.ReturnedRequests > 0);
    }

    [Fact]
    public async Task ALeaseIsSpentOnTokensToo()
    {
        var grain = new ScriptedGrain { Answer = _ => Admit(requests: null, tokens: 100) };
        var leases = new AccessLeases(grain.LeaseAsync, _clock);

        await leases.AuthorizeAsync(Tenant, Key, 50, countRequest: true); // asks: the lease holds 100 more
        await leases.AuthorizeAsync(Tenant, Key, 60, countRequest: true); // fits: 40 left
        await leases.AuthorizeAsync(Tenant, Key, 50, countRequest: true); // does not fit: asks, handing back 40

        Assert.Equal(2, grain.Calls.Count);
        Assert.Equal(40, grain.Calls[1].ReturnedTokens);
        Assert.Equal(50, grain.Calls[1].Tokens);
    }

    [Fact]
    public async Task ConcurrentRequestsOfAKeyWaitForOneRenewal()
    {
        var answer = new TaskCompletionSource<AccessLease>();
        var grain = new ScriptedGrain { Pending = answer.Task };
        var leases = new AccessLeases(grain.LeaseAsync, _clock);

        var requests = Enumerable.Range(0, 20).Select(_ => leases.AuthorizeAsync(Tenant, Key, 1, countRequest: true).AsTask()).ToList();
        answer.SetResult(Admit(requests: 50, tokens: null));
        var decisions = await Task.WhenAll(requests);

        Assert.All(decisions, d => Assert.True(d.Admitted));
        Assert.Single(grain.Calls);
    }

    [Fact]
    public async Task ALeaseGrantedWhileTheTenantWasForgottenIsNotKept()
    {
        var answer = new TaskCompletionSource<AccessLease>();
        var grain = new ScriptedGrain { Pending = answer.Task };
        var leases = new AccessLeases(grain.LeaseAsync, _clock);

        var inFlight = leases.AuthorizeAsync(Tenant, Key, 0, countRequest: true).AsTask();
        await leases.ForgetAsync(Tenant);
        answer.SetResult(Admit(requests: 50, tokens: null));
        var decided = await inFlight;
        grain.Pending = null;
        grain.Answer = _ => Refuse();
        var next = await leases.AuthorizeAsync(Tenant, Key, 0, countRequest: true);

        Assert.True(decided.Admitted);
        Assert.False(next.Authenticated);
        Assert.Equal(2, grain.Calls.Count);
    }

    private static AccessLease Admit(int? requests, int? tokens) => new()
    {
        Decision = new AccessDecision { Authenticated = true, Role = KeyRoles.User, KeyId = "key_1" },
        Requests = requests,
        Tokens = tokens,
        ValidFor = ValidFor,
    };

    private static AccessLease Refuse() => new() { Decision = new AccessDecision { Reason = "Invalid or revoked API key." }, ValidFor = ValidFor };

    /// <summary>A tenant grain that answers from a script and records what it was asked.</summary>
    private sealed class ScriptedGrain
    {
        public List<LeaseRequest> Calls { get; } = [];

        public Func<LeaseRequest, AccessLease> Answer { get; set; } = _ => throw new InvalidOperationException("No answer scripted.");

        public Task<AccessLease>? Pending { get; set; }

        public Task<AccessLease> LeaseAsync(string tenantId, string keyHash, LeaseRequest request)
        {
            lock (Calls) Calls.Add(request);
            return Pending ?? Task.FromResult(Answer(request));
        }
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = DateTimeOffset.UnixEpoch.UtcTicks;

        public override long GetTimestamp() => _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
