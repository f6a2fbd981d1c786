using System.Globalization;
using KhConferenceBot.Graph;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;

namespace KhConferenceBot.Outbox;

/// <summary>Finds (or opens) the 1:1 chat with a delegate known only by Entra object id.</summary>
public interface IRecipientResolver
{
    Task<RecipientResolution> ResolveAsync(string userAadObjectId, string? tenantId, CancellationToken cancellationToken);
}

/// <summary>Either a conversation, a failure (with a code and a Vietnamese reason), or "no budget to open a chat yet".</summary>
public sealed record RecipientResolution
{
    public ConversationReference? Reference { get; init; }

    public string? ErrorCode { get; init; }

    public string? Reason { get; init; }

    public bool IsTransient { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Opening the chat would exceed a Teams limit now; try again after <see cref="RetryAfter"/>.</summary>
    public bool NeedsBudget { get; init; }

    public static RecipientResolution Found(ConversationReference reference) => new() { Reference = reference };

    public static RecipientResolution Fail(string code, string reason, bool transient = false, TimeSpan? retryAfter = null) =>
        new() { ErrorCode = code, Reason = reason, IsTransient = transient, RetryAfter = retryAfter };

    public static RecipientResolution WaitForBudget(TimeSpan retryAfter) => new() { NeedsBudget = true, RetryAfter = retryAfter };
}

/// <summary>
/// Stored personal conversation first; otherwise (Graph available) make sure the app is installed for the user, and
/// open the 1:1 through the Connector at the default service URL. Without Graph (local mode) the Connector is asked
/// directly. The Agents Playground (0.2.28) knows users only by its own ids: for an Entra object id it answers 201 with
/// a made-up chat ("…@test.user") and then 500 UserNotFound to every message sent there. So locally a delegate is
/// reached only through the chat stored when the app was installed in their own Playground instance (scripts/run
/// starts one for a delegate). An opened chat is stored only when the user has none on record.
/// </summary>
public sealed partial class RecipientResolver : IRecipientResolver
{
    private readonly IConversationReferenceStore _references;
    private readonly IConnectorClient _connector;
    private readonly ISendBudget _budget;
    private readonly GraphServiceClient _graph;
    private readonly GraphOptions _graphOptions;
    private readonly ConnectorOptions _bot;
    private readonly OutboxOptions _options;
    private readonly bool _graphAvailable;
    private readonly ILogger<RecipientResolver> _logger;
    private readonly SemaphoreSlim _catalogGate = new(1, 1);
    private string? _catalogId;

    public RecipientResolver(
        IServiceProvider services,
        IConversationReferenceStore references,
        IConnectorClient connector,
        ISendBudget budget,
        GraphServiceClient graph,
        IOptions<GraphOptions> graphOptions,
        IOptions<ConnectorOptions> bot,
        IOptions<OutboxOptions> options,
        ILogger<RecipientResolver> logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(graphOptions);
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(options);
        _references = references;
        _connector = connector;
        _budget = budget;
        _graph = graph;
        _graphOptions = graphOptions.Value;
        _bot = bot.Value;
        _options = options.Value;
        _graphAvailable = services.IsGraphAvailable();
        _logger = logger;
        _catalogId = string.IsNullOrWhiteSpace(_graphOptions.TeamsAppCatalogId) ? null : _graphOptions.TeamsAppCatalogId;
    }

    public string BotId => !string.IsNullOrWhiteSpace(_options.BotId) ? _options.BotId
        : "28:" + (string.IsNullOrWhiteSpace(_bot.MicrosoftAppId) ? "khconferencebot" : _bot.MicrosoftAppId);

    public async Task<RecipientResolution> ResolveAsync(string userAadObjectId, string? tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userAadObjectId);
        var stored = await _references.FindPersonalAsync(userAadObjectId, cancellationToken).ConfigureAwait(false);
        if (stored is not null && !string.IsNullOrEmpty(stored.ConversationId) && !string.IsNullOrEmpty(stored.ServiceUrl))
        {
            return RecipientResolution.Found(stored);
        }

