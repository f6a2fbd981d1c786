using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Outbox;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using KhConferenceBot.Tests.Invitations;
using KhConferenceBot.Tests.Outbox;

namespace KhConferenceBot.Tests.Delegates;

/// <summary>PUT and DELETE /api/organizer/conferences/{id}/delegates/{delegateId} on the real host and Azurite.</summary>
[Collection(StorageCollection.Name)]
public sealed class DelegateEditApiTests(AzuriteFixture storage)
{
    private const string Key = "edit-organizer-key-0123456789";
    private const string Delegates = "/api/organizer/conferences/khanh-hoa-2023/delegates/";

    private Task<BotTestHost> StartAsync(string? maxRetries = null) => BotTestHost.StartAsync(storage, new Dictionary<string, string?>
    {
        ["Organizer:LocalApiKey"] = Key,
        ["Bot:MaxRetries"] = maxRetries,
    });

    private static DelegateChanges EditOf(ConferenceDelegate d) => DelegateChanges.Of(d);

    [Fact]
    public async Task Update_FailedInvitationAccountFixed_RetryFailedSendsToTheNewAccountOnce()
    {
        await using var host = await StartAsync(maxRetries: "0");
        var (conference, victim, withTeams) = await InvitationRetryTests.FailOneAsync(host);
        using var client = host.CreateOrganizerClient(Key);
        var fixedId = "00000000-0000-0000-0003-000000000042";

        using var response = await client.PutAsJsonAsync(new Uri(Delegates + Uri.EscapeDataString(victim.Id), UriKind.Relative), EditOf(victim) with { AadObjectId = fixedId });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = await response.Content.ReadFromJsonAsync<DelegateListItem>();
        Assert.Equal((victim.Id, fixedId), (saved!.Id, saved.AadObjectId));
        var retry = await host.Service<InvitationService>().RetryFailedAsync(conference, null, CancellationToken.None);
        Assert.Equal(1, retry.Retried);
        var invitation = InvitationService.InvitationPurpose(conference.Id);
        await OutboxDriver.RunUntilAsync(host, async () => (await host.Service<IOutbox>().CountsAsync(invitation, CancellationToken.None)).Sent == withTeams);
        Assert.Single(host.Connector.SentTo("a:" + fixedId), c => c.Status == 200);
    }

