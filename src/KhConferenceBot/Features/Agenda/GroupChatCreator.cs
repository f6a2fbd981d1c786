using KhConferenceBot.Graph;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace KhConferenceBot.Features.Agenda;

public sealed record CreatedGroupChat(string ChatId, string? WebUrl);

/// <summary>Creates a Teams group chat with the bot installed in it.</summary>
public interface IGroupChatCreator
{
    /// <summary>False in local mode or when Graph is switched off: the caller explains instead of trying.</summary>
    bool IsAvailable { get; }

    /// <exception cref="GroupChatCreationException">Graph refused or failed; the message is safe to log, not to show.</exception>
    Task<CreatedGroupChat> CreateAsync(string topic, IReadOnlyCollection<string> memberAadObjectIds, CancellationToken cancellationToken);
}

public sealed class GroupChatCreationException(string message, Exception? inner = null) : Exception(message, inner)
{
    public GroupChatCreationException()
        : this("Group chat creation failed.")
    {
    }

    public GroupChatCreationException(string message)
        : this(message, null)
    {
    }

    /// <summary>Set when the chat was created but the bot could not be installed in it: the chat exists, only without the bot.</summary>
    public string? CreatedChatId { get; init; }
}

/// <summary>POST /chats, then POST /chats/{id}/installedApps, with the bot's app registration.</summary>
public sealed class GraphGroupChatCreator(IServiceProvider services, IOptions<GraphOptions> options) : IGroupChatCreator
{
    /// <summary>Graph caps a group chat at 250 members.</summary>
    public const int MaxMembers = 250;

    public bool IsAvailable => services.IsGraphAvailable();

    public async Task<CreatedGroupChat> CreateAsync(string topic, IReadOnlyCollection<string> memberAadObjectIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(memberAadObjectIds);
        if (!IsAvailable)
        {
            throw new GroupChatCreationException("Graph is not available (local mode or Graph:Enabled=false).");
        }

        var members = memberAadObjectIds.Where(id => Guid.TryParse(id, out _)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (members.Count < 2)
        {
            throw new GroupChatCreationException("A group chat needs at least two members.");
        }

        if (members.Count > MaxMembers)
        {
            throw new GroupChatCreationException($"A group chat holds at most {MaxMembers} members; {members.Count} were asked for.");
        }

        var graph = services.GetRequiredService<GraphServiceClient>();
        var root = options.Value.BaseUrl.ToString().TrimEnd('/');
        try
        {
            // Find the app before creating anything: a chat created for an app that cannot be installed is left behind.
            var catalogId = await CatalogIdAsync(graph, cancellationToken).ConfigureAwait(false);
            var chat = await graph.Chats.PostAsync(new Chat
            {
                ChatType = ChatType.Group,
                Topic = topic.Length > 250 ? topic[..250] : topic,
                Members = members.Select(id => (ConversationMember)new AadUserConversationMember
                {
                    Roles = ["owner"],
                    AdditionalData = new Dictionary<string, object> { ["user@odata.bind"] = $"{root}/users('{id}')" },
                }).ToList(),
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (chat?.Id is not { Length: > 0 } chatId)
            {
                throw new GroupChatCreationException("Graph created no chat id.");
            }

            try
            {
                await graph.Chats[chatId].InstalledApps.PostAsync(new TeamsAppInstallation
                {
                    AdditionalData = new Dictionary<string, object> { ["teamsApp@odata.bind"] = $"{root}/appCatalogs/teamsApps/{catalogId}" },
                }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (ODataError ex)
            {
                throw new GroupChatCreationException($"Chat {chatId} was created but installing the app failed: Graph answered {ex.ResponseStatusCode}: {ex.Error?.Code} {ex.Error?.Message}", ex) { CreatedChatId = chatId };
            }
            catch (HttpRequestException ex)
            {
                throw new GroupChatCreationException($"Chat {chatId} was created but Graph could not be reached to install the app: " + ex.Message, ex) { CreatedChatId = chatId };
            }

            return new CreatedGroupChat(chatId, chat.WebUrl);
        }
        catch (ODataError ex)
        {
            throw new GroupChatCreationException($"Graph answered {ex.ResponseStatusCode}: {ex.Error?.Code} {ex.Error?.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new GroupChatCreationException("Graph could not be reached: " + ex.Message, ex);
        }
    }

    private async Task<string> CatalogIdAsync(GraphServiceClient graph, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.TeamsAppCatalogId))
        {
            return options.Value.TeamsAppCatalogId;
        }

        if (string.IsNullOrWhiteSpace(options.Value.ManifestAppId) || !Guid.TryParse(options.Value.ManifestAppId, out var manifestId))
        {
            throw new GroupChatCreationException("Set Graph:TeamsAppCatalogId (or Graph:ManifestAppId) so the bot can be installed in the new chat.");
        }

        var apps = await graph.AppCatalogs.TeamsApps.GetAsync(r => r.QueryParameters.Filter = $"externalId eq '{manifestId}'", cancellationToken).ConfigureAwait(false);
        return apps?.Value?.FirstOrDefault()?.Id
            ?? throw new GroupChatCreationException($"The app {manifestId} is not in the organization's app catalog.");
    }
}
