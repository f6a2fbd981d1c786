using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Conferences;

/// <summary>What a person may do in one conference, besides being one of its delegates.</summary>
[Flags]
public enum ConferenceRole
{
    None = 0,

    /// <summary>Runs the conference: invitations, agenda, questions, people.</summary>
    Organizer = 1,

    /// <summary>Reception staff at the door (check-in).</summary>
    Reception = 2,
}

/// <summary>A person's roles in one conference, with the name and e-mail to show in lists.</summary>
public sealed record ConferenceMember(
    string ConferenceId,
    string AadObjectId,
    ConferenceRole Roles,
    string? Name,
    string? Email,
    string? GrantedBy,
    DateTimeOffset GrantedAt);

/// <summary>One line of a person's own index: a conference they hold a role in.</summary>
public sealed record MemberConference(string ConferenceId, ConferenceRole Roles);

public interface IConferenceRoleStore
{
    Task<ConferenceMember?> GetAsync(string conferenceId, string aadObjectId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ConferenceMember>> ListAsync(string conferenceId, CancellationToken cancellationToken);

    /// <summary>Writes the member's roles (the whole row); <see cref="ConferenceRole.None"/> removes the person.</summary>
    Task SetAsync(ConferenceMember member, CancellationToken cancellationToken);

    Task<IReadOnlyList<MemberConference>> ConferencesOfAsync(string aadObjectId, CancellationToken cancellationToken);
}

/// <summary>
/// Table "conferenceroles": partition = conference id, row = object id, so a conference's people are one partition and
/// a role check is a point read. Table "memberconferences" is the index by person (partition = object id, row =
/// conference id), so "which conferences is this person in" is one partition too. The index is written before a grant
/// and after a revoke, so it only ever lists too much, never too little; every check reads the role row itself.
/// </summary>
public sealed class TableConferenceRoleStore(TableStore tables) : IConferenceRoleStore
{
    private const string Table = "conferenceroles";
    private const string IndexTable = "memberconferences";

    public async Task<ConferenceMember?> GetAsync(string conferenceId, string aadObjectId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(
            TableKeys.Encode(conferenceId), TableKeys.Encode(Normalize(aadObjectId)), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value is not null ? Read(found.Value) : null;
    }

    public async Task<IReadOnlyList<ConferenceMember>> ListAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var partition = TableKeys.Encode(conferenceId);
        var list = new List<ConferenceMember>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(Read(entity));
        }

        return list;
    }

    public async Task SetAsync(ConferenceMember member, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var index = await tables.GetTableAsync(IndexTable, cancellationToken).ConfigureAwait(false);
        var aad = Normalize(member.AadObjectId);
        if (member.Roles == ConferenceRole.None)
        {
            await table.DeleteEntityAsync(TableKeys.Encode(member.ConferenceId), TableKeys.Encode(aad), ETag.All, cancellationToken).ConfigureAwait(false);
            await index.DeleteEntityAsync(TableKeys.Encode(aad), TableKeys.Encode(member.ConferenceId), ETag.All, cancellationToken).ConfigureAwait(false);
            return;
        }

        await index.UpsertEntityAsync(new TableEntity(TableKeys.Encode(aad), TableKeys.Encode(member.ConferenceId))
        {
            ["ConferenceId"] = member.ConferenceId,
            ["Roles"] = (int)member.Roles,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Encode(member.ConferenceId), TableKeys.Encode(aad))
        {
            ["ConferenceId"] = member.ConferenceId,
            ["AadObjectId"] = aad,
            ["Roles"] = (int)member.Roles,
            ["Name"] = member.Name,
            ["Email"] = member.Email,
            ["GrantedBy"] = member.GrantedBy,
            ["GrantedAt"] = member.GrantedAt,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MemberConference>> ConferencesOfAsync(string aadObjectId, CancellationToken cancellationToken)
    {
        var index = await tables.GetTableAsync(IndexTable, cancellationToken).ConfigureAwait(false);
        var partition = TableKeys.Encode(Normalize(aadObjectId));
        var list = new List<MemberConference>();
        await foreach (var entity in index.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new MemberConference(entity.GetString("ConferenceId") ?? TableKeys.Decode(entity.RowKey), (ConferenceRole)(entity.GetInt32("Roles") ?? 0)));
        }

        return list;
    }

    /// <summary>Entra object ids are GUIDs; Teams and Graph write them in either case.</summary>
    private static string Normalize(string aadObjectId) => aadObjectId.Trim().ToLowerInvariant();

    private static ConferenceMember Read(TableEntity e) => new(
        e.GetString("ConferenceId") ?? TableKeys.Decode(e.PartitionKey),
        e.GetString("AadObjectId") ?? TableKeys.Decode(e.RowKey),
        (ConferenceRole)(e.GetInt32("Roles") ?? 0),
        e.GetString("Name"),
        e.GetString("Email"),
        e.GetString("GrantedBy"),
        e.GetDateTimeOffset("GrantedAt") ?? DateTimeOffset.MinValue);
}
