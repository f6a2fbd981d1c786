using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Common;

namespace KhConferenceBot.Storage;

public interface IUserPreferenceStore
{
    Task<Language?> GetLanguageAsync(string userKey, CancellationToken cancellationToken);

    Task SetLanguageAsync(string userKey, Language language, CancellationToken cancellationToken);

    /// <summary>The conference the person chose to work on in their personal chat (when they are in several), or null.</summary>
    Task<string?> GetConferenceAsync(string userKey, CancellationToken cancellationToken);

    Task SetConferenceAsync(string userKey, string conferenceId, CancellationToken cancellationToken);
}

public sealed class TableUserPreferenceStore(TableStore tables) : IUserPreferenceStore
{
    private const string Table = "preferences";

    public async Task<Language?> GetLanguageAsync(string userKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>("lang", TableKeys.Encode(userKey), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value is not null ? LanguageExtensions.Parse(found.Value.GetString("Language")) : null;
    }

    public async Task SetLanguageAsync(string userKey, Language language, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity("lang", TableKeys.Encode(userKey)) { ["Language"] = language.Code() }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> GetConferenceAsync(string userKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>("conference", TableKeys.Encode(userKey), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value is not null ? found.Value.GetString("ConferenceId") : null;
    }

    public async Task SetConferenceAsync(string userKey, string conferenceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity("conference", TableKeys.Encode(userKey)) { ["ConferenceId"] = conferenceId }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }
}
