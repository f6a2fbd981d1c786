using System.Globalization;
using System.Text.Json.Serialization;
using KhConferenceBot.Common;

namespace KhConferenceBot.Conferences;

/// <summary>
/// One conference as its plan defines it: title, venue, the agenda table and the delegate groups.
/// Times of the agenda are local times in <see cref="TimeZone"/> on <see cref="Date"/>.
/// </summary>
public sealed class Conference
{
    public required string Id { get; init; }

    /// <summary>Where the conference is in its life; what each state allows is <see cref="ConferenceLifecycle"/>'s to say.</summary>
    public ConferenceState State { get; set; }

    /// <summary>When the conference was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The Entra object id of who created it; null for one loaded from a sample or a plan at start.</summary>
    public string? CreatedBy { get; set; }

    /// <summary>When the conference was archived (UTC): its people's data is erased a retention period later.</summary>
    public DateTimeOffset? ArchivedAt { get; set; }

    /// <summary>Set once its people's data is erased: when, by whom, and the counts kept.</summary>
    public PersonalDataErasure? PersonalDataErased { get; set; }

    public string? PlanNumber { get; set; }

    public required BilingualText ShortName { get; set; }

    public required BilingualText Title { get; set; }

    public BilingualText? Organizer { get; set; }

    public BilingualText? Chair { get; set; }

    public BilingualText? CoChair { get; set; }

    public required BilingualText Venue { get; set; }

    public string TimeZone { get; set; } = "Asia/Ho_Chi_Minh";

    public int Capacity { get; set; } = 200;

    public DateOnly Date { get; set; }

    /// <summary>How many days before the conference answers close, when no explicit deadline is set.</summary>
    public int RsvpDeadlineDaysBefore { get; set; } = 2;

    /// <summary>An explicit RSVP deadline (UTC); wins over <see cref="RsvpDeadlineDaysBefore"/>.</summary>
    public DateTimeOffset? RsvpDeadline { get; set; }

    public List<AgendaItem> Agenda { get; set; } = [];

    /// <summary>How many schedule changes were confirmed; the calendar's SEQUENCE, so calendar apps replace the event.</summary>
    public int Revision { get; set; }

    /// <summary>When the last schedule change was confirmed (UTC); null while the day is as planned.</summary>
    public DateTimeOffset? RevisedAt { get; set; }

    /// <summary>The id of the last confirmed schedule change, saved with it, so what must follow it can catch up after a crash.</summary>
    public string? LastChangeId { get; set; }

    public List<DelegateGroup> Groups { get; set; } = [];

    public List<string> Districts { get; set; } = [];

    [JsonIgnore]
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>The instant a local agenda time happens on the conference day.</summary>
    public DateTimeOffset At(TimeOnly localTime) => ToInstant(Date, localTime, Zone);

    [JsonIgnore]
    public DateTimeOffset StartsAt => At(Agenda.Count == 0 ? new TimeOnly(8, 0) : Agenda.Where(a => !a.Cancelled).DefaultIfEmpty(Agenda[0]).Min(a => a!.Start));

    [JsonIgnore]
    public DateTimeOffset EndsAt => At(Agenda.Count == 0 ? new TimeOnly(17, 0) : Agenda.Where(a => !a.Cancelled).DefaultIfEmpty(Agenda[^1]).Max(a => a!.End));

    /// <summary>Answers close at the end of the day <see cref="RsvpDeadlineDaysBefore"/> days before the conference, local time.</summary>
    [JsonIgnore]
    public DateTimeOffset EffectiveRsvpDeadline =>
        RsvpDeadline ?? ToInstant(Date.AddDays(-RsvpDeadlineDaysBefore), new TimeOnly(23, 59, 59), Zone);