        tenantId ??= string.IsNullOrWhiteSpace(_bot.TenantId) ? null : _bot.TenantId;

        // Budget before Graph: a create that would be throttled is not worth an install call yet.
        var budgetKey = "create:" + userAadObjectId;
        if (!_budget.TryAcquire(BudgetOperation.CreateConversation, budgetKey, tenantId, out var wait))
        {
            return RecipientResolution.WaitForBudget(wait);
        }

        if (_graphAvailable)
        {
            var installed = await EnsureInstalledAsync(userAadObjectId, cancellationToken).ConfigureAwait(false);
            if (installed is not null)
            {
                return installed;
            }
        }

        return await CreateConversationAsync(userAadObjectId, tenantId, budgetKey, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RecipientResolution> CreateConversationAsync(string userAadObjectId, string? tenantId, string budgetKey, CancellationToken cancellationToken)
    {
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = BotId },
            Members = [new ChannelAccount { Id = userAadObjectId }],
            TenantId = tenantId,
            ChannelData = tenantId is null ? null : new TeamsChannelData { Tenant = new TenantInfo { Id = tenantId } },
        };

        ConversationResourceResponse created;
        try
        {
            using (ReservingSendBudget.Reserve(BudgetOperation.CreateConversation, budgetKey))
            {
                created = await _connector.CreateConversationAsync(_options.DefaultServiceUrl, parameters, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ConnectorException ex)
        {
            var code = ex.Code is { Length: > 0 } c && Enum.TryParse<TeamsErrorKind>(c, out _) ? c : ex.Kind.ToString();
            return RecipientResolution.Fail(code, OutboxFailureReasons.For(ex.Kind), ex.IsTransient, ex.RetryAfter);
        }

        if (string.IsNullOrEmpty(created.Id))
        {
            return RecipientResolution.Fail(nameof(TeamsErrorKind.Unknown), "Teams không trả về mã cuộc trò chuyện khi mở chat 1:1.", transient: true);
        }

        var reference = new ConversationReference(
            string.IsNullOrEmpty(created.ServiceUrl) ? _options.DefaultServiceUrl : created.ServiceUrl,
            created.Id,
            ConversationTypes.Personal,
            tenantId,
            null,
            userAadObjectId,
            null,
            BotId);
        return RecipientResolution.Found(await _references.RememberOpenedAsync(reference, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Null when the app is (now) installed for the user; otherwise why it could not be.</summary>
    private async Task<RecipientResolution?> EnsureInstalledAsync(string userAadObjectId, CancellationToken cancellationToken)
    {
        var manifestId = _graphOptions.ManifestAppId;
        var filter = _catalogId is not null
            ? $"teamsApp/id eq '{ODataLiteral(_catalogId)}'"
            : !string.IsNullOrWhiteSpace(manifestId) ? $"teamsApp/externalId eq '{ODataLiteral(manifestId)}'" : null;
        if (filter is null)
        {
            LogNoAppIdentity(_logger);
            return RecipientResolution.Fail(OutboxFailureReasons.AppNotInCatalog, OutboxFailureReasons.For(OutboxFailureReasons.AppNotInCatalog));
        }

        try
        {
            var apps = await _graph.Users[userAadObjectId].Teamwork.InstalledApps.GetAsync(
                r =>
                {
                    r.QueryParameters.Expand = ["teamsApp"];
                    r.QueryParameters.Filter = filter;
                },
                cancellationToken).ConfigureAwait(false);
            if (apps?.Value is { Count: > 0 })
            {
                return null;
            }
        }
        catch (ApiException ex) when (ex.ResponseStatusCode == 404)
        {
            return RecipientResolution.Fail(OutboxFailureReasons.NotATeamsUser, OutboxFailureReasons.For(OutboxFailureReasons.NotATeamsUser));
        }
        catch (ApiException ex)
        {
            return GraphFailure(ex);
        }

        var catalogId = await GetCatalogIdAsync(cancellationToken).ConfigureAwait(false);
        if (catalogId.Failure is not null)
        {
            return catalogId.Failure;
        }

        try
        {
            var installation = new UserScopeTeamsAppInstallation
            {
                AdditionalData = new Dictionary<string, object>
                {
                    ["teamsApp@odata.bind"] = $"{_graphOptions.BaseUrl.ToString().TrimEnd('/')}/appCatalogs/teamsApps/{catalogId.Id}",
                },
            };
            await _graph.Users[userAadObjectId].Teamwork.InstalledApps.PostAsync(installation, cancellationToken: cancellationToken).ConfigureAwait(false);
            LogInstalled(_logger, userAadObjectId);
            return null;
        }
        catch (ApiException ex) when (ex.ResponseStatusCode == 409)
        {
            // Installed meanwhile (by the user or another instance): exactly what we wanted.
            return null;
        }
        catch (ApiException ex) when (ex.ResponseStatusCode == 403)
        {
            return RecipientResolution.Fail(OutboxFailureReasons.AppBlocked, OutboxFailureReasons.For(OutboxFailureReasons.AppBlocked));
        }
        catch (ApiException ex) when (ex.ResponseStatusCode == 404)
        {
            return RecipientResolution.Fail(OutboxFailureReasons.AppNotInCatalog, OutboxFailureReasons.For(OutboxFailureReasons.AppNotInCatalog));
        }
        catch (ApiException ex)
        {
            return GraphFailure(ex);
        }
    }

    private async Task<(string? Id, RecipientResolution? Failure)> GetCatalogIdAsync(CancellationToken cancellationToken)
    {
        if (_catalogId is { } known)
        {
            return (known, null);
        }

        await _catalogGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_catalogId is { } found)
            {
                return (found, null);
            }

            var apps = await _graph.AppCatalogs.TeamsApps.GetAsync(
                r => r.QueryParameters.Filter = $"externalId eq '{ODataLiteral(_graphOptions.ManifestAppId!)}'",
                cancellationToken).ConfigureAwait(false);
            var id = apps?.Value?.FirstOrDefault()?.Id;
            if (string.IsNullOrEmpty(id))
            {
                return (null, RecipientResolution.Fail(OutboxFailureReasons.AppNotInCatalog, OutboxFailureReasons.For(OutboxFailureReasons.AppNotInCatalog)));
            }

            _catalogId = id;
            return (id, null);
        }
        catch (ApiException ex) when (ex.ResponseStatusCode is 403 or 404)
        {
            return (null, RecipientResolution.Fail(OutboxFailureReasons.AppNotInCatalog, OutboxFailureReasons.For(OutboxFailureReasons.AppNotInCatalog)));
        }
        catch (ApiException ex)
        {
            return (null, GraphFailure(ex));
        }
        finally
        {
            _catalogGate.Release();
        }
    }

    private RecipientResolution GraphFailure(ApiException ex)
    {
        var transient = ex.ResponseStatusCode is 429 or >= 500;
        TimeSpan? retryAfter = null;
        if (ex.ResponseHeaders.TryGetValue("Retry-After", out var values) && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            retryAfter = TimeSpan.FromSeconds(seconds);
        }

        LogGraphFailed(_logger, ex.ResponseStatusCode);
        return RecipientResolution.Fail(
            ex.ResponseStatusCode == 429 ? nameof(TeamsErrorKind.Throttled) : OutboxFailureReasons.GraphError,
            OutboxFailureReasons.For(OutboxFailureReasons.GraphError),
            transient,
            retryAfter);
    }

    private static string ODataLiteral(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Installed the conference app for user {UserAadObjectId}")]
    private static partial void LogInstalled(ILogger logger, string userAadObjectId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Graph call failed with status {Status}")]
    private static partial void LogGraphFailed(ILogger logger, int status);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "Neither Graph:TeamsAppCatalogId nor Graph:ManifestAppId is set: cannot install the app for delegates")]
    private static partial void LogNoAppIdentity(ILogger logger);
}
