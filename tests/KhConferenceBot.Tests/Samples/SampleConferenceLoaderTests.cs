using KhConferenceBot.Conferences;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Samples;

[Collection(StorageCollection.Name)]
public sealed class SampleConferenceLoaderTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Start_NoDateConfigured_TomorrowWithAnswersStillOpen()
    {
        await using var host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Conference:Date"] = null });

        var conference = await host.SampleConferenceAsync();

        // The fake clock starts 2026-11-30 09:00 in Viet Nam.
        Assert.Equal(new DateOnly(2026, 12, 1), conference.Date);
        Assert.True(conference.EffectiveRsvpDeadline > host.Time.GetUtcNow());
        Assert.Equal("08h00 - 08h05", conference.FindItem("introduction")!.TimeRange);
        Assert.Equal(9, conference.Agenda.Count);
        Assert.Equal(13, conference.Groups.Count);
    }

    [Fact]
    public async Task Start_DateConfigured_KeepsThePlansAnswerWindow()
    {
        await using var host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Conference:Date"] = "2026-12-10" });

        var conference = await host.SampleConferenceAsync();

        Assert.Equal(new DateOnly(2026, 12, 10), conference.Date);
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 23, 59, 59, TimeSpan.FromHours(7)), conference.EffectiveRsvpDeadline);
    }

    [Fact]
    public async Task Restart_SameStorageWithDateThreeDaysAgo_DeadlinePassedAnswersRefused()
    {
        var prefix = AzuriteFixture.NewTablePrefix("b");
        await using (var first = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Storage:TablePrefix"] = prefix, ["Conference:Date"] = null }))
        {
            Assert.True((await first.SampleConferenceAsync()).EffectiveRsvpDeadline > first.Time.GetUtcNow());
        }

        // The fake clock starts 2026-11-30; three days ago is 2026-11-27, two days before it the plan's deadline.
        await using var second = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Storage:TablePrefix"] = prefix, ["Conference:Date"] = "2026-11-27" });
        var conference = await second.SampleConferenceAsync();
        var body = await second.InvokeAsync(Activities.Execute(TestUsers.Hung, Features.Invitations.InvitationCards.AttendVerb, Attendance.RsvpFlowTests.Data(Attendance.RsvpFlowTests.HungId)));

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 23, 59, 59, TimeSpan.FromHours(7)), conference.EffectiveRsvpDeadline);
        Assert.NotEqual(200, body.GetProperty("statusCode").GetInt32());
        Assert.Contains("hết hạn", body.GetProperty("value").GetRawText(), StringComparison.Ordinal);
        Assert.Null(await second.Service<Features.Attendance.IRsvpStore>().GetAsync(conference.Id, Attendance.RsvpFlowTests.HungId, CancellationToken.None));
    }
}
