using System.Globalization;
using System.Text;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;

namespace KhConferenceBot.Features.Invitations;

/// <summary>
/// The conference as an iCalendar file (RFC 5545), written by hand: one VEVENT, UTC times, folded lines. Every
/// schedule change raises SEQUENCE (and sets LAST-MODIFIED), so a calendar app that imported the event replaces it.
/// </summary>
public static class ConferenceCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";
    private const int MaxLineOctets = 75;

    public static string Build(Conference conference, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var description = new StringBuilder();
        description.Append(conference.Title.Vi).Append('\n');
        if (conference.Chair is { } chair)
        {
            description.Append("Chủ trì: ").Append(chair.Vi).Append('\n');
        }

        foreach (var item in conference.Agenda.Where(a => !a.Cancelled).OrderBy(a => a.Start))
        {
            description.Append(item.TimeRange).Append(": ").Append(item.Content.Vi).Append('\n');
        }

        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//KhConferenceBot//Conference invitation//VI",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            $"UID:{conference.Id}@khconferencebot",
            $"SEQUENCE:{conference.Revision.ToString(CultureInfo.InvariantCulture)}",
            $"DTSTAMP:{Utc(now)}",
            $"DTSTART:{Utc(conference.StartsAt)}",
            $"DTEND:{Utc(conference.EndsAt)}",
            $"SUMMARY:{Escape(conference.ShortName.Get(Language.Vi))}",
            $"LOCATION:{Escape(conference.Venue.Vi)}",
            $"DESCRIPTION:{Escape(description.ToString().TrimEnd('\n'))}",
            "END:VEVENT",
            "END:VCALENDAR",
        };
        if (conference.RevisedAt is { } revised)
        {
            lines.Insert(lines.IndexOf("END:VEVENT"), $"LAST-MODIFIED:{Utc(revised)}");
        }

        var ics = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(ics, line);
        }

        return ics.ToString();
    }

    /// <summary>TEXT escaping of RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case ';': sb.Append("\\;"); break;
                case ',': sb.Append("\\,"); break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n': break;
                case '\r' or '\n': sb.Append("\\n"); break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Lines longer than 75 octets continue on the next line after CRLF and one space (§3.1). Cuts fall between
    /// characters, never inside a UTF-8 sequence or a surrogate pair, so Vietnamese text survives unfolding.
    /// </summary>
    private static void Fold(StringBuilder output, string line)
    {
        var octets = 0;
        var limit = MaxLineOctets;
        for (var i = 0; i < line.Length; i++)
        {
            var width = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, width));
            if (octets + size > limit)
            {
                output.Append("\r\n ");
                octets = 0;
                limit = MaxLineOctets - 1; // the leading space of a continuation line counts
            }

            output.Append(line, i, width);
            octets += size;
            i += width - 1;
        }

        output.Append("\r\n");
    }

    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
