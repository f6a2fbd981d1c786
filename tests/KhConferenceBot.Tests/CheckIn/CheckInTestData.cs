using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.CheckIn;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.CheckIn;

/// <summary>Builders for check-in tests on a <see cref="BotTestHost"/> with the sample conference.</summary>
internal static class CheckInTestData
{
    public const string ConferenceId = "khanh-hoa-2023";
    public const string OtherConferenceId = "hoi-nghi-khac-2026";
    public const string HungId = "hung.nguyen@khanhhoa.example";
    public const string TuanId = "tuan.pham@khanhhoa.example";
    public const string OrganizerId = "maianh.tran@khanhhoa.example";

    public static readonly Desk Desk1 = new("Bàn 1", "Lễ tân A");
    public static readonly Desk Desk2 = new("Bàn 2", "Lễ tân B");

    /// <summary>Stores an answer as the invitation card would (the rules are tested elsewhere).</summary>
    public static async Task AnswerAsync(BotTestHost host, string delegateId, RsvpAnswer answer, string conferenceId = ConferenceId, string? substituteName = null, string? substituteEmail = null)
    {
        var rsvps = host.Service<IRsvpStore>();
        var existing = await rsvps.GetAsync(conferenceId, delegateId, CancellationToken.None);
        var record = new RsvpRecord
        {
            ConferenceId = conferenceId,
            DelegateId = delegateId,
            Answer = answer,
            Reason = answer == RsvpAnswer.Decline ? "Bận công tác" : null,
            SubstituteName = substituteName,
            SubstitutePosition = substituteName is null ? null : "Phó phòng",
            SubstituteEmail = substituteEmail,
            AnsweredAt = host.Time.GetUtcNow(),
        };
        Assert.NotNull(await rsvps.TrySaveAsync(record, existing?.ETag, CancellationToken.None));
    }

    public static async Task<Conference> ConferenceAsync(BotTestHost host, string conferenceId = ConferenceId) =>
        (await host.Service<IConferenceStore>().GetAsync(conferenceId, CancellationToken.None))!.Conference;

    public static async Task<CheckInPass> ConfirmedPassAsync(BotTestHost host, string delegateId, string conferenceId = ConferenceId)
    {
        await AnswerAsync(host, delegateId, RsvpAnswer.Attend, conferenceId);
        var pass = await host.Service<PassService>().GetOrIssueAsync(await ConferenceAsync(host, conferenceId), delegateId, CancellationToken.None);
        return pass!;
    }

    /// <summary>A second conference in the same deployment, with Hùng on its list.</summary>
    public static async Task<Conference> OtherConferenceAsync(BotTestHost host)
    {
        var sample = await ConferenceAsync(host);
        var other = new Conference
        {
            Id = OtherConferenceId,
            ShortName = new BilingualText("Hội nghị khác", "Another conference"),
            Title = new BilingualText("Hội nghị khác", "Another conference"),
            Venue = new BilingualText("Hội trường B", "Hall B"),
            Date = sample.Date.AddDays(7),
            Agenda = sample.Agenda,
            Groups = sample.Groups,
        };
        await host.Service<IConferenceStore>().UpsertAsync(other, CancellationToken.None);
        var hung = await host.Service<IDelegateStore>().GetAsync(ConferenceId, HungId, CancellationToken.None);
        await host.Service<IDelegateStore>().UpsertAsync(OtherConferenceId, [hung!], CancellationToken.None);
        return other;
    }
}
