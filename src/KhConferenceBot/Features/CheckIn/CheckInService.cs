using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.CheckIn;

/// <summary>The desk that checks someone in: its name as the staff set it, and who is signed in there.</summary>
public sealed record Desk(string Name, string? StaffName)
{
    public const int MaxNameLength = 40;

    /// <summary>The desk name for a delegate who checked themself in with the hall code.</summary>
    public static Desk SelfCheckIn { get; } = new("Tự điểm danh", null);
}

public enum CheckInStatus
{
    CheckedIn,
    AlreadyCheckedIn,
    Refused,
    MarkedAbsent,
}

/// <summary>What the desk shows after a scan, a typed code, a name or a walk-in: the person, and a sentence about them.</summary>
public sealed record CheckInOutcome(CheckInStatus Status, CheckInRecord? Record, BilingualText Message, string? RefusalCode = null)
{
    public static CheckInOutcome Refuse(string code, string vi, string en) => new(CheckInStatus.Refused, null, new BilingualText(vi, en), code);
}

/// <summary>A walk-in as the desk typed them.</summary>
public sealed record WalkIn(string? Name, string? Position, string? Organisation);

/// <summary>One line of the desk's name search.</summary>
public sealed record DeskPerson(string DelegateId, string Name, string? Position, string? Organisation, string? GroupId, string? SubstituteForName, CheckInRecord? CheckedIn);

