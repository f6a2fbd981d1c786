using KhConferenceBot.Conferences;
using KhConferenceBot.Conferences.Plans;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Agenda;

/// <summary>The service every surface calls, without a chat turn: who may, a stale version, the same change twice.</summary>
[Collection(StorageCollection.Name)]
public sealed class ScheduleChangeServiceTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static readonly ActingOrganizer Organizer = new(TestUsers.Organizer.AadObjectId, TestUsers.Organizer.Name);
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private ScheduleChangeService Service => _host.Service<ScheduleChangeService>();

    private static ScheduleChange ClosingLater(Conference conference) => ScheduleChange.OfPlan(ConferenceForm.FromConference(conference) with
    {
        Agenda = [.. ConferenceForm.FromConference(conference).Agenda.Select(a => a.Id == "closing" ? a with { Start = "11h30", End = "11h45" } : a)],
    });

    [Fact]
    public async Task PreviewAsync_DelegateWithoutTheOrganizerRole_RefusedInVietnamese()
    {
        var stored = await _host.SampleStoredAsync();

        var preview = await Service.PreviewAsync(stored.Conference, ClosingLater(stored.Conference), new ActingOrganizer(TestUsers.Hung.AadObjectId), CancellationToken.None);

        Assert.Equal("Chỉ Ban Tổ chức được thay đổi chương trình.", preview.Refusal?.Vi);
    }

    [Fact]
    public async Task ApplyAsync_SomeoneChangedItFirst_ConflictAndNothingSavedOrPosted()
    {
        (await _host.PostAsync(Activities.GroupMention(TestUsers.Organizer, "gắn hội nghị"))).Dispose();
        var read = await _host.SampleStoredAsync();
        var other = ScheduleChanger.Clone(read.Conference);
        other.Capacity = 150;
        Assert.True(await _host.Service<IConferenceStore>().TryReplaceAsync(other, read.ETag, CancellationToken.None));

        var outcome = await Service.ApplyAsync(read, ClosingLater(read.Conference), Organizer, CancellationToken.None);

        Assert.Equal(ScheduleChangeStatus.Conflict, outcome.Status);
        Assert.Equal("11h15 - 11h30", (await _host.SampleConferenceAsync()).FindItem("closing")!.TimeRange);
        Assert.DoesNotContain(_host.Connector.SentTo(TestUsers.GroupChatId), c => c.Text.Contains("Thay đổi chương trình", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_SamePlanTwice_SecondRefusedAsNoChangeAndOneNoticeOnly()
    {
        (await _host.PostAsync(Activities.GroupMention(TestUsers.Organizer, "gắn hội nghị"))).Dispose();
        var first = await _host.SampleStoredAsync();
        var change = ClosingLater(first.Conference);

        var applied = await Service.ApplyAsync(first, change, Organizer, CancellationToken.None);
        var again = await Service.ApplyAsync(await _host.SampleStoredAsync(), change, Organizer, CancellationToken.None);

        Assert.Equal((ScheduleChangeStatus.Applied, true), (applied.Status, applied.GroupChatPosted));
        Assert.Equal(ScheduleChangeStatus.Refused, again.Status);
        Assert.StartsWith("Không có gì thay đổi", again.Preview.Refusal!.Vi, StringComparison.Ordinal);
        Assert.Single(_host.Connector.SentTo(TestUsers.GroupChatId), c => c.Text.Contains("Thay đổi chương trình", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SetAnnouncedAsync_OrganizerTurnsOneOff_SavedAtOnceNothingPostedDelegateRefused()
    {
        (await _host.PostAsync(Activities.GroupMention(TestUsers.Organizer, "gắn hội nghị"))).Dispose();
        var posted = _host.Connector.SentTo(TestUsers.GroupChatId).Count;

        var refused = await Service.SetAnnouncedAsync(SampleConference.Id, "opening", false, new ActingOrganizer(TestUsers.Hung.AadObjectId), CancellationToken.None);
        var saved = await Service.SetAnnouncedAsync(SampleConference.Id, "opening", false, Organizer, CancellationToken.None);
        var gone = await Service.SetAnnouncedAsync(SampleConference.Id, "no-such-item", true, Organizer, CancellationToken.None);

        Assert.Equal("Chỉ Ban Tổ chức được thay đổi chương trình.", refused.Refusal?.Vi);
        Assert.Null(saved.Refusal);
        Assert.False(saved.Saved!.Conference.FindItem("opening")!.Announce);
        Assert.False((await _host.SampleConferenceAsync()).FindItem("opening")!.Announce);
        Assert.StartsWith("Mục này không còn", gone.Refusal!.Vi, StringComparison.Ordinal);
        Assert.Equal(posted, _host.Connector.SentTo(TestUsers.GroupChatId).Count);
    }
}
