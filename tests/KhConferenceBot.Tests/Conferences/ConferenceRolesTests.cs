using System.Security.Claims;
using KhConferenceBot.Conferences;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Conferences;

/// <summary>Who may do what, per conference, stored in Azure Tables (Azurite) and changeable.</summary>
[Collection(StorageCollection.Name)]
public sealed class ConferenceRolesTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Second = "nha-trang-2026";
    private BotTestHost _host = null!;

    private ConferenceRoles Roles => _host.Service<ConferenceRoles>();

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Sample_ConfiguredCreator_IsItsOrganizerAndNobodyElseHoldsARole()
    {
        Assert.Equal(ConferenceRole.Organizer, await Roles.GetAsync(BotTestHost.SampleId, TestUsers.Organizer.AadObjectId, CancellationToken.None));
        Assert.Equal(ConferenceRole.None, await Roles.GetAsync(BotTestHost.SampleId, TestUsers.Hung.AadObjectId, CancellationToken.None));
        Assert.Equal(ConferenceRole.None, await Roles.GetAsync(BotTestHost.SampleId, null, CancellationToken.None));
    }

    [Fact]
    public async Task Grant_TwoRolesInTwoCalls_AddsUpAndIsListedForThatConferenceOnly()
    {
        await Roles.GrantAsync(Second, TestUsers.Hung.AadObjectId, ConferenceRole.Reception, "Nguyễn Văn Hùng", "hung@khanhhoa.example", TestUsers.ThuHa.AadObjectId, CancellationToken.None);
        await Roles.GrantAsync(Second, TestUsers.Hung.AadObjectId.ToUpperInvariant(), ConferenceRole.Organizer, null, null, TestUsers.ThuHa.AadObjectId, CancellationToken.None);

        var member = Assert.Single(await Roles.ListAsync(Second, CancellationToken.None));
        Assert.Equal(ConferenceRole.Organizer | ConferenceRole.Reception, member.Roles);
        Assert.Equal(("Nguyễn Văn Hùng", "hung@khanhhoa.example"), (member.Name, member.Email));
        Assert.Equal(ConferenceRole.None, await Roles.GetAsync(BotTestHost.SampleId, TestUsers.Hung.AadObjectId, CancellationToken.None));
        Assert.Equal([Second], (await Roles.ConferencesOfAsync(TestUsers.Hung.AadObjectId, CancellationToken.None)).Select(c => c.ConferenceId));
    }

    [Fact]
    public async Task Revoke_LastOrganizer_RefusedAndKept()
    {
        var change = await Roles.RevokeAsync(BotTestHost.SampleId, TestUsers.Organizer.AadObjectId, ConferenceRole.Organizer, CancellationToken.None);

        Assert.Equal(RoleChangeRefusal.LastOrganizer, change.Refusal);
        Assert.Equal(ConferenceRole.Organizer, await Roles.GetAsync(BotTestHost.SampleId, TestUsers.Organizer.AadObjectId, CancellationToken.None));
    }

    [Fact]
    public async Task Revoke_OneOfTwoOrganizers_GoneFromRoleAndIndex()
    {
        await Roles.GrantAsync(BotTestHost.SampleId, TestUsers.Hung.AadObjectId, ConferenceRole.Organizer, null, null, null, CancellationToken.None);

        var change = await Roles.RevokeAsync(BotTestHost.SampleId, TestUsers.Hung.AadObjectId, ConferenceRole.Organizer, CancellationToken.None);

        Assert.Null(change.Refusal);
        Assert.Equal(ConferenceRole.None, await Roles.GetAsync(BotTestHost.SampleId, TestUsers.Hung.AadObjectId, CancellationToken.None));
        Assert.Empty(await Roles.ConferencesOfAsync(TestUsers.Hung.AadObjectId, CancellationToken.None));
    }

    [Fact]
    public void IsCreator_BootstrapListOrAppRole()
    {
        var byList = new ClaimsPrincipal(new ClaimsIdentity([new Claim("oid", TestUsers.Organizer.AadObjectId)], "test"));
        var byAppRole = new ClaimsPrincipal(new ClaimsIdentity([new Claim("oid", TestUsers.Hung.AadObjectId), new Claim("roles", ConferenceRoles.CreatorAppRole)], "test"));
        var neither = new ClaimsPrincipal(new ClaimsIdentity([new Claim("oid", TestUsers.Hung.AadObjectId), new Claim("roles", "Organizer")], "test"));

        Assert.True(Roles.IsCreator(byList));
        Assert.True(Roles.IsCreator(byAppRole));
        Assert.False(Roles.IsCreator(neither));
        Assert.True(Roles.IsCreator(TestUsers.Organizer.AadObjectId));
        Assert.False(Roles.IsCreator(TestUsers.Hung.AadObjectId));
    }
}
