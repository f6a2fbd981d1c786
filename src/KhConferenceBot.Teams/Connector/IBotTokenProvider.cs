namespace KhConferenceBot.Teams.Connector;

/// <summary>Gets the bot's access token for the Connector.</summary>
public interface IBotTokenProvider
{
    /// <summary>The bearer token, or null in local mode (no app id), where calls go out without one.</summary>
    ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken);
}
