using System.Collections.Concurrent;
using System.Text.Json;
using KhConferenceBot.Tests.Graph;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KhConferenceBot.Tests.Guests;

/// <summary>One message Graph accepted: the mailbox it was sent from and the message as posted.</summary>
internal sealed record SentMail(string Mailbox, string To, string? ToName, string Subject, string Html, IReadOnlyList<MailFile> Attachments);

/// <summary>One fileAttachment as posted; an inline one (isInline) has the content id its HTML refers to as cid:.</summary>
internal sealed record MailFile(string Name, string ContentType, byte[] Content, string? ContentId, bool IsInline);

/// <summary>
/// Microsoft Graph's sendMail on 127.0.0.1: accepts a message with 202 like Graph and keeps it, answers addresses it
/// is told are bad with Graph's 400 ErrorInvalidRecipients, and plays queued failures (429 with Retry-After, 503) first.
/// </summary>
internal sealed class FakeMailGraph : LoopbackGraph
{
    public ConcurrentQueue<SentMail> Sent { get; } = new();

    /// <summary>Addresses Exchange refuses.</summary>
    public ConcurrentDictionary<string, bool> BadAddresses { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Answers given before any message is taken: (status, Retry-After seconds or null).</summary>
    public ConcurrentQueue<(int Status, int? RetryAfterSeconds)> Failures { get; } = new();

    /// <summary>Every sendMail call, accepted or not.</summary>
    public int Calls => _calls;

    private int _calls;

    public static Task<FakeMailGraph> StartAsync() => StartAsync(new FakeMailGraph());

    public IReadOnlyList<SentMail> To(string address) => Sent.Where(m => string.Equals(m.To, address, StringComparison.OrdinalIgnoreCase)).ToList();

    protected override void Map(WebApplication app) =>
        app.MapPost("/v1.0/users/{mailbox}/sendMail", async (string mailbox, HttpContext http) =>
        {
            Interlocked.Increment(ref _calls);
            using var body = await JsonDocument.ParseAsync(http.Request.Body);
            if (Failures.TryDequeue(out var failure))
            {
                if (failure.RetryAfterSeconds is { } seconds)
                {
                    http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return Error(failure.Status, failure.Status == 429 ? "ApplicationThrottled" : "ServiceUnavailable", "Try again later.");
            }

            var message = body.RootElement.GetProperty("message");
            var to = message.GetProperty("toRecipients")[0].GetProperty("emailAddress");
            var address = to.GetProperty("address").GetString()!;
            if (BadAddresses.ContainsKey(address))
            {
                return Error(400, "ErrorInvalidRecipients", "At least one recipient is not valid.");
            }

            var attachments = message.TryGetProperty("attachments", out var files)
                ? files.EnumerateArray().Select(f => new MailFile(
                    f.GetProperty("name").GetString()!,
                    f.GetProperty("contentType").GetString()!,
                    Convert.FromBase64String(f.GetProperty("contentBytes").GetString()!),
                    f.TryGetProperty("contentId", out var id) ? id.GetString() : null,
                    f.TryGetProperty("isInline", out var inline) && inline.GetBoolean())).ToList()
                : [];
            Sent.Enqueue(new SentMail(
                mailbox,
                address,
                to.TryGetProperty("name", out var name) ? name.GetString() : null,
                message.GetProperty("subject").GetString()!,
                message.GetProperty("body").GetProperty("content").GetString()!,
                attachments));
            return Results.StatusCode(202);
        });
}
