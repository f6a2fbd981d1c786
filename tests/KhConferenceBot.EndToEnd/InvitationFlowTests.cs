using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KhConferenceBot.EndToEnd.Fixtures;
using KhConferenceBot.EndToEnd.Playground;
using KhConferenceBot.Features.Invitations;

namespace KhConferenceBot.EndToEnd;

/// <summary>
/// The invitation round trip through the Playground: the organizer confirms, the outbox delivers the card into the
/// delegate's 1:1 chat, delegates answer with Action.Execute, and the organizer's status card counts the answers.
/// Every test answers as its own delegate, so the shared tables and outbox of the collection cannot make one test
/// depend on another's order or outcome.
/// </summary>
[Collection(PlaygroundCollection.Name)]
public sealed class InvitationFlowTests(BotStackFixture stack)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Attend_OrganizerIsAlsoDelegate_ReceivesInvitationAndOriginalMessageIsUpdated()
    {
        // a0 is the one delegate whose 1:1 chat the Playground shows (on the WebSocket and in its UI): the outbox's
        // delivery is checked end to end through her. Her group (ban-chi-dao) is invited by this test alone.
        var invitation = await InviteOrganizerGroupAsync();
        // She is summoned (giấy triệu tập) in the sample, not invited.
        Assert.Contains("triệu tập: **Trần Thị Mai Anh", invitation.CardJson, StringComparison.Ordinal);
        var mark = stack.Stream.Mark();

        var answer = await stack.Playground.ExecuteAsync(PlaygroundIds.MaiAnh, PlaygroundIds.PersonalChat, invitation.MessageId!, InvitationCards.AttendVerb, ActionData(invitation, InvitationCards.AttendVerb));

        var answered = CardText(answer);
        Assert.Contains("Ban Tổ chức đã nhận phản hồi của Quý đại biểu.", answered, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"Tham dự\"", answered, StringComparison.Ordinal);
        // Answered: the three answer buttons give way to "change my answer".
        Assert.Contains(InvitationCards.ChangeVerb, answered, StringComparison.Ordinal);
        Assert.DoesNotContain(InvitationCards.AttendVerb, answered, StringComparison.Ordinal);

        // Other clients (and the delegate scrolling back later) see the answer too: the original message is replaced.
        var updated = await stack.Stream.WaitForMessageAsync(PlaygroundIds.PersonalChat, m => m.Action == "updateMessage" && m.MessageId == invitation.MessageId, Timeout, mark);
        Assert.Contains("Ban Tổ chức đã nhận phản hồi của Quý đại biểu.", updated.CardJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Substitute_AnotherDelegate_AnsweredCardNamesSubstitute()
    {
        var conversation = await OpenPersonalChatAsync(PlaygroundIds.Tuan);
        var data = InvitationData("tuan.pham@khanhhoa.example");
        // Teams merges the form's inputs into the action data; the invoke carries them the same way.
        data["substituteName"] = "Trần Quốc Bình";
        data["substitutePosition"] = "Trưởng ban Pháp chế";

        var answer = await stack.Playground.ExecuteAsync(PlaygroundIds.Tuan, conversation, await PostPlaceholderAsync(conversation), InvitationCards.SubstituteVerb, data);

        var answered = CardText(answer);
        Assert.Contains("Trân trọng kính mời: **Phạm Minh Tuấn", answered, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"Cử người dự thay\"", answered, StringComparison.Ordinal);
        Assert.Contains("Trần Quốc Bình - Trưởng ban Pháp chế", answered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusCommand_AfterDelegateDeclines_CountsTheAnswer()
    {
        var conversation = await OpenPersonalChatAsync(PlaygroundIds.NgocLan);
        var data = InvitationData("ngoclan.vo@khanhhoa.example");
        data["reason"] = "Trùng lịch tác nghiệp";
        var answer = await stack.Playground.ExecuteAsync(PlaygroundIds.NgocLan, conversation, await PostPlaceholderAsync(conversation), InvitationCards.DeclineVerb, data);
        Assert.Contains("Trùng lịch tác nghiệp", CardText(answer), StringComparison.Ordinal);
        var mark = stack.Stream.Mark();

        await stack.Playground.SendMessageAsync(PlaygroundIds.PersonalChat, "tình hình");

        var status = await stack.Stream.WaitForMessageAsync(PlaygroundIds.PersonalChat, m => m.CardJson.Contains("Tình hình phản hồi giấy mời", StringComparison.Ordinal), Timeout, mark);
        var card = status.AdaptiveCards.Single();
        Assert.True(FactNumber(card, "Không tham dự") >= 1, status.CardJson);
        // The non-responders list must no longer name her (other tests' delegates may or may not have answered).
        Assert.DoesNotContain("Võ Thị Ngọc Lan", status.CardJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invite_DelegateInOwnPlayground_ReceivesCardAnswersAndOrganizerStatusCountsIt()
    {
        // The Playground shows one person per instance and cannot open a chat for an Entra object id, so the
        // delegate's side is a second instance whose current user is Hùng, as scripts/run starts it. Installing the
        // app there (as Teams does for a user) gives the bot his chat; the invitation then reaches that instance.
        const string HungChat = "personal-chat-a1";
        await using var delegateSide = await PlaygroundServer.StartAsync(new Uri(stack.BotBaseUri, "api/messages"), port: null, currentUser: "a1");
        using var hung = PlaygroundClient.Create(delegateSide.BaseUri);
        await using var hungStream = await PlaygroundStream.ConnectAsync(delegateSide.BaseUri);
        await hung.InstallAsync(HungChat);
        await hungStream.WaitForMessageAsync(HungChat, m => m.HasAdaptiveCard, Timeout);

        await InviteGroupAsync("so-nganh");

        var invitation = await hungStream.WaitForMessageAsync(
            HungChat, m => m.Action == "createMessage" && m.CardJson.Contains(InvitationCards.AttendVerb, StringComparison.Ordinal), Timeout);
        Assert.Contains("triệu tập: **Nguyễn Văn Hùng", invitation.CardJson, StringComparison.Ordinal);
        var answer = await hung.ExecuteAsync(PlaygroundIds.Hung, HungChat, invitation.MessageId!, InvitationCards.AttendVerb, ActionData(invitation, InvitationCards.AttendVerb));
        Assert.Contains("\"value\":\"Tham dự\"", CardText(answer), StringComparison.Ordinal);

        var mark = stack.Stream.Mark();
        await stack.Playground.SendMessageAsync(PlaygroundIds.PersonalChat, "tình hình");
        var status = await stack.Stream.WaitForMessageAsync(PlaygroundIds.PersonalChat, m => m.CardJson.Contains("Tình hình phản hồi giấy mời", StringComparison.Ordinal), Timeout, mark);
        Assert.True(FactNumber(status.AdaptiveCards.Single(), "Tham dự") >= 1, status.CardJson);
        Assert.DoesNotContain("Nguyễn Văn Hùng", status.CardJson, StringComparison.Ordinal);
    }

    /// <summary>The organizer confirms "gửi thư mời" for one group; the outbox takes it from there.</summary>
    private async Task InviteGroupAsync(string groupId)
    {
        var mark = stack.Stream.Mark();
        await stack.Playground.SendMessageAsync(PlaygroundIds.PersonalChat, $"gửi thư mời {groupId}");
        var confirm = await stack.Stream.WaitForMessageAsync(PlaygroundIds.PersonalChat, m => m.CardJson.Contains(OrganizerCards.ConfirmVerb, StringComparison.Ordinal), Timeout, mark);
        Assert.Contains("Gửi giấy mời", confirm.CardJson, StringComparison.Ordinal);

        var sent = await stack.Playground.ExecuteAsync(PlaygroundIds.MaiAnh, PlaygroundIds.PersonalChat, confirm.MessageId!, OrganizerCards.ConfirmVerb, new JsonObject { ["group"] = groupId });
        Assert.Contains("Đã đưa giấy mời vào hàng gửi", CardText(sent), StringComparison.Ordinal);
    }

    /// <summary>The organizer invites her own group (ban-chi-dao) and gets her invitation card through the outbox.</summary>
    private async Task<BotMessage> InviteOrganizerGroupAsync()
    {
        await InviteGroupAsync("ban-chi-dao");

        // From the start of the stream: the outbox sends each invitation once, so a repeat finds the first delivery.
        var invitation = await stack.Stream.WaitForMessageAsync(
            PlaygroundIds.PersonalChat,
            m => m.Action == "createMessage" && m.CardJson.Contains(InvitationCards.AttendVerb, StringComparison.Ordinal) && m.CardJson.Contains("Trần Thị Mai Anh", StringComparison.Ordinal),
            Timeout);
        Assert.NotNull(invitation.MessageId);
        return invitation;
    }

    /// <summary>
    /// What an invitation card's buttons carry (the conference and the delegate's id, the e-mail address in the sample).
    /// Other users' invitations cannot be picked up from the Playground: it never shows another user's 1:1 chat on its
    /// WebSocket (isOtherUserChat), so these tests answer with the card's data directly.
    /// </summary>
    private static JsonObject InvitationData(string email) => new()
    {
        ["conferenceId"] = "khanh-hoa-2023",
        ["delegateId"] = Features.Delegates.ConferenceDelegate.IdFromEmail(email),
    };

    private Task<string> OpenPersonalChatAsync(PlaygroundUser user) => stack.Playground.OpenPersonalChatAsync(user);

    private Task<string> PostPlaceholderAsync(string conversation) => stack.Playground.PostPlaceholderAsync(conversation);

    /// <summary>The data of the card's Action.Execute with <paramref name="verb"/>, wherever it sits (show-card forms nest it).</summary>
    private static JsonObject ActionData(BotMessage message, string verb)
    {
        static JsonObject? Find(JsonNode? node, string verb) => node switch
        {
            JsonObject o when (string?)o["type"] == "Action.Execute" && (string?)o["verb"] == verb => o["data"]?.DeepClone().AsObject(),
            JsonObject o => o.Select(p => Find(p.Value, verb)).FirstOrDefault(d => d is not null),
            JsonArray a => a.Select(n => Find(n, verb)).FirstOrDefault(d => d is not null),
            _ => null,
        };

        return message.AdaptiveCards.Select(c => Find(c, verb)).FirstOrDefault(d => d is not null)
            ?? throw new InvalidOperationException($"No Action.Execute '{verb}' in {message}");
    }

    /// <summary>The invoke answer as readable JSON; it must carry a card (a refusal comes back as a message instead).</summary>
    private static string CardText(JsonNode? answer)
    {
        Assert.NotNull(answer);
        var json = answer.ToJsonString(BotMessage.Readable);
        Assert.Contains(BotMessage.AdaptiveCardContentType, json, StringComparison.Ordinal);
        return json;
    }

    private static int FactNumber(JsonNode card, string title)
    {
        static IEnumerable<JsonObject> Facts(JsonNode? node) => node switch
        {
            JsonObject o when o["title"] is not null && o["value"] is not null => [o],
            JsonObject o => o.SelectMany(p => Facts(p.Value)),
            JsonArray a => a.SelectMany(Facts),
            _ => [],
        };

        var value = Facts(card).First(f => (string?)f["title"] == title)["value"];
        return int.Parse((string)value!, System.Globalization.CultureInfo.InvariantCulture);
    }
}
