namespace KhConferenceBot.Outbox;

/// <summary>
/// Outbox purposes are per conference ("{conferenceId}/invitation"), so each conference's rows are partitions of their
/// own: listing one conference's invitations never reads another's.
/// </summary>
public static class OutboxPurposes
{
    public static string Of(string conferenceId, string purpose)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conferenceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        return conferenceId + "/" + purpose;
    }

    /// <summary>The conference a purpose belongs to, or null for one written before purposes were per conference.</summary>
    public static string? ConferenceOf(string purpose)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        var slash = purpose.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? purpose[..slash] : null;
    }
}
