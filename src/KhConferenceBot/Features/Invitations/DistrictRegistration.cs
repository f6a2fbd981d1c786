using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;

namespace KhConferenceBot.Features.Invitations;

/// <param name="CurrentId">The leader the form showed in this slot (card data; checked against the contact's leaders).</param>
public sealed record LeaderEntry(int Slot, string Name, string Position, string? Email, string? CurrentId = null);

/// <summary>The contact's leaders after the form (to write), those the form no longer names (to remove), or why not.</summary>
public sealed record DistrictRegistrationDecision(IReadOnlyList<ConferenceDelegate> Leaders, BilingualText? Refusal, IReadOnlyList<ConferenceDelegate>? Removed = null)
{
    public IReadOnlyList<ConferenceDelegate> RemovedLeaders => Removed ?? [];
}

/// <summary>The plan: each district, town and city registers its own leaders (three by default) through its contact.</summary>
public static class DistrictRegistration
{
    /// <summary>Form slots read from card data. More than the quota is refused, never silently cut.</summary>
    private const int SlotsRead = 20;

    public static bool IsContact(Conference conference, ConferenceDelegate delegateInfo) =>
        conference.FindGroup(delegateInfo.GroupId)?.RegistersLeaders is > 0 && delegateInfo.RegisteredById is null && delegateInfo.SubstituteForId is null;

    public static int Quota(Conference conference, ConferenceDelegate contact) => conference.FindGroup(contact.GroupId)?.RegistersLeaders ?? 0;

    public static string CurrentIdField(int slot) => $"leader{slot}Id";

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

            entries.Add(new LeaderEntry(slot, name, position, email, RsvpRules.Clean(field(CurrentIdField(slot)))));
        }

        return (entries, null);
    }

    /// <summary>
    /// Turns the form into delegates. The form lists the contact's whole registration (it is pre-filled with it): a
    /// leader keeps their id when the slot still names them, so re-submitting or correcting a position changes nothing
    /// else; a leader the form no longer names is removed, and a different person typed over a slot replaces them.
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

        var registered = allDelegates.Where(d => string.Equals(d.RegisteredById, contact.Id, StringComparison.Ordinal)).ToList();
        if (entries.Count == 0 && registered.Count == 0)
        {
            return Refuse("Vui lòng nhập ít nhất một lãnh đạo.", "Please enter at least one leader.");
        }

        if (entries.Count > quota)
        {
            return Refuse($"Mỗi địa phương đăng ký tối đa {quota:00} lãnh đạo; đã nhập {entries.Count}.", $"Each locality registers at most {quota} leaders; you entered {entries.Count}.");
        }

        var leaders = new List<ConferenceDelegate>();
        var taken = new HashSet<string>(allDelegates.Select(d => d.Id), StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            var id = LeaderId(contact, entry, registered, leaders, taken);
            var existing = allDelegates.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase));
            if (existing is not null && !string.Equals(existing.RegisteredById, contact.Id, StringComparison.Ordinal))
            {
                return Refuse($"{entry.Name}: email này đã có trong danh sách đại biểu.", $"{entry.Name}: this email is already on the delegate list.");
            }

            if (string.Equals(id, contact.Id, StringComparison.OrdinalIgnoreCase))
            {
                return Refuse("Không thể đăng ký chính mình; Quý đại biểu đã có trong danh sách.", "You cannot register yourself; you are already on the list.");
            }

            taken.Add(id);
            var same = existing is not null && existing.Name == entry.Name && existing.Position == entry.Position && existing.Email == entry.Email;
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
                UpdatedAt = same ? existing!.UpdatedAt : now,
            });
        }

        if (leaders.Select(l => l.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count() != leaders.Count)
        {
            return Refuse("Một lãnh đạo được nhập hai lần.", "The same leader was entered twice.");
        }

        var removed = registered.Where(r => !leaders.Any(l => string.Equals(l.Id, r.Id, StringComparison.OrdinalIgnoreCase))).ToList();
        return new DistrictRegistrationDecision(leaders, null, removed);
    }

    /// <summary>
    /// Who a slot names: the person of its e-mail; else the leader the slot showed, when it still names them; else a
    /// leader of the same name without e-mail (a card from before slots carried ids, or a form sent twice); else
    /// someone new, with an id no one has.
    /// </summary>
    private static string LeaderId(ConferenceDelegate contact, LeaderEntry entry, IReadOnlyList<ConferenceDelegate> registered, IReadOnlyList<ConferenceDelegate> chosen, HashSet<string> taken)
    {
        if (entry.Email is { } email)
        {
            return ConferenceDelegate.IdFromEmail(email);
        }

        bool Free(ConferenceDelegate d) => !chosen.Any(c => string.Equals(c.Id, d.Id, StringComparison.OrdinalIgnoreCase));
        var shown = registered.FirstOrDefault(d => string.Equals(d.Id, entry.CurrentId, StringComparison.Ordinal) && Free(d));
        if (shown is not null && string.Equals(shown.Name, entry.Name, StringComparison.OrdinalIgnoreCase))
        {
            return shown.Id;
        }

        var sameName = registered.FirstOrDefault(d => d.Email is null && Free(d) && string.Equals(d.Name, entry.Name, StringComparison.OrdinalIgnoreCase));
        if (sameName is not null)
        {
            return sameName.Id;
        }

        var n = 1;
        while (taken.Contains($"{contact.Id}~leader-{n}"))
        {
            n++;
        }

        return $"{contact.Id}~leader-{n}";
    }

    private static DistrictRegistrationDecision Refuse(string vi, string en) => new([], new BilingualText(vi, en));
}