/// <summary>
/// Checking people in, the one set of rules behind the desk page, the desk API and the delegate's own button: a person
/// is checked in once (an insert that exactly one desk wins), a second scan says when and where, and anything that is
/// not a current pass of this conference is refused with the reason.
/// </summary>
public sealed partial class CheckInService(
    PassService passes,
    PassHolders holders,
    CheckInStore store,
    IDelegateStore delegates,
    IOptions<CheckInOptions> options,
    TimeProvider time,
    ILogger<CheckInService> logger)
{
    public const int MaxSearchResults = 20;
    public const int MaxNameLength = 100;
    public const int MaxTextLength = 200;

    /// <summary>A scanned QR or a typed short code.</summary>
    public async Task<CheckInOutcome> CheckInAsync(Conference conference, string? scannedOrTyped, Desk desk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        if (Validate(desk) is { } bad)
        {
            return bad;
        }

        var lookup = await passes.LookupAsync(conference, scannedOrTyped, cancellationToken).ConfigureAwait(false);
        if (lookup.Status != PassLookupStatus.Valid)
        {
            LogRefused(logger, conference.Id, desk.Name, lookup.Status);
        }

        var method = (scannedOrTyped ?? "").TrimStart().StartsWith("p1.", StringComparison.Ordinal) ? CheckInMethod.Scan : CheckInMethod.Code;
        return lookup.Status switch
        {
            PassLookupStatus.Valid => await RecordAsync(conference, lookup.Holder!, desk, method, cancellationToken).ConfigureAwait(false),
            PassLookupStatus.Malformed => CheckInOutcome.Refuse("malformed",
                $"Mã không đúng dạng: mã thẻ gồm {PassToken.CodeLength} ký tự chữ và số (ví dụ K7P3MX).",
                $"Not a pass code: a code has {PassToken.CodeLength} letters and digits (e.g. K7P3MX)."),
            PassLookupStatus.Tampered => CheckInOutcome.Refuse("tampered",
                "Mã QR không hợp lệ (đã bị sửa hoặc không do hệ thống cấp). Xin tìm đại biểu theo tên.",
                "This QR code is not valid (altered or not issued by the bot). Please search by name."),
            PassLookupStatus.OtherConference => CheckInOutcome.Refuse("otherConference",
                "Thẻ này thuộc một hội nghị khác, không dùng được tại bàn đón tiếp này.",
                "This pass belongs to another conference and cannot be used at this desk."),
            PassLookupStatus.Unknown => CheckInOutcome.Refuse("unknown",
                "Không có thẻ nào mang mã này. Xin kiểm tra lại mã hoặc tìm đại biểu theo tên.",
                "No pass has this code. Please check the code or search by name."),
            _ => CheckInOutcome.Refuse("revoked",
                "Thẻ này đã bị thu hồi vì câu trả lời của đại biểu đã thay đổi. Xin đại biểu mở thẻ mới (lệnh «thẻ dự hội nghị») hoặc tìm theo tên.",
                "This pass was revoked because the delegate's answer changed. Ask them to open their new pass (“my pass”) or search by name."),
        };
    }

    /// <summary>Someone found by name at the desk (no phone with them).</summary>
    public async Task<CheckInOutcome> CheckInByNameAsync(Conference conference, string? delegateId, Desk desk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        if (Validate(desk) is { } bad)
        {
            return bad;
        }

        var holder = string.IsNullOrWhiteSpace(delegateId) || delegateId.Length > MaxTextLength
            ? null
            : await holders.FindAsync(conference.Id, delegateId, cancellationToken).ConfigureAwait(false);
        return holder is null
            ? CheckInOutcome.Refuse("notConfirmed",
                "Người này không có trong danh sách đã xác nhận tham dự. Nếu vẫn vào dự, xin đăng ký là khách không có giấy mời.",
                "This person is not on the confirmed list. If they attend anyway, register them as a walk-in.")
            : await RecordAsync(conference, holder, desk, CheckInMethod.NameSearch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Someone who was not invited but is let in: recorded as a walk-in, counted apart from the confirmed.</summary>
    public async Task<CheckInOutcome> RegisterWalkInAsync(Conference conference, WalkIn walkIn, Desk desk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(walkIn);
        if (Validate(desk) is { } bad)
        {
            return bad;
        }

        var name = RsvpRules.Clean(walkIn.Name);
        if (name is null || name.Length > MaxNameLength)
        {
            return CheckInOutcome.Refuse("walkInName",
                $"Xin nhập họ và tên khách (tối đa {MaxNameLength} ký tự).", $"Please enter the guest's full name (at most {MaxNameLength} characters).");
        }

        var position = RsvpRules.Clean(walkIn.Position);
        var organisation = RsvpRules.Clean(walkIn.Organisation);
        if (position?.Length > MaxTextLength || organisation?.Length > MaxTextLength)
        {
            return CheckInOutcome.Refuse("walkInTooLong",
                $"Chức vụ và đơn vị tối đa {MaxTextLength} ký tự.", $"Position and unit take at most {MaxTextLength} characters.");
        }

        var record = new CheckInRecord
        {
            PersonId = "walkin-" + Guid.NewGuid().ToString("N")[..12],
            Name = name,
            Position = position,
            Organisation = organisation,
            IsWalkIn = true,
            CheckedInAt = time.GetUtcNow(),
            Desk = desk.Name.Trim(),
            Method = CheckInMethod.WalkIn,
            By = desk.StaffName,
        };
        var (stored, _) = await store.TryCheckInAsync(conference.Id, record, cancellationToken).ConfigureAwait(false);
        LogCheckedIn(logger, conference.Id, stored.PersonId, stored.Desk, stored.Method);
        return new CheckInOutcome(CheckInStatus.CheckedIn, stored, new BilingualText(
            $"Đã ghi nhận khách không có giấy mời: {name}.", $"Walk-in recorded: {name}."));
    }

    /// <summary>The delegate's own button: their pass, and the hall code shown at the entrance (so nobody checks in from home).</summary>
    public async Task<CheckInOutcome> SelfCheckInAsync(Conference conference, string? aadObjectId, string? hallCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var person = string.IsNullOrWhiteSpace(aadObjectId) ? null : await delegates.FindByAadObjectIdAsync(conference.Id, aadObjectId, cancellationToken).ConfigureAwait(false);
        var holder = person is null ? null : await holders.FindAsync(conference.Id, person.Id, cancellationToken).ConfigureAwait(false);
        if (holder is null)
        {
            return CheckInOutcome.Refuse("noPass",
                "Quý đại biểu chưa xác nhận tham dự nên chưa có thẻ dự hội nghị. Xin đến bàn đón tiếp.",
                "You have not confirmed attendance, so you have no pass. Please go to the reception desk.");
        }

        var key = await passes.KeyAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        if (!HallCode.IsValid(key, hallCode, time.GetUtcNow(), options.Value.HallCodeStep))
        {
            return CheckInOutcome.Refuse("hallCode",
                "Mã hội trường không đúng hoặc đã đổi. Xin nhập mã đang hiện trên màn hình ở cửa hội trường.",
                "The hall code is wrong or has changed. Please type the code now shown on the screen at the hall's entrance.");
        }

        return await RecordAsync(conference, holder, Desk.SelfCheckIn, CheckInMethod.SelfHallCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// An organizer marks a confirmed person absent with the reason they gave ("ốm", "đi công tác"), so the headcount
    /// shows them apart from those still expected. Someone already in the hall cannot be marked; marking again replaces
    /// the reason; a later check-in wins over the mark.
    /// </summary>
    public async Task<CheckInOutcome> MarkAbsentAsync(Conference conference, string? delegateId, string? reason, string? markedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var cleaned = RsvpRules.Clean(reason);
        if (cleaned is null || cleaned.Length > MaxTextLength)
        {
            return CheckInOutcome.Refuse("absentReason",
                $"Xin nhập lý do vắng mặt (tối đa {MaxTextLength} ký tự).", $"Please give the reason for the absence (at most {MaxTextLength} characters).");
        }

        var holder = string.IsNullOrWhiteSpace(delegateId) || delegateId.Length > MaxTextLength
            ? null
            : await holders.FindAsync(conference.Id, delegateId, cancellationToken).ConfigureAwait(false);
        if (holder is null)
        {
            return CheckInOutcome.Refuse("notConfirmed",
                "Người này không có trong danh sách đã xác nhận tham dự, nên không cần ghi vắng.",
                "This person is not on the confirmed list, so there is no absence to record.");
        }

        if (await store.GetCheckInAsync(conference.Id, holder.Person.Id, cancellationToken).ConfigureAwait(false) is { } present)
        {
            return new CheckInOutcome(CheckInStatus.AlreadyCheckedIn, present, new BilingualText(
                $"{present.Name} đã điểm danh {WhenAndWhere(conference, present, Language.Vi)}, không ghi vắng được.",
                $"{present.Name} already checked in {WhenAndWhere(conference, present, Language.En)}; they cannot be marked absent."), "alreadyCheckedIn");
        }

        await store.SaveAbsenceAsync(conference.Id, new AbsenceRecord(holder.Person.Id, cleaned, time.GetUtcNow(), markedBy), cancellationToken).ConfigureAwait(false);
        LogMarkedAbsent(logger, conference.Id, holder.Person.Id);
        return new CheckInOutcome(CheckInStatus.MarkedAbsent, null, new BilingualText(
            $"Đã ghi {holder.Person.Name} vắng mặt, lý do: {cleaned}.", $"{holder.Person.Name} marked absent, reason: {cleaned}."));
    }

    /// <summary>Takes an absence mark back (marked by mistake); false when there was none.</summary>
    public Task<bool> ClearAbsenceAsync(Conference conference, string delegateId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        return string.IsNullOrWhiteSpace(delegateId) || delegateId.Length > MaxTextLength
            ? Task.FromResult(false)
            : store.RemoveAbsenceAsync(conference.Id, delegateId, cancellationToken);
    }

    /// <summary>The code the entrance screen shows now.</summary>
    public async Task<HallCodeDisplay> CurrentHallCodeAsync(Conference conference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var key = await passes.KeyAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        return HallCode.Current(key, time.GetUtcNow(), options.Value.HallCodeStep);
    }

    /// <summary>Confirmed people whose name contains the query, diacritics optional ("nguyen van hung" finds Nguyễn Văn Hùng).</summary>
    public async Task<IReadOnlyList<DeskPerson>> SearchAsync(Conference conference, string? query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var folded = Fold(query);
        if (folded.Length < 2 || folded.Length > MaxNameLength)
        {
            return [];
        }

        var all = await holders.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var present = (await store.ListCheckInsAsync(conference.Id, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.PersonId, StringComparer.Ordinal);
        return all
            .Where(h => Fold(h.Person.Name).Contains(folded, StringComparison.Ordinal))
            .OrderBy(h => h.Person.Name, StringComparer.Ordinal)
            .Take(MaxSearchResults)
            .Select(h => new DeskPerson(h.Person.Id, h.Person.Name, h.Person.Position, h.Person.Organisation, h.Person.GroupId, h.SubstituteForName, present.GetValueOrDefault(h.Person.Id)))
            .ToList();
    }

    /// <summary>"08h02 tại Bàn 2": when and where someone was checked in, in the conference's time zone.</summary>
    public static string WhenAndWhere(Conference conference, CheckInRecord record, Language language)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(record);
        var at = AgendaTime.Format(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(record.CheckedInAt, conference.Zone).DateTime));
        return language.Pick($"lúc {at} tại {record.Desk}", $"at {at} at {record.Desk}");
    }

    internal static string Fold(string? text) =>
        string.Join(' ', CommandText.RemoveDiacritics((text ?? "").Trim()).ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private async Task<CheckInOutcome> RecordAsync(Conference conference, PassHolder holder, Desk desk, CheckInMethod method, CancellationToken cancellationToken)
    {
        var person = holder.Person;
        var record = new CheckInRecord
        {
            PersonId = person.Id,
            Name = person.Name,
            Position = person.Position,
            Organisation = person.Organisation,
            GroupId = person.GroupId,
            District = person.District,
            SubstituteForName = holder.SubstituteForName,
            CheckedInAt = time.GetUtcNow(),
            Desk = desk.Name.Trim(),
            Method = method,
            By = desk.StaffName,
        };
        var (stored, added) = await store.TryCheckInAsync(conference.Id, record, cancellationToken).ConfigureAwait(false);
        if (!added)
        {
            return new CheckInOutcome(CheckInStatus.AlreadyCheckedIn, stored, new BilingualText(
                $"{stored.Name} đã điểm danh {WhenAndWhere(conference, stored, Language.Vi)}.",
                $"{stored.Name} already checked in {WhenAndWhere(conference, stored, Language.En)}."));
        }

        LogCheckedIn(logger, conference.Id, stored.PersonId, stored.Desk, method);
        var substitute = holder.SubstituteForName is { } original ? new BilingualText($" (dự thay {original})", $" (substitute for {original})") : null;
        return new CheckInOutcome(CheckInStatus.CheckedIn, stored, new BilingualText(
            $"Đã điểm danh: {stored.Name}{substitute?.Vi}.", $"Checked in: {stored.Name}{substitute?.En}."));
    }

    private static CheckInOutcome? Validate(Desk desk) =>
        desk is null || string.IsNullOrWhiteSpace(desk.Name) || desk.Name.Trim().Length > Desk.MaxNameLength
            ? CheckInOutcome.Refuse("desk",
                $"Xin đặt tên bàn đón tiếp (tối đa {Desk.MaxNameLength} ký tự), ví dụ «Bàn 1».",
                $"Please name the desk (at most {Desk.MaxNameLength} characters), e.g. “Desk 1”.")
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Conference {ConferenceId}: {PersonId} checked in at {Desk} ({Method})")]
    private static partial void LogCheckedIn(ILogger logger, string conferenceId, string personId, string desk, CheckInMethod method);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conference {ConferenceId}: desk {Desk} refused a pass ({Status})")]
    private static partial void LogRefused(ILogger logger, string conferenceId, string desk, PassLookupStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conference {ConferenceId}: {PersonId} marked absent")]
    private static partial void LogMarkedAbsent(ILogger logger, string conferenceId, string personId);
}
