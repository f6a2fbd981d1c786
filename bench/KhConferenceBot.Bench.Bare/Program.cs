using System.Net.Http.Json;
using System.Text.Json;
using KhConferenceBot.Teams.Schema;

// The baseline of the inbound benchmark (bench/run inbound): the same activity JSON parsed with the same serializer
// options, and one reply posted to the activity's serviceUrl, with nothing else (no authentication, storage, routing
// or budget). Local only: it answers whatever posts to it and calls whatever serviceUrl it is given.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddHttpClient(BareEndpoint.ConnectorClient);
var app = builder.Build();
app.MapPost("/api/messages", BareEndpoint.HandleAsync);
app.MapGet("/healthz", () => TypedResults.Ok());
app.Run();

internal static class BareEndpoint
{
    public const string ConnectorClient = "connector";

    public static async Task<IResult> HandleAsync(HttpRequest request, IHttpClientFactory clients, CancellationToken cancellationToken)
    {
        Activity? activity;
        try
        {
            activity = await JsonSerializer.DeserializeAsync<Activity>(request.Body, TeamsJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            return TypedResults.BadRequest();
        }

        if (activity?.Conversation?.Id is not { } conversationId || !Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl))
        {
            return TypedResults.BadRequest();
        }

        var reply = Activity.CreateMessage("Tôi chưa hiểu yêu cầu này. Gõ **trợ giúp** để xem các lệnh.");
        reply.ReplyToId = activity.Id;
        reply.ServiceUrl = activity.ServiceUrl;
        reply.ChannelId = activity.ChannelId;
        reply.Conversation = activity.Conversation;
        reply.From = activity.Recipient;
        reply.Recipient = activity.From;
        var target = new Uri(serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities");
        using var response = await clients.CreateClient(ConnectorClient).PostAsJsonAsync(target, reply, TeamsJson.Options, cancellationToken);
        return response.IsSuccessStatusCode ? TypedResults.Ok() : TypedResults.StatusCode(502);
    }
}
