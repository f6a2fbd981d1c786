using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.CheckIn;

/// <summary>A pass as stored: the short code currently valid for one person, and the answer it was issued for.</summary>
public sealed record StoredPass(string DelegateId, string Code, string IssuedFor, DateTimeOffset IssuedAt, string? ETag = null);

/// <summary>Where a short code points: the person it was issued to and the answer it was issued for.</summary>
public sealed record PassCode(string Code, string DelegateId, string IssuedFor);

/// <summary>One person in the hall: who (as shown at the desk), when, where and how.</summary>
public sealed record CheckInRecord
{
    public required string PersonId { get; init; }

    public required string Name { get; init; }

    public string? Position { get; init; }

    public string? Organisation { get; init; }

    public string? GroupId { get; init; }

    public string? District { get; init; }

    /// <summary>The delegate this person attends for, by name, when they are a named substitute.</summary>
    public string? SubstituteForName { get; init; }

    /// <summary>Registered at the desk without an invitation.</summary>
    public bool IsWalkIn { get; init; }

    public required DateTimeOffset CheckedInAt { get; init; }

    /// <summary>The desk's name as its staff set it ("Bàn 1"), or the self check-in marker.</summary>
    public required string Desk { get; init; }

    public required CheckInMethod Method { get; init; }

    /// <summary>Who pressed the button (reception staff) or the delegate themself.</summary>
    public string? By { get; init; }
}

/// <summary>A confirmed person the organizers know will not come, and why ("ốm", "đi công tác"): counted apart from the missing.</summary>
public sealed record AbsenceRecord(string PersonId, string Reason, DateTimeOffset MarkedAt, string? MarkedBy);

public enum CheckInMethod
{
    Scan,
    Code,
    NameSearch,
    WalkIn,
    SelfHallCode,
}

/// <summary>
/// Check-in rows on Azure Tables, one partition per conference: the conference's pass key, a pass per person, an index
/// row per short code ever issued (so a replaced code is recognised as revoked, not unknown) and one row per person in
/// the hall. A check-in is an insert: two desks scanning the same pass race on one row key and exactly one wins.
/// </summary>
public sealed class CheckInStore(TableStore tables)
{
    internal const string Table = "checkin";
    private const string SecretRow = "secret";
    private const string PassPrefix = "pass|";
    private const string CodePrefix = "code|";
    private const string InPrefix = "in|";
    private const string AbsentPrefix = "absent|";

    /// <summary>The conference's key for pass signatures and hall codes: made once, on first use, by whichever instance gets there first.</summary>
    public async Task<byte[]> GetOrCreateKeyAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = TableKeys.Encode(conferenceId);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(partition, SecretRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (found.HasValue && found.Value?.GetBinary("Key") is { Length: >= 32 } key)
            {
                return key;
            }

            try
            {
                var fresh = RandomNumberGenerator.GetBytes(32);
                await table.AddEntityAsync(new TableEntity(partition, SecretRow) { ["Key"] = fresh }, cancellationToken).ConfigureAwait(false);
                return fresh;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Another instance made it first: read theirs.
            }
        }

