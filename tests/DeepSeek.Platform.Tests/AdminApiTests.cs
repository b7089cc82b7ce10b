using System.Net;

namespace DeepSeek.Platform.Tests;

/// <summary>Tenants and keys over HTTP: what each kind of key may administer.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AdminApiTests(PlatformFixture platform)
{
    private const int Timeout = 90_000;

    [Fact(Timeout = Timeout)]
    public async Task AUserKeyOnAnAdminEndpointIsRefusedWith403()
    {
        var tenant = await platform.CreateTenantAsync("userkey");

        ApiAssert.Error(await platform.Api.GetAsync($"/v1/admin/tenants/{tenant.Id}/keys", tenant.UserKey),
            HttpStatusCode.Forbidden, code: "insufficient_permissions");
        ApiAssert.Error(await platform.Api.PostAsync($"/v1/admin/tenants/{tenant.Id}/keys", tenant.UserKey, new { role = "admin" }),
            HttpStatusCode.Forbidden);
        ApiAssert.Error(await platform.Api.GetAsync("/v1/admin/tenants", tenant.UserKey), HttpStatusCode.Forbidden);
    }

    [Fact(Timeout = Timeout)]
    public async Task ATenantAdminCannotManageAnotherTenant()
    {
        var a = await platform.CreateTenantAsync("admina");
        var b = await platform.CreateTenantAsync("adminb");
        var bKeys = await platform.Api.GetAsync($"/v1/admin/tenants/{b.Id}/keys", b.AdminKey);
        var bKeyId = bKeys.Json.GetProperty("data")[0].GetProperty("id").GetString();

        ApiAssert.Error(await platform.Api.GetAsync($"/v1/admin/tenants/{b.Id}", a.AdminKey), HttpStatusCode.Forbidden);
        ApiAssert.Error(await platform.Api.GetAsync($"/v1/admin/tenants/{b.Id}/keys", a.AdminKey), HttpStatusCode.Forbidden);
        ApiAssert.Error(await platform.Api.PostAsync($"/v1/admin/tenants/{b.Id}/keys", a.AdminKey, new { role = "admin" }), HttpStatusCode.Forbidden);
        ApiAssert.Error(await platform.Api.DeleteAsync($"/v1/admin/tenants/{b.Id}/keys/{bKeyId}", a.AdminKey), HttpStatusCode.Forbidden);
        ApiAssert.Error(await platform.Api.DeleteAsync($"/v1/admin/tenants/{b.Id}", a.AdminKey), HttpStatusCode.Forbidden);
        ApiAssert.Error(await platform.Api.PostAsync("/v1/admin/tenants", a.AdminKey, new { id = "sneaky" }), HttpStatusCode.Forbidden);
        // B's keys are untouched.
        Assert.Equal(HttpStatusCode.OK, (await platform.Api.GetAsync("/v1/models", b.UserKey)).Status);
    }

    [Fact(Timeout = Timeout)]
    public async Task ATenantAdminManagesItsOwnKeysAndNoListingShowsASecret()
    {
        var tenant = await platform.CreateTenantAsync("ownkeys");

        var issued = await platform.Api.PostAsync($"/v1/admin/tenants/{tenant.Id}/keys", tenant.AdminKey, new { role = "user", name = "ci" });
        var listed = await platform.Api.GetAsync($"/v1/admin/tenants/{tenant.Id}/keys", tenant.AdminKey);

        Assert.Equal(HttpStatusCode.Created, issued.Status);
        var key = issued.Json.GetProperty("key").GetString()!;
        Assert.StartsWith($"sk-ds-{tenant.Id}-", key);
        Assert.Equal(HttpStatusCode.OK, (await platform.Api.GetAsync("/v1/models", key)).Status);
        Assert.Equal(3, listed.Json.GetProperty("data").GetArrayLength());
        Assert.DoesNotContain(key, listed.Body);
        Assert.DoesNotContain(tenant.UserKey, listed.Body);
        Assert.DoesNotContain(tenant.AdminKey, listed.Body);
    }

    [Fact(Timeout = Timeout)]
    public async Task ATenantIdThatIsNotLowercaseIsRefusedWith400()
    {
        var response = await platform.Api.PostAsync("/v1/admin/tenants", platform.AdminKey, new { id = "Not Valid" });

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "id");
    }
}
