using System.Net;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;

namespace KhConferenceBot.Graph;

/// <summary>Finds a person's Entra account from the email on the delegate list, so they can be reached in Teams.</summary>
public interface IUserDirectory
{
    bool IsAvailable { get; }

    /// <summary>The Entra object id for an email or UPN; null when the directory has no such user.</summary>
    Task<string?> FindObjectIdByEmailAsync(string email, CancellationToken cancellationToken);
}

public sealed partial class GraphUserDirectory(IServiceProvider services, GraphServiceClient graph, ILogger<GraphUserDirectory> logger) : IUserDirectory
{
    public bool IsAvailable { get; } = services.IsGraphAvailable();

    public async Task<string?> FindObjectIdByEmailAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        if (!IsAvailable)
        {
            return null;
        }

        try
        {
            // Most tenants use the email as the UPN: one point read finds them.
            var user = await graph.Users[email].GetAsync(r => r.QueryParameters.Select = ["id"], cancellationToken).ConfigureAwait(false);
            if (user?.Id is { Length: > 0 } id)
            {
                return id;
            }
        }
        catch (ODataError ex) when (ex.ResponseStatusCode == (int)HttpStatusCode.NotFound)
        {
            // Not a UPN; the mail attribute may still match.
        }

        try
        {
            var escaped = email.Replace("'", "''", StringComparison.Ordinal);
            var found = await graph.Users.GetAsync(r =>
            {
                r.QueryParameters.Filter = $"mail eq '{escaped}'";
                r.QueryParameters.Select = ["id"];
                r.QueryParameters.Top = 2;
            }, cancellationToken).ConfigureAwait(false);

            // Two accounts with one mail cannot be told apart; better to report it than to invite the wrong person.
            return found?.Value is [{ Id: { Length: > 0 } only }] ? only : null;
        }
        catch (ODataError ex)
        {
            LogLookupFailed(logger, ex.ResponseStatusCode);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph user lookup by mail failed with HTTP {Status}")]
    private static partial void LogLookupFailed(ILogger logger, int status);
}