        throw new InvalidOperationException($"The check-in key of conference '{conferenceId}' could not be read or created.");
    }

    public async Task<StoredPass?> GetPassAsync(string conferenceId, string delegateId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(
            TableKeys.Encode(conferenceId), PassPrefix + TableKeys.Encode(delegateId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value is { } e
            ? new StoredPass(delegateId, e.GetString("Code") ?? "", e.GetString("IssuedFor") ?? "", e.GetDateTimeOffset("IssuedAt") ?? DateTimeOffset.MinValue, e.ETag.ToString())
            : null;
    }

    /// <summary>Claims a short code; false when the conference already has it (the caller draws another).</summary>
    public async Task<bool> TryAddCodeAsync(string conferenceId, PassCode code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(new TableEntity(TableKeys.Encode(conferenceId), CodePrefix + code.Code)
            {
                ["DelegateId"] = code.DelegateId,
                ["IssuedFor"] = code.IssuedFor,
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<PassCode?> GetCodeAsync(string conferenceId, string code, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(
            TableKeys.Encode(conferenceId), CodePrefix + code, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value is { } e ? new PassCode(code, e.GetString("DelegateId") ?? "", e.GetString("IssuedFor") ?? "") : null;
    }

    /// <summary>Every short code the conference ever issued (the desk keeps them: a code row never changes once added).</summary>
    public async Task<IReadOnlyList<PassCode>> ListCodesAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);

        // "code|" .. "code}" bounds exactly the rows that start with "code|" ('}' follows '|').
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(conferenceId)} and RowKey ge {CodePrefix} and RowKey lt {"code}"}");
        var codes = new List<PassCode>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey", "DelegateId", "IssuedFor"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            codes.Add(new PassCode(e.RowKey[CodePrefix.Length..], e.GetString("DelegateId") ?? "", e.GetString("IssuedFor") ?? ""));
        }

        return codes;
    }

    /// <summary>Stores the pass if the row is still at <paramref name="expectedETag"/> (null: must not exist); false when another issue won.</summary>
    public async Task<bool> TrySavePassAsync(string conferenceId, StoredPass pass, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(TableKeys.Encode(conferenceId), PassPrefix + TableKeys.Encode(pass.DelegateId))
        {
            ["DelegateId"] = pass.DelegateId,
            ["Code"] = pass.Code,
            ["IssuedFor"] = pass.IssuedFor,
            ["IssuedAt"] = pass.IssuedAt,
        };
        try
        {
            _ = expectedETag is null
                ? await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
                : await table.UpdateEntityAsync(entity, new ETag(expectedETag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Records the check-in unless the person already has one; returns the row that stands (ours or the earlier one).</summary>
    public async Task<(CheckInRecord Record, bool Added)> TryCheckInAsync(string conferenceId, CheckInRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = TableKeys.Encode(conferenceId);
        var row = InPrefix + TableKeys.Encode(record.PersonId);
        try
        {
            await table.AddEntityAsync(ToEntity(partition, row, record), cancellationToken).ConfigureAwait(false);
            return (record, true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await table.GetEntityAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (FromEntity(existing.Value), false);
        }
    }

    public async Task<CheckInRecord?> GetCheckInAsync(string conferenceId, string personId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(
            TableKeys.Encode(conferenceId), InPrefix + TableKeys.Encode(personId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value is { } e ? FromEntity(e) : null;
    }

    public async Task<IReadOnlyList<CheckInRecord>> ListCheckInsAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = TableKeys.Encode(conferenceId);

        // "in|" .. "in}" bounds exactly the rows that start with "in|" ('}' follows '|').
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {InPrefix} and RowKey lt {"in}"}");
        var list = new List<CheckInRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(FromEntity(entity));
        }

        return list;
    }

    public async Task SaveAbsenceAsync(string conferenceId, AbsenceRecord absence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(absence);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Encode(conferenceId), AbsentPrefix + TableKeys.Encode(absence.PersonId))
        {
            ["PersonId"] = absence.PersonId,
            ["Reason"] = absence.Reason,
            ["MarkedAt"] = absence.MarkedAt,
            ["MarkedBy"] = absence.MarkedBy,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes the mark back; false when there was none.</summary>
    public async Task<bool> RemoveAbsenceAsync(string conferenceId, string personId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var response = await table.DeleteEntityAsync(TableKeys.Encode(conferenceId), AbsentPrefix + TableKeys.Encode(personId), ETag.All, cancellationToken).ConfigureAwait(false);
        return response.Status != 404;
    }

    public async Task<IReadOnlyList<AbsenceRecord>> ListAbsencesAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = TableKeys.Encode(conferenceId);

        // "absent|" .. "absent}" bounds exactly the rows that start with "absent|".
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {AbsentPrefix} and RowKey lt {"absent}"}");
        var list = new List<AbsenceRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new AbsenceRecord(e.GetString("PersonId") ?? "", e.GetString("Reason") ?? "", e.GetDateTimeOffset("MarkedAt") ?? DateTimeOffset.MinValue, e.GetString("MarkedBy")));
        }

        return list;
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetTableAsync(Table, cancellationToken);

    private static TableEntity ToEntity(string partition, string row, CheckInRecord r) => new(partition, row)
    {
        ["PersonId"] = r.PersonId,
        ["Name"] = r.Name,
        ["Position"] = r.Position,
        ["Organisation"] = r.Organisation,
        ["GroupId"] = r.GroupId,
        ["District"] = r.District,
        ["SubstituteForName"] = r.SubstituteForName,
        ["IsWalkIn"] = r.IsWalkIn,
        ["CheckedInAt"] = r.CheckedInAt,
        ["Desk"] = r.Desk,
        ["Method"] = r.Method.ToString(),
        ["By"] = r.By,
    };

    private static CheckInRecord FromEntity(TableEntity e) => new()
    {
        PersonId = e.GetString("PersonId") ?? "",
        Name = e.GetString("Name") ?? "",
        Position = e.GetString("Position"),
        Organisation = e.GetString("Organisation"),
        GroupId = e.GetString("GroupId"),
        District = e.GetString("District"),
        SubstituteForName = e.GetString("SubstituteForName"),
        IsWalkIn = e.GetBoolean("IsWalkIn") ?? false,
        CheckedInAt = e.GetDateTimeOffset("CheckedInAt") ?? DateTimeOffset.MinValue,
        Desk = e.GetString("Desk") ?? "",
        Method = Enum.TryParse<CheckInMethod>(e.GetString("Method"), out var method) ? method : CheckInMethod.Code,
        By = e.GetString("By"),
    };
}
