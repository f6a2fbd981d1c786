using KhConferenceBot.Api;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Teams.Cards;

namespace KhConferenceBot.Features.Attendance;

/// <summary>"xuất" / "export": a card with two short-lived links to the attendance list (CSV and Excel).</summary>
internal sealed class ExportCommand(LinkSigner signer) : IBotCommand
{
    public CommandDescriptor Descriptor { get; } = new(
        "export", ["xuất", "xuất danh sách", "xuất điểm danh"], ["export"], CommandScope.Personal, OrganizerOnly: true,
        "Tải danh sách điểm danh (CSV, Excel)", "Download the attendance list (CSV, Excel)");

    public async Task ExecuteAsync(TurnContext turn, string argument)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var csv = signer.Create(AttendanceDownloads.Name, AttendanceDownloads.Format(ExportFormat.Csv), turn.Conference.Id, AttendanceDownloads.LinkLifetime);
        var xlsx = signer.Create(AttendanceDownloads.Name, AttendanceDownloads.Format(ExportFormat.Xlsx), turn.Conference.Id, AttendanceDownloads.LinkLifetime);
        var until = AgendaTime.Format(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(csv.ExpiresAt, turn.Conference.Zone).DateTime));
        var minutes = (int)AttendanceDownloads.LinkLifetime.TotalMinutes;
        var card = new AdaptiveCard
        {
            Lang = turn.Language.Code(),
            Body =
            {
                new TextBlock(turn.T("Danh sách điểm danh", "Attendance list")) { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock(turn.Conference.ShortName.Get(turn.Language)) { IsSubtle = true, Spacing = Spacing.None },
                new TextBlock(turn.T(
                    $"Liên kết có hiệu lực {minutes} phút (đến {until}). Không chuyển tiếp liên kết: ai có liên kết đều tải được danh sách.",
                    $"The links work for {minutes} minutes (until {until}). Do not forward them: anyone holding a link can download the list.")),
            },
            Actions =
            {
                new OpenUrlAction(turn.T("Tải CSV", "Download CSV"), csv.Url),
                new OpenUrlAction(turn.T("Tải Excel (.xlsx)", "Download Excel (.xlsx)"), xlsx.Url),
            },
        };
        await turn.SendCardAsync(card.ToJsonElement(), turn.T("Danh sách điểm danh", "Attendance list")).ConfigureAwait(false);
    }
}
