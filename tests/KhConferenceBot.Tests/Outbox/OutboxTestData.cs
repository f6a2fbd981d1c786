using KhConferenceBot.Outbox;
using KhConferenceBot.Teams.Schema;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Outbox;

internal static class OutboxTestData
{
    /// <summary>Outbox tests see the outbox's own retries: the Connector's in-call retries are off.</summary>
    public static Dictionary<string, string?> Settings(string? tablePrefix = null, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["Bot:MaxRetries"] = "0" };
        if (tablePrefix is not null)
        {
            settings["Storage:TablePrefix"] = tablePrefix;
        }

        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    public static string AadId(int i) => $"00000000-0000-0000-0001-{i:D12}";

    public static OutboxMessage ToUser(string purpose, int i, string? text = null) =>
        new(purpose, "delegate-" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), Activity.CreateMessage(text ?? $"Thư mời số {i}"), UserAadObjectId: AadId(i));

    public static OutboxMessage ToConversation(string purpose, string recipientKey, string conversationId, Uri serviceUrl, string text) =>
        new(purpose, recipientKey, Activity.CreateMessage(text), ConversationId: conversationId, ServiceUrl: serviceUrl.ToString());

    /// <summary>Successful sends (not scripted failures, not 429s) per conversation.</summary>
    public static Dictionary<string, int> DeliveredPerConversation(FakeConnector connector) =>
        connector.Sends.Where(c => c.Status == 200).GroupBy(c => c.ConversationId).ToDictionary(g => g.Key, g => g.Count());
}
