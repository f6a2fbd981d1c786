using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KhConferenceBot.Conferences;
using KhConferenceBot.Teams.Cards;

namespace KhConferenceBot.Features.CheckIn;

/// <summary>
/// The headcount as the conference's group chat sees it: present against confirmed, by seat group, walk-ins and those
/// excused. Counts only: a group chat never gets a list of names (who is missing is for the desk and the organizers).
/// </summary>
public static class HeadcountCard
{
    /// <summary>What the card shows, as text: equal for equal counts, so a new time alone never costs an update.</summary>
    public static string StateOf(Headcount count)
    {
        ArgumentNullException.ThrowIfNull(count);
        var state = new StringBuilder();
        state.Append(CultureInfo.InvariantCulture, $"{count.ConfirmedPresent}/{count.Confirmed}+{count.WalkIns}-{count.Absent.Count}");
        foreach (var line in count.Groups)
        {
            state.Append(CultureInfo.InvariantCulture, $";{line.Key}={line.Present}/{line.Confirmed}");
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(state.ToString())), 0, 16);
    }

    /// <param name="final">The figure at the opening: the card says it is final and is not updated again.</param>
    public static AdaptiveCard Render(Conference conference, Headcount count, DateTimeOffset at, bool final)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(count);
        var time = AgendaTime.Format(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, conference.Zone).DateTime));
        var card = new AdaptiveCard
        {
            Lang = "vi",
            Body =
            {
                new TextBlock("SỐ ĐẠI BIỂU CÓ MẶT") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock(CardText.Plain(conference.ShortName.Vi) + " · Attendance in the hall") { IsSubtle = true, Spacing = Spacing.None },
                new TextBlock($"**{count.ConfirmedPresent}** / {count.Confirmed} đại biểu đã xác nhận có mặt")
                {
                    Size = TextSize.Large,
                },
                new TextBlock($"{count.ConfirmedPresent} of {count.Confirmed} confirmed delegates present") { IsSubtle = true, Spacing = Spacing.None },
            },
        };

        var facts = count.Groups.Select(l => new Fact(CardText.Plain(l.Name.Vi), $"{l.Present} / {l.Confirmed}")).ToList();
        if (count.WalkIns > 0)
        {
            facts.Add(new Fact("Khách không có giấy mời (walk-ins)", count.WalkIns.ToString(CultureInfo.InvariantCulture)));
        }

        if (count.Absent.Count > 0)
        {
            facts.Add(new Fact("Vắng có lý do (excused)", count.Absent.Count.ToString(CultureInfo.InvariantCulture)));
        }

        if (facts.Count > 0)
        {
            card.Body.Add(new FactSet { Facts = facts });
        }

        card.Body.Add(new TextBlock(final
            ? $"✅ Số liệu chốt lúc khai mạc ({time}). Final figure at the opening."
            : $"Cập nhật lúc {time}; tự cập nhật đến giờ khai mạc. Updated automatically until the opening.")
        {
            IsSubtle = true,
            Size = TextSize.Small,
        });
        return card;
    }
}
