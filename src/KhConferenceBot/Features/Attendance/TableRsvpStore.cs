using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.Attendance;

/// <summary>Answers on Azure Tables: partition = conference, row = delegate id; writes are optimistic on the ETag.</summary>
public sealed class TableRsvpStore(TableStore tables) : IRsvpStore
{
    internal const string Table = "rsvp";

    public async Task<RsvpRecord?> GetAsync(string conferenceId, string delegateId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(
            TableKeys.Encode(conferenceId), TableKeys.Encode(delegateId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value is { } entity ? Read(entity) : null;
    }

    public async Task<IReadOnlyList<RsvpRecord>> ListAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var partition = TableKeys.Encode(conferenceId);
        var result = new List<RsvpRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (Read(entity) is { } record)
            {
                result.Add(record);
            }
        }

        return result;
    }

    public async Task<RsvpRecord?> TrySaveAsync(RsvpRecord record, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(TableKeys.Encode(record.ConferenceId), TableKeys.Encode(record.DelegateId))
        {
            ["ConferenceId"] = record.ConferenceId,
            ["DelegateId"] = record.DelegateId,
            ["Answer"] = record.Answer.ToString(),
            ["Reason"] = record.Reason,
            ["SubstituteName"] = record.SubstituteName,
            ["SubstitutePosition"] = record.SubstitutePosition,
            ["SubstituteEmail"] = record.SubstituteEmail,
            ["AnsweredAt"] = record.AnsweredAt,
        };
        try
        {
            Response response = expectedETag is null
                ? await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
                : await table.UpdateEntityAsync(entity, new ETag(expectedETag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return record with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return null;
        }
    }

    private static RsvpRecord? Read(TableEntity entity)
    {
        // A row written by a newer version with an answer this one does not know is skipped, not guessed at.
        if (!Enum.TryParse<RsvpAnswer>(entity.GetString("Answer"), out var answer))
        {
            return null;
        }

        return new RsvpRecord
        {
            ConferenceId = entity.GetString("ConferenceId") ?? TableKeys.Decode(entity.PartitionKey),
            DelegateId = entity.GetString("DelegateId") ?? TableKeys.Decode(entity.RowKey),
            Answer = answer,
            Reason = entity.GetString("Reason"),
            SubstituteName = entity.GetString("SubstituteName"),
            SubstitutePosition = entity.GetString("SubstitutePosition"),
            SubstituteEmail = entity.GetString("SubstituteEmail"),
            AnsweredAt = entity.GetDateTimeOffset("AnsweredAt") ?? DateTimeOffset.MinValue,
            ETag = entity.ETag.ToString(),
        };
    }
}
