namespace KhConferenceBot.Features.Attendance;

public enum RsvpAnswer
{
    Attend,
    Decline,
    Substitute,
}

/// <summary>A delegate's answer to the invitation: one row per delegate, replaced when they change their mind.</summary>
public sealed record RsvpRecord
{
    public required string ConferenceId { get; init; }

    public required string DelegateId { get; init; }

    public RsvpAnswer Answer { get; init; }

    public string? Reason { get; init; }

    public string? SubstituteName { get; init; }

    public string? SubstitutePosition { get; init; }

    public string? SubstituteEmail { get; init; }

    public DateTimeOffset AnsweredAt { get; init; }

    /// <summary>The storage version this record was read at; null for a record not yet stored.</summary>
    public string? ETag { get; init; }

    /// <summary>True when both say the same thing, whenever and however often it was said.</summary>
    public bool SameAnswerAs(RsvpRecord other) =>
        other is not null
        && Answer == other.Answer
        && string.Equals(Reason ?? "", other.Reason ?? "", StringComparison.Ordinal)
        && string.Equals(SubstituteName ?? "", other.SubstituteName ?? "", StringComparison.Ordinal)
        && string.Equals(SubstitutePosition ?? "", other.SubstitutePosition ?? "", StringComparison.Ordinal)
        && string.Equals(SubstituteEmail ?? "", other.SubstituteEmail ?? "", StringComparison.OrdinalIgnoreCase);
}

public interface IRsvpStore
{
    Task<RsvpRecord?> GetAsync(string conferenceId, string delegateId, CancellationToken cancellationToken);

    Task<IReadOnlyList<RsvpRecord>> ListAsync(string conferenceId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the answer if the row is still at <paramref name="expectedETag"/> (null: the row must not exist yet).
    /// Returns the stored record with its new ETag, or null when someone else wrote first.
    /// </summary>
    Task<RsvpRecord?> TrySaveAsync(RsvpRecord record, string? expectedETag, CancellationToken cancellationToken);
}
