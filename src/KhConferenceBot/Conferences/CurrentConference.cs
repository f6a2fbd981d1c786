using Microsoft.Extensions.Options;

namespace KhConferenceBot.Conferences;

/// <summary>
/// Transitional: the conference named by Conference:Id (the sample). Call sites move to <see cref="ConferenceDirectory"/>
/// and the turn's conference; this class goes when the last one has.
/// </summary>
public sealed class CurrentConference(ConferenceDirectory directory, IOptions<ConferenceOptions> options)
{
    public string Id => options.Value.Id;

    public async Task<Conference> GetAsync(CancellationToken cancellationToken) =>
        (await GetStoredAsync(cancellationToken).ConfigureAwait(false)).Conference;

    public async Task<StoredConference> GetStoredAsync(CancellationToken cancellationToken) =>
        await directory.GetStoredAsync(Id, cancellationToken).ConfigureAwait(false)
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