    public DelegateGroup? FindGroup(string? groupId) =>
        groupId is null ? null : Groups.FirstOrDefault(g => string.Equals(g.Id, groupId, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The groups as the plan names them, for a message that tells an organizer which groups exist: the ids
    /// ("so-nganh") are the bot's own and appear on no paper. Quoted, because a plan's names hold commas and semicolons.
    /// </summary>
    public string GroupNames(Language language) => string.Join(", ", Groups.Select(g => $"“{g.Name.Get(language)}”"));

    public AgendaItem? FindItem(string? itemId) =>
        itemId is null ? null : Agenda.FirstOrDefault(a => string.Equals(a.Id, itemId, StringComparison.Ordinal));

    /// <summary>The conference's local date written the Vietnamese way ("ngày 25 tháng 11 năm 2026") or in English.</summary>
    public string FormatDate(Language language) => language == Language.Vi
        ? $"ngày {Date.Day:00} tháng {Date.Month:00} năm {Date.Year}"
        : Date.ToString("dddd, d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));

    /// <summary>
    /// A moment in the conference's time zone the way its papers write one ("10h45, ngày 01 tháng 12 năm 2026") or in
    /// English; the one format for deadlines, sending and answering times on every card.
    /// </summary>
    public string FormatInstant(DateTimeOffset instant, Language language)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Zone);
        return language == Language.Vi
            ? $"{AgendaTime.Format(TimeOnly.FromDateTime(local.DateTime))}, ngày {local.Day:00} tháng {local.Month:00} năm {local.Year}"
            : local.ToString("HH:mm, d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
    }

    public string FormatDayOfWeekDate(Language language) => language == Language.Vi
        ? $"{VietnameseDayOfWeek(Date.DayOfWeek)}, {FormatDate(language)}"
        : FormatDate(language);

    internal static string VietnameseDayOfWeek(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => "Thứ Hai",
        DayOfWeek.Tuesday => "Thứ Ba",
        DayOfWeek.Wednesday => "Thứ Tư",
        DayOfWeek.Thursday => "Thứ Năm",
        DayOfWeek.Friday => "Thứ Sáu",
        DayOfWeek.Saturday => "Thứ Bảy",
        _ => "Chủ Nhật",
    };

    internal static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}

public sealed class AgendaItem
{
    public required string Id { get; init; }

    [JsonConverter(typeof(HourMinuteConverter))]
    public TimeOnly Start { get; set; }

    [JsonConverter(typeof(HourMinuteConverter))]
    public TimeOnly End { get; set; }

    public required BilingualText Content { get; set; }

    public BilingualText? Presenter { get; set; }

    /// <summary>The presenters' Teams accounts, when known, so change notices can @mention them.</summary>
    public List<PresenterAccount> PresenterAccounts { get; set; } = [];

    public bool IsBreak { get; set; }

    public bool IsDiscussion { get; set; }

    /// <summary>Post a short "now starting" message in the group chat when this item begins.</summary>
    public bool Announce { get; set; }

    public bool Cancelled { get; set; }

    /// <summary>The time range the way the plan writes it: "08h00 - 08h05".</summary>
    [JsonIgnore]
    public string TimeRange => AgendaTime.Range(Start, End);
}

/// <summary>A presenter's Teams account: the Entra object id and the name to show in the mention.</summary>
public sealed record PresenterAccount(string AadObjectId, string Name);

public enum DelegateCategory
{
    /// <summary>Kính mời: guests invited to attend.</summary>
    Invited,

    /// <summary>Triệu tập: officials summoned to attend.</summary>
    Summoned,
}

public sealed class DelegateGroup
{
    public required string Id { get; init; }

    public DelegateCategory Category { get; set; }

    public required BilingualText Name { get; set; }

    public bool IsPress { get; set; }

    /// <summary>Set for groups whose localities register their own leaders (the plan: 3 per district).</summary>
    public int? RegistersLeaders { get; set; }
}

public static class AgendaTime
{
    /// <summary>"08h00" as the plan writes times.</summary>
    public static string Format(TimeOnly time) => $"{time.Hour:00}h{time.Minute:00}";

    public static string Range(TimeOnly start, TimeOnly end) => $"{Format(start)} - {Format(end)}";

    /// <summary>"22h38 30/11": when something happened, in the conference's zone, as the workspace lists it.</summary>
    public static string FormatAt(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return $"{Format(TimeOnly.FromDateTime(local.DateTime))} {local.Day:00}/{local.Month:00}";
    }

    /// <summary>Reads "08:00", "8:00", "08h00" or "8h" as a time of day; null for anything else.</summary>
    public static TimeOnly? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim().ToLowerInvariant().Replace('h', ':');
        if (t.EndsWith(':'))
        {
            t += "00";
        }

        return TimeOnly.TryParseExact(t, ["H:mm", "HH:mm", "H:m"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : null;
    }
}

internal sealed class HourMinuteConverter : JsonConverter<TimeOnly>
{
    public override TimeOnly Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        AgendaTime.TryParse(reader.GetString()) ?? throw new System.Text.Json.JsonException("time must look like 08:00");

    public override void Write(System.Text.Json.Utf8JsonWriter writer, TimeOnly value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("HH:mm", CultureInfo.InvariantCulture));
}