    [Fact]
    public async Task Update_BadEmailUnknownGroupOrAnothersEmail_RefusedAndNothingChanged()
    {
        await using var host = await StartAsync();
        var store = host.Service<IDelegateStore>();
        var people = await store.ListAsync(BotTestHost.SampleId, CancellationToken.None);
        var hung = people.Single(d => d.AadObjectId == TestUsers.Hung.AadObjectId);
        var other = people.First(d => d.Id != hung.Id && d.Email is not null);
        using var client = host.CreateOrganizerClient(Key);
        var url = new Uri(Delegates + Uri.EscapeDataString(hung.Id), UriKind.Relative);

        using var invalid = await client.PutAsJsonAsync(url, EditOf(hung) with { Email = "khong-phai-email", Group = "nhom-la" });
        var text = await OrganizerApiClient.AssertProblemAsync(invalid, HttpStatusCode.BadRequest);
        Assert.Contains("không hợp lệ", text, StringComparison.Ordinal);
        Assert.Contains("nhom-la", text, StringComparison.Ordinal);

        using var taken = await client.PutAsJsonAsync(url, EditOf(hung) with { Email = other.Email!.ToUpperInvariant() });
        Assert.Contains(other.Name, await OrganizerApiClient.AssertProblemAsync(taken, HttpStatusCode.Conflict), StringComparison.Ordinal);

        using var unknown = await client.PutAsJsonAsync(new Uri(Delegates + "khong-co%40khanhhoa.example", UriKind.Relative), EditOf(hung));
        await OrganizerApiClient.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.Equal(hung, await store.GetAsync(BotTestHost.SampleId, hung.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Remove_AnsweredDelegate_AsksFirstThenOffCountsWithTheAnswerKept()
    {
        await using var host = await StartAsync();
        var conference = await host.SampleConferenceAsync();
        var store = host.Service<IDelegateStore>();
        var person = (await store.ListAsync(conference.Id, CancellationToken.None)).First(d => d.SubstituteForId is null && d.RegisteredById is null && !DistrictRegistration.IsContact(conference, d));
        var rsvps = host.Service<IRsvpStore>();
        Assert.NotNull(await rsvps.TrySaveAsync(new RsvpRecord { ConferenceId = conference.Id, DelegateId = person.Id, Answer = RsvpAnswer.Decline, Reason = "Đi công tác", AnsweredAt = DateTimeOffset.UnixEpoch }, null, CancellationToken.None));
        var before = await host.Service<InvitationService>().StatusAsync(conference, CancellationToken.None);
        using var client = host.CreateOrganizerClient(Key);
        var url = Delegates + Uri.EscapeDataString(person.Id);

        using var unconfirmed = await client.DeleteAsync(new Uri(url, UriKind.Relative));
        Assert.Contains("Đi công tác", await OrganizerApiClient.AssertProblemAsync(unconfirmed, HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.NotNull(await store.GetAsync(conference.Id, person.Id, CancellationToken.None));

        using var confirmed = await client.DeleteAsync(new Uri(url + "?confirm=true", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var removal = await confirmed.Content.ReadFromJsonAsync<DelegateRemoval>();
        Assert.Equal("Không tham dự: Đi công tác", removal!.AnswerKept);

        var after = await host.Service<InvitationService>().StatusAsync(conference, CancellationToken.None);
        Assert.Equal((before.Total - 1, before.Declined - 1), (after.Total, after.Declined));
        Assert.Null(await store.GetAsync(conference.Id, person.Id, CancellationToken.None));
        Assert.Equal(RsvpAnswer.Decline, (await rsvps.GetAsync(conference.Id, person.Id, CancellationToken.None))?.Answer);
        Assert.Equal(person.Id, Assert.Single(await store.ListRemovedAsync(conference.Id, CancellationToken.None)).Id);
        using var list = await client.GetAsync(new Uri(Delegates.TrimEnd('/'), UriKind.Relative));
        Assert.DoesNotContain(JsonSerializer.Deserialize<List<DelegateListItem>>(await list.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!, d => d.Id == person.Id);
        using var again = await client.DeleteAsync(new Uri(url + "?confirm=true", UriKind.Relative));
        await OrganizerApiClient.AssertProblemAsync(again, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Remove_NoAnswer_RemovedAtOnceAndReimportBringsThemBack()
    {
        await using var host = await StartAsync();
        var conference = await host.SampleConferenceAsync();
        var store = host.Service<IDelegateStore>();
        var answered = (await host.Service<IRsvpStore>().ListAsync(conference.Id, CancellationToken.None)).Select(r => r.DelegateId).ToHashSet();
        var person = (await store.ListAsync(conference.Id, CancellationToken.None)).First(d => d.Email is not null && !answered.Contains(d.Id) && d.SubstituteForId is null && d.RegisteredById is null);
        using var client = host.CreateOrganizerClient(Key);

        using var removed = await client.DeleteAsync(new Uri(Delegates + Uri.EscapeDataString(person.Id), UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Null((await removed.Content.ReadFromJsonAsync<DelegateRemoval>())!.AnswerKept);
        Assert.Null(await store.GetAsync(conference.Id, person.Id, CancellationToken.None));
        var csv = DelegateTestData.Csv(DelegateTestData.Lines("name,position,organisation,group,email", $"{person.Name},{person.Position},\"{person.Organisation}\",{person.GroupId},{person.Email}"));
        var report = await host.Service<DelegateImporter>().ImportAsync(conference, csv, DelegateFileFormat.Csv, CancellationToken.None);
        Assert.Equal(1, report.Added);
        Assert.Null((await store.GetAsync(conference.Id, person.Id, CancellationToken.None))?.RemovedAt);
        Assert.NotNull(await store.GetAsync(conference.Id, person.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Import_AfterEmailCorrected_UpdatesThatDelegateRatherThanAddingOne()
    {
        await using var host = await StartAsync();
        var conference = await host.SampleConferenceAsync();
        var store = host.Service<IDelegateStore>();
        var person = (await store.ListAsync(conference.Id, CancellationToken.None)).First(d => d.Email is not null && d.AadObjectId is null && d.RegisteredById is null);
        var count = (await store.ListAsync(conference.Id, CancellationToken.None)).Count;
        var edit = await host.Service<DelegateEditor>().UpdateAsync(conference, person.Id, DelegateChanges.Of(person) with { Email = "dung.email@khanhhoa.example" }, CancellationToken.None);
        Assert.Equal(DelegateEditStatus.Saved, edit.Status);

        var csv = DelegateTestData.Csv(DelegateTestData.Lines("name,position,organisation,group,email", $"{person.Name},Chức vụ mới,\"{person.Organisation}\",{person.GroupId},Dung.Email@khanhhoa.example"));
        var report = await host.Service<DelegateImporter>().ImportAsync(conference, csv, DelegateFileFormat.Csv, CancellationToken.None);

        Assert.Equal((0, 1), (report.Added, report.Updated));
        Assert.Equal(count, (await store.ListAsync(conference.Id, CancellationToken.None)).Count);
        var stored = await store.GetAsync(conference.Id, person.Id, CancellationToken.None);
        Assert.Equal(("Chức vụ mới", "dung.email@khanhhoa.example"), (stored!.Position, stored.Email));
    }
}
