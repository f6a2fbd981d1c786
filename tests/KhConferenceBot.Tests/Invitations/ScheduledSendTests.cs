using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Outbox;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Invitations;

/// <summary>«Hẹn giờ gửi»: stored in Azure Tables, started by the background job at its time on the fake clock.</summary>
[Collection(StorageCollection.Name)]
public sealed class ScheduledSendTests(AzuriteFixture storage)
{
    private static readonly string Invitation = InvitationService.InvitationPurpose(BotTestHost.SampleId);

    /// <summary>The job ticks only when a test asks (an hour apart on its own), so the clock alone decides.</summary>
    private static readonly Dictionary<string, string?> Settings = new() { ["Invitations:ScheduledSendCheckInterval"] = "00:10:00" };

    private static (DateOnly Date, TimeOnly At) LocalIn(Conference conference, DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, conference.Zone).DateTime;
        return (DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
    }

    private static async Task TickAsync(BotTestHost host) => await host.Service<ScheduledSendJob>().WaitForTickAsync(host.Time.GetUtcNow(), CancellationToken.None);

    [Fact]
    public async Task Schedule_OneGroupInTwoHours_NothingBeforeThenThatGroupSentOnce()
    {
        await using var host = await BotTestHost.StartAsync(storage, Settings);
        var conference = await host.SampleConferenceAsync();
        var group = conference.Groups.First(g => g.Category == DelegateCategory.Summoned);
        var (date, at) = LocalIn(conference, host.Time.GetUtcNow().AddHours(2));
        var sends = host.Service<ScheduledSends>();

        var scheduled = await sends.ScheduleAsync(conference, group, date, at, TestUsers.Organizer.AadObjectId, CancellationToken.None);
        Assert.Null(scheduled.Refusal);
        await TickAsync(host);
        Assert.Empty(await host.Service<IOutbox>().ListAsync(Invitation, CancellationToken.None));

        host.Time.Advance(TimeSpan.FromHours(2));
        await TickAsync(host);

        var queued = await host.Service<IOutbox>().ListAsync(Invitation, CancellationToken.None);
        var plan = await host.Service<InvitationService>().PlanAsync(conference, group, CancellationToken.None);
        Assert.NotEmpty(queued);
        Assert.All(queued, e => Assert.Contains(plan.Selected, d => d.Id == e.RecipientKey));
        var done = Assert.Single(await sends.ListAsync(conference.Id, CancellationToken.None));
        Assert.Equal((ScheduledSendState.Done, queued.Count), (done.State, done.Enqueued));

        host.Time.Advance(TimeSpan.FromHours(1));
        await TickAsync(host);
        Assert.Equal(queued.Count, (await host.Service<IOutbox>().ListAsync(Invitation, CancellationToken.None)).Count);
        var late = await sends.CancelAsync(conference, done.Id, CancellationToken.None);
        Assert.Contains("không hủy được", late.Refusal?.Vi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_BeforeItsTime_NothingIsEverSent()
    {
        await using var host = await BotTestHost.StartAsync(storage, Settings);
        var conference = await host.SampleConferenceAsync();
        var (date, at) = LocalIn(conference, host.Time.GetUtcNow().AddMinutes(30));
        var sends = host.Service<ScheduledSends>();
        var scheduled = await sends.ScheduleAsync(conference, null, date, at, null, CancellationToken.None);

        var cancelled = await sends.CancelAsync(conference, scheduled.Send!.Id, CancellationToken.None);
        host.Time.Advance(TimeSpan.FromHours(1));
        await TickAsync(host);

        Assert.Null(cancelled.Refusal);
        Assert.Equal(ScheduledSendState.Cancelled, Assert.Single(await sends.ListAsync(conference.Id, CancellationToken.None)).State);
        Assert.Empty(await host.Service<IOutbox>().ListAsync(Invitation, CancellationToken.None));
    }

    [Fact]
    public async Task Schedule_TimeAlreadyPast_RefusedInThePlansWordsAndNothingStored()
    {
        await using var host = await BotTestHost.StartAsync(storage, Settings);
        var conference = await host.SampleConferenceAsync();
        var (date, at) = LocalIn(conference, host.Time.GetUtcNow().AddMinutes(-5));

        var result = await host.Service<ScheduledSends>().ScheduleAsync(conference, null, date, at, null, CancellationToken.None);

        Assert.Null(result.Send);
        Assert.StartsWith($"Giờ hẹn {at.Hour:00}h{at.Minute:00} ngày {date:dd/MM/yyyy} đã qua", result.Refusal?.Vi, StringComparison.Ordinal);
        Assert.Empty(await host.Service<ScheduledSends>().ListAsync(conference.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Schedule_ThenRestart_TheNextProcessSendsItAtItsTime()
    {
        var prefix = AzuriteFixture.NewTablePrefix("s");
        var settings = new Dictionary<string, string?>(Settings) { ["Storage:TablePrefix"] = prefix };
        DateTimeOffset sendAt;
        await using (var first = await BotTestHost.StartAsync(storage, settings))
        {
            var conference = await first.SampleConferenceAsync();
            var (date, at) = LocalIn(conference, first.Time.GetUtcNow().AddHours(3));
            sendAt = (await first.Service<ScheduledSends>().ScheduleAsync(conference, null, date, at, null, CancellationToken.None)).Send!.SendAt;
        }

        await using var second = await BotTestHost.StartAsync(storage, settings, time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(sendAt.AddMinutes(1)));
        await TickAsync(second);

        Assert.NotEmpty(await second.Service<IOutbox>().ListAsync(Invitation, CancellationToken.None));
        Assert.Equal(ScheduledSendState.Done, Assert.Single(await second.Service<ScheduledSends>().ListAsync(BotTestHost.SampleId, CancellationToken.None)).State);
    }
}
