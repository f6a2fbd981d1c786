using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Teams.Tests.Schema;

/// <summary>Teams payloads saved under Payloads/, shaped after the msteams-docs examples.</summary>
internal static class Payloads
{
    public const string PersonalMessage = "personal-message.json";
    public const string GroupChatMention = "groupchat-mention.json";
    public const string InvokeAdaptiveCardAction = "invoke-adaptivecard-action.json";
    public const string SubmitMessage = "submit-message.json";
    public const string ConversationUpdatePersonalBotAdded = "conversationupdate-personal-botadded.json";
    public const string ConversationUpdateTeamBotAdded = "conversationupdate-team-botadded.json";
    public const string InstallationUpdateAdd = "installationupdate-add.json";
    public const string InstallationUpdateRemove = "installationupdate-remove.json";
    public const string UnknownType = "unknown-type.json";

    public static TheoryData<string> All => new(
        PersonalMessage,
        GroupChatMention,
        InvokeAdaptiveCardAction,
        SubmitMessage,
        ConversationUpdatePersonalBotAdded,
        ConversationUpdateTeamBotAdded,
        InstallationUpdateAdd,
        InstallationUpdateRemove,
        UnknownType);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Payloads", name));

    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", name));

    public static Activity Parse(string name)
    {
        var activity = TeamsJson.TryParseActivity(Bytes(name), out var error);
        Assert.True(activity is not null, $"{name}: {error}");
        return activity;
    }
}
