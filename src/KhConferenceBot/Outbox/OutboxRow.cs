using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Outbox;

/// <summary>One outbox row as the sender works on it.</summary>
internal sealed class OutboxRow
{
    public const string StateColumn = "State";

    public required string PartitionKey { get; init; }

    public required string RowKey { get; init; }

    public required string Purpose { get; init; }

    public required string RecipientKey { get; init; }

    public byte[]? ActivityJson { get; init; }

    public OutboxChannel Channel { get; init; }

    /// <summary>The e-mail of an <see cref="OutboxChannel.Email"/> row (gzipped JSON, <see cref="OutboxMail.ToBytes"/>).</summary>
    public byte[]? MailBytes { get; init; }

    public string? UserAadObjectId { get; init; }

    /// <summary>The conference delegate the message is for, when it is for one (<see cref="OutboxMessage.DelegateId"/>).</summary>
    public string? DelegateId { get; init; }

    public string? ConversationId { get; set; }

    public string? ServiceUrl { get; set; }

    public string? TenantId { get; set; }

    public OutboxState State { get; set; }

    public int Attempts { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public DateTimeOffset EnqueuedAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public string? LeaseOwner { get; set; }

    public string? ActivityId { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public ETag ETag { get; set; }

    public (string, string) Key => (PartitionKey, RowKey);

    public static OutboxState ParseState(string? value) => Enum.TryParse<OutboxState>(value, out var state) ? state : OutboxState.Failed;

    public static OutboxRow From(TableEntity e) => new()
    {
        PartitionKey = e.PartitionKey,
        RowKey = e.RowKey,
        Purpose = e.GetString("Purpose") ?? TableKeys.Decode(e.PartitionKey),
        RecipientKey = e.GetString("RecipientKey") ?? TableKeys.Decode(e.RowKey),
        ActivityJson = e.GetBinary("Activity"),
        Channel = Enum.TryParse<OutboxChannel>(e.GetString("Channel"), out var channel) ? channel : OutboxChannel.Teams,
        MailBytes = e.GetBinary("Mail"),
        UserAadObjectId = e.GetString("UserAadObjectId"),
        DelegateId = e.GetString("DelegateId"),
        ConversationId = e.GetString("ConversationId"),
        ServiceUrl = e.GetString("ServiceUrl"),
        TenantId = e.GetString("TenantId"),
        State = ParseState(e.GetString(StateColumn)),
        Attempts = e.GetInt32("Attempts") ?? 0,
        NextAttemptAt = e.GetDateTimeOffset("NextAttemptAt") ?? DateTimeOffset.MinValue,
        EnqueuedAt = e.GetDateTimeOffset("EnqueuedAt") ?? DateTimeOffset.MinValue,
        SentAt = e.GetDateTimeOffset("SentAt"),
        LeaseUntil = e.GetDateTimeOffset("LeaseUntil"),
        LeaseOwner = e.GetString("LeaseOwner"),
        ActivityId = e.GetString("ActivityId"),
        ErrorCode = e.GetString("ErrorCode"),
        ErrorMessage = e.GetString("ErrorMessage"),
        ETag = e.ETag,
    };

    public OutboxEntry ToEntry() => new(Purpose, RecipientKey, State, Attempts, ConversationId, ServiceUrl, ActivityId, ErrorCode, ErrorMessage, EnqueuedAt, SentAt, Channel);

    /// <summary>A new Pending row for <paramref name="message"/>; throws when the message cannot be sent as it is.</summary>
    public static TableEntity NewEntity(OutboxMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Purpose);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.RecipientKey);
        if (message.Mail is { } mail)
        {
            return NewMailEntity(message, mail, now);
        }

        ArgumentNullException.ThrowIfNull(message.Activity);
        if (string.IsNullOrWhiteSpace(message.UserAadObjectId) && string.IsNullOrWhiteSpace(message.ConversationId))
        {
            throw new ArgumentException($"Outbox message {message.Purpose}/{message.RecipientKey} names no recipient: set UserAadObjectId or ConversationId.", nameof(message));
        }

        // A conference's message carries its conference on every button, as a card sent within a turn does.
        var activity = OutboxPurposes.ConferenceOf(message.Purpose) is { } conferenceId ? Conferences.ConferenceCards.Stamp(message.Activity, conferenceId) : message.Activity;
        var json = JsonSerializer.SerializeToUtf8Bytes(activity, TeamsJson.Options);
        if (json.Length > TableOutbox.MaxActivityBytes)
        {
            throw new ArgumentException(
                $"Outbox message {message.Purpose}/{message.RecipientKey} is {json.Length} bytes of JSON; an outbox row holds at most {TableOutbox.MaxActivityBytes}. Teams would refuse it anyway: make the card smaller.",
                nameof(message));
        }

        return new TableEntity(TableKeys.Encode(message.Purpose), TableKeys.Encode(message.RecipientKey))
        {
            ["Purpose"] = message.Purpose,
            ["RecipientKey"] = message.RecipientKey,
            ["Activity"] = json,
            ["UserAadObjectId"] = message.UserAadObjectId,
            ["DelegateId"] = message.DelegateId,
            ["ConversationId"] = message.ConversationId,
            ["ServiceUrl"] = message.ServiceUrl,
            ["TenantId"] = message.Activity.TenantId,
            [OutboxRow.StateColumn] = nameof(OutboxState.Pending),
            ["Attempts"] = 0,
            ["NextAttemptAt"] = message.NotBefore is { } notBefore && notBefore > now ? notBefore : now,
            ["EnqueuedAt"] = now,
        };
    }

    private static TableEntity NewMailEntity(OutboxMessage message, OutboxMail mail, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(mail.To) || !System.Net.Mail.MailAddress.TryCreate(mail.To, out _))
        {
            throw new ArgumentException($"Outbox e-mail {message.Purpose}/{message.RecipientKey} has no valid recipient address.", nameof(message));
        }

        var bytes = mail.ToBytes();
        if (bytes.Length > TableOutbox.MaxActivityBytes)
        {
            throw new ArgumentException(
                $"Outbox e-mail {message.Purpose}/{message.RecipientKey} is {bytes.Length} bytes compressed; an outbox row holds at most {TableOutbox.MaxActivityBytes}.",
                nameof(message));
        }

        return new TableEntity(TableKeys.Encode(message.Purpose), TableKeys.Encode(message.RecipientKey))
        {
            ["Purpose"] = message.Purpose,
            ["RecipientKey"] = message.RecipientKey,
            ["Channel"] = nameof(OutboxChannel.Email),
            ["Mail"] = bytes,
            ["DelegateId"] = message.DelegateId,
            [OutboxRow.StateColumn] = nameof(OutboxState.Pending),
            ["Attempts"] = 0,
            ["NextAttemptAt"] = message.NotBefore is { } notBefore && notBefore > now ? notBefore : now,
            ["EnqueuedAt"] = now,
        };
    }
}
