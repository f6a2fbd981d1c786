using Microsoft.Extensions.Options;

namespace KhConferenceBot.Conferences;

/// <summary>The conference this deployment runs, read fresh from storage so every instance sees schedule changes.</summary>
public sealed class CurrentConference(IConferenceStore store, IOptions<ConferenceOptions> options)
{
    public string Id => options.Value.Id;

    public async Task<Conference> GetAsync(CancellationToken cancellationToken) =>
        (await GetStoredAsync(cancellationToken).ConfigureAwait(false)).Conference;

    public async Task<StoredConference> GetStoredAsync(CancellationToken cancellationToken) =>
        await store.GetAsync(Id, cancellationToken).ConfigureAwait(false)
        ?? throw new ConferenceNotConfiguredException(Id);
}

public sealed class ConferenceNotConfiguredException : Exception
{
    public ConferenceNotConfiguredException()
    {
    }

    public ConferenceNotConfiguredException(string conferenceId)
        : base($"Conference '{conferenceId}' is not in storage. Set Conference:SamplePath or import it.")
    {
    }

    public ConferenceNotConfiguredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
