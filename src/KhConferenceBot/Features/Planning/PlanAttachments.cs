using System.Net;
using System.Text.Json;
using KhConferenceBot.Conferences.Plans;
using KhConferenceBot.Teams.Auth;
using KhConferenceBot.Teams.Schema;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Planning;

/// <summary>A plan file the organizer sent in the personal chat: its name and the pre-authorised download address Teams gave.</summary>
public sealed record PlanAttachment(string Name, Uri DownloadUrl);

/// <summary>
/// Fetches a plan file sent as a Teams file attachment
/// (<c>application/vnd.microsoft.teams.file.download.info</c>, whose <c>content.downloadUrl</c> needs no token).
/// The address comes from the authenticated activity, yet it is still fetched defensively: https only (http is allowed
/// in local mode, for the Playground and tests), at most <see cref="PlanReader.MaxBytes"/>, within a time bound.
/// </summary>
public sealed partial class PlanAttachments(IHttpClientFactory clients, IOptions<BotAuthenticationOptions> bot, ILogger<PlanAttachments> logger)
{
    public const string FileDownloadInfo = "application/vnd.microsoft.teams.file.download.info";
    public const string HttpClientName = "plan-download";

    /// <summary>The first file attachment of the message, or null when it carries none (inline images and the html copy are not files).</summary>
    public static PlanAttachment? Find(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        foreach (var attachment in activity.Attachments ?? [])
        {
            if (!string.Equals(attachment.ContentType, FileDownloadInfo, StringComparison.OrdinalIgnoreCase)
                || attachment.Content is not { ValueKind: JsonValueKind.Object } content)
            {
                continue;
            }

            var url = content.TryGetProperty("downloadUrl", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                return new PlanAttachment(attachment.Name ?? "", uri);
            }
        }

        return null;
    }

    /// <summary>True when the message carries a file of any kind, readable or not (so the bot can say why it is not).</summary>
    public static bool HasFile(Activity activity) =>
        activity?.Attachments?.Any(a => string.Equals(a.ContentType, FileDownloadInfo, StringComparison.OrdinalIgnoreCase)) == true;

    /// <summary>Downloads and reads the plan; every failure becomes a refusal the organizer reads, never an exception.</summary>
    public async Task<PlanReadResult> ReadAsync(PlanAttachment attachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        var url = attachment.DownloadUrl;
        if (url.Scheme != Uri.UriSchemeHttps && !(bot.Value.IsLocalMode && url.Scheme == Uri.UriSchemeHttp))
        {
            LogRefusedAddress(logger, url.Scheme);
            return CouldNotDownload();
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            using var response = await clients.CreateClient(HttpClientName)
                .GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                LogDownloadStatus(logger, (int)response.StatusCode);
                return CouldNotDownload();
            }

            if (response.Content.Headers.ContentLength > PlanReader.MaxBytes)
            {
                return PlanReader.TooLarge();
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            return await PlanReader.ReadAsync(body, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogDownloadFailed(logger, ex);
            return CouldNotDownload();
        }
    }

    private static PlanReadResult CouldNotDownload() => PlanReadResult.Refused(
        "Không tải được tệp từ Teams. Hãy gửi lại tệp, hoặc dán nội dung kế hoạch vào tin nhắn.",
        "The file could not be downloaded from Teams. Send it again, or paste the plan's text into a message.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plan attachment refused: its download address uses {Scheme}")]
    private static partial void LogRefusedAddress(ILogger logger, string scheme);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plan attachment download answered {Status}")]
    private static partial void LogDownloadStatus(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plan attachment download failed")]
    private static partial void LogDownloadFailed(ILogger logger, Exception exception);
}
