using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;

namespace KhConferenceBot.Features.Invitations;

public sealed record LeaderEntry(int Slot, string Name, string Position, string? Email);

public sealed record DistrictRegistrationDecision(IReadOnlyList<ConferenceDelegate> Leaders, BilingualText? Refusal);

/// <summary>The plan: each district, town and city registers its own leaders (three by default) through its contact.</summary>
public static class DistrictRegistration
{
    /// <summary>Form slots read from card data. More than the quota is refused, never silently cut.</summary>
    private const int SlotsRead = 20;

    public static bool IsContact(Conference conference, ConferenceDelegate delegateInfo) =>
        conference.FindGroup(delegateInfo.GroupId)?.RegistersLeaders is > 0 && delegateInfo.RegisteredById is null && delegateInfo.SubstituteForId is null;

    public static int Quota(Conference conference, ConferenceDelegate contact) => conference.FindGroup(contact.GroupId)?.RegistersLeaders ?? 0;

    /// <summary>Reads leader{n}Name / leader{n}Position / leader{n}Email; a half-filled row is an error the contact must fix.</summary>
    public static (IReadOnlyList<LeaderEntry> Entries, BilingualText? Error) ReadEntries(Func<string, string?> field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var entries = new List<LeaderEntry>();
        for (var slot = 1; slot <= SlotsRead; slot++)
        {
            var name = RsvpRules.Clean(field($"leader{slot}Name"));
            var position = RsvpRules.Clean(field($"leader{slot}Position"));
            var email = RsvpRules.Clean(field($"leader{slot}Email"))?.ToLowerInvariant();
            if (name is null && position is null && email is null)
            {
                continue;
            }

            if (name is null || position is null)
            {
                return ([], new BilingualText($"Dòng {slot}: vui lòng nhập đủ họ tên và chức vụ.", $"Row {slot}: please enter both name and position."));
            }

            if (name.Length > RsvpRules.MaxNameLength || position.Length > RsvpRules.MaxPositionLength)
            {
                return ([], new BilingualText($"Dòng {slot}: họ tên hoặc chức vụ quá dài.", $"Row {slot}: the name or position is too long."));
            }

            if (email is not null && !RsvpRules.IsValidEmail(email))
            {
                return ([], new BilingualText($"Dòng {slot}: địa chỉ email không hợp lệ.", $"Row {slot}: the email address is not valid."));
            }

            entries.Add(new LeaderEntry(slot, name, position, email));
        }

        return (entries, null);
    }

    /// <summary>
    /// Turns the form into delegates. Leaders already registered by this contact keep their rows (the store cannot
    /// delete), so they count against the quota unless the new form names them again.
    /// </summary>
    public static DistrictRegistrationDecision Decide(
        Conference conference,
        ConferenceDelegate contact,
        IReadOnlyList<LeaderEntry> entries,
        IReadOnlyList<ConferenceDelegate> allDelegates,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(contact);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(allDelegates);
        var quota = Quota(conference, contact);
        if (!IsContact(conference, contact))
        {
            return Refuse("Quý đại biểu không phụ trách đăng ký lãnh đạo cho địa phương.", "You are not the registration contact of a locality.");
        }

        if (entries.Count == 0)
        {
            return Refuse("Vui lòng nhập ít nhất một lãnh đạo.", "Please enter at least one leader.");
        }

        if (entries.Count > quota)
        {
            return Refuse($"Mỗi địa phương đăng ký tối đa {quota:00} lãnh đạo; đã nhập {entries.Count}.", $"Each locality registers at most {quota} leaders; you entered {entries.Count}.");
        }

        var leaders = new List<ConferenceDelegate>();
        foreach (var entry in entries)
        {
            var id = entry.Email is { } email ? ConferenceDelegate.IdFromEmail(email) : $"{contact.Id}~leader-{entry.Slot}";
            var existing = allDelegates.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase));
            if (existing is not null && !string.Equals(existing.RegisteredById, contact.Id, StringComparison.Ordinal))
            {
                return Refuse($"{entry.Name}: email này đã có trong danh sách đại biểu.", $"{entry.Name}: this email is already on the delegate list.");
            }

            if (string.Equals(id, contact.Id, StringComparison.OrdinalIgnoreCase))
            {
                return Refuse("Không thể đăng ký chính mình; Quý đại biểu đã có trong danh sách.", "You cannot register yourself; you are already on the list.");
            }

            leaders.Add(new ConferenceDelegate
            {
                Id = id,
                Name = entry.Name,
                Position = entry.Position,
                Organisation = contact.Organisation,
                GroupId = contact.GroupId,
                Category = contact.Category,
                Email = entry.Email,
                AadObjectId = existing?.AadObjectId,
                District = contact.District,
                RegisteredById = contact.Id,
                UpdatedAt = now,
            });
        }

        if (leaders.Select(l => l.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count() != leaders.Count)
        {
            return Refuse("Một lãnh đạo được nhập hai lần.", "The same leader was entered twice.");
        }

        var kept = allDelegates.Count(d => string.Equals(d.RegisteredById, contact.Id, StringComparison.Ordinal)
            && !leaders.Any(l => string.Equals(l.Id, d.Id, StringComparison.OrdinalIgnoreCase)));
        if (kept + leaders.Count > quota)
        {
            return Refuse(
                $"Địa phương đã đăng ký {kept} lãnh đạo khác; tổng cộng không quá {quota:00}. Xin liên hệ Ban Tổ chức để thay đổi.",
                $"Your locality already registered {kept} other leaders; the total may not exceed {quota}. Contact the organizers to change it.");
        }

        return new DistrictRegistrationDecision(leaders, null);
    }

    private static DistrictRegistrationDecision Refuse(string vi, string en) => new([], new BilingualText(vi, en));
}
