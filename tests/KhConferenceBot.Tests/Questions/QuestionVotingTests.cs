using System.Text.Json;
using KhConferenceBot.Features.Questions;
using KhConferenceBot.Teams.Schema;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using static KhConferenceBot.Tests.Questions.QuestionTestKit;

namespace KhConferenceBot.Tests.Questions;

[Collection(StorageCollection.Name)]
public sealed class QuestionVotingTests(AzuriteFixture storage) : IAsyncLifetime
{
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task PostCommand_Organizer_PostsOnlyApprovedGroupedByTopic()
    {
        var pci = await _host.AskAsync(TestUsers.Hung, "Câu PCI đã duyệt", "pci", showName: true);
        var papi = await _host.AskAsync(TestUsers.ThuHa, "Câu PAPI đã duyệt, ẩn danh", "papi", showName: false);
        await _host.AskAsync(TestUsers.Tuan, "Câu chờ duyệt", "pci");
        var hidden = await _host.AskAsync(TestUsers.NgocLan, "Câu bị ẩn", "sipas");
        await _host.ApproveAsync(pci, papi);
        AssertCard(await _host.ActAsync(TestUsers.Organizer, "question.hide", new { id = hidden }));

        (await _host.PostAsync(Activities.GroupMention(TestUsers.Organizer, "đăng câu hỏi"))).Dispose();

        var post = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.GroupChatId && c.CardJson.Contains("Câu hỏi thảo luận", StringComparison.Ordinal));
        var texts = Texts(post.CardJson);
        Assert.Contains("Câu PCI đã duyệt", texts);
        Assert.Contains("Câu PAPI đã duyệt, ẩn danh", texts);
        Assert.DoesNotContain("Câu chờ duyệt", texts);
        Assert.DoesNotContain("Câu bị ẩn", texts);
        Assert.Contains("PCI (1)", texts);
        Assert.Contains("PAPI (1)", texts);
        Assert.Contains(texts, t => t.Contains(TestUsers.Hung.Name, StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains(TestUsers.ThuHa.Name, StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("Ẩn danh với đại biểu", StringComparison.Ordinal));
        Assert.Equal(2, texts.Count(t => t == "👍 Bình chọn (0)"));
        Assert.Contains("\"verb\":\"question.refresh\"", post.CardJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostCommand_Delegate_Refused()
    {
        (await _host.PostAsync(Activities.GroupMention(TestUsers.Hung, "đăng câu hỏi"))).Dispose();

        var reply = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.GroupChatId);
        Assert.Contains("Ban Tổ chức", reply.Text, StringComparison.Ordinal);
        Assert.Empty(reply.CardJson);
    }

    [Fact]
    public async Task PostCommand_KnownGroupChat_PostsThereNotWhereAsked()
    {
        (await _host.PostAsync(Activities.InstallInGroup(TestUsers.Organizer))).Dispose();
        var id = await _host.AskAsync(TestUsers.Hung, "Đăng vào nhóm hội nghị");
        await _host.ApproveAsync(id);

        (await _host.PostAsync(Activities.GroupMention(TestUsers.Organizer, "post questions", "19:another-chat@thread.v2"))).Dispose();

        await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.GroupChatId && c.CardJson.Contains("Đăng vào nhóm hội nghị", StringComparison.Ordinal));
        var note = await _host.Connector.WaitForAsync(c => c.ConversationId == "19:another-chat@thread.v2");
        Assert.Contains("nhóm chat hội nghị", note.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostCommand_ChatBoundByAgenda_PostsIntoTheBoundChat()
    {
        const string bound = "19:bound-conference-chat@thread.v2";
        (await _host.PostAsync(Activities.InstallInGroup(TestUsers.Organizer))).Dispose();
        (await _host.PostAsync(Activities.GroupMention(TestUsers.Organizer, "gắn hội nghị", bound))).Dispose();
        await _host.Connector.WaitForAsync(c => c.ConversationId == bound);
        var id = await _host.AskAsync(TestUsers.Hung, "Vào nhóm đã gắn");
        await _host.ApproveAsync(id);

        (await _host.PostAsync(Activities.GroupMention(TestUsers.Organizer, "đăng câu hỏi"))).Dispose();

        await _host.Connector.WaitForAsync(c => c.ConversationId == bound && c.CardJson.Contains("Vào nhóm đã gắn", StringComparison.Ordinal));
        Assert.DoesNotContain(_host.Connector.SentTo(TestUsers.GroupChatId), c => c.CardJson.Contains("Vào nhóm đã gắn", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Vote_SecondClickWithdrawsIt()
    {
        var id = await _host.AskAsync(TestUsers.Hung, "Bình chọn tôi");
        await _host.ApproveAsync(id);

        var first = await _host.ActAsync(TestUsers.Tuan, "question.vote", new { id }, inGroup: true);
        Assert.Contains("✓ Đã bình chọn (1)", Texts(first));
        Assert.Equal(1, (await _host.QuestionAsync(id)).Votes);

        var second = await _host.ActAsync(TestUsers.Tuan, "question.vote", new { id }, inGroup: true);
        Assert.Contains("👍 Bình chọn (0)", Texts(second));
        Assert.Equal(0, (await _host.QuestionAsync(id)).Votes);
    }

    [Fact]
    public async Task Vote_ResponseShowsOnlyTheVotersOwnVotes()
    {
        var a = await _host.AskAsync(TestUsers.Hung, "Câu A");
        var b = await _host.AskAsync(TestUsers.ThuHa, "Câu B");
        await _host.ApproveAsync(a, b);
        AssertCard(await _host.ActAsync(TestUsers.ThuHa, "question.vote", new { id = b }, inGroup: true));

        var hung = Texts(await _host.ActAsync(TestUsers.Hung, "question.vote", new { id = a }, inGroup: true));
        var thuHa = Texts(await _host.ActAsync(TestUsers.ThuHa, "question.refresh", inGroup: true));

        Assert.Equal(["✓ Đã bình chọn (1)", "👍 Bình chọn (1)"], hung.Where(t => t.Contains("bình chọn (", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(["👍 Bình chọn (1)", "✓ Đã bình chọn (1)"], thuHa.Where(t => t.Contains("bình chọn (", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Vote_RefreshListsRecentVotersAtMostSixty()
    {
        var id = await _host.AskAsync(TestUsers.Hung, "Câu hỏi nóng");
        await _host.ApproveAsync(id);
        var store = _host.Service<IQuestionStore>();
        var number = Question.ParseId(id)!.Value;
        for (var i = 0; i < 65; i++)
        {
            await store.ToggleVoteAsync(ConferenceId, number, $"voter-{i:00}", $"29:voter-{i:00}", _host.Time.GetUtcNow(), CancellationToken.None);
        }

        _host.Time.Advance(TimeSpan.FromSeconds(1));
        var body = await _host.ActAsync(TestUsers.Tuan, "question.vote", new { id }, inGroup: true);

        var userIds = Card(body).GetProperty("refresh").GetProperty("userIds").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(60, userIds.Count);
        Assert.Equal(TestUsers.Tuan.Id, userIds[0]);
        Assert.Equal(60, userIds.Distinct().Count());
        Assert.Contains("✓ Đã bình chọn (66)", Texts(body));
    }

    [Fact]
    public async Task Vote_TwoDelegatesAtTheSameMoment_NoVoteLost()
    {
        // Eight voters are on no delegate list: the group chat's binding is what makes their votes the sample's.
        await _host.Service<KhConferenceBot.Features.Agenda.IGroupChatStore>().BindAsync(new KhConferenceBot.Features.Agenda.GroupChatBinding(
            ConferenceId, TestUsers.GroupChatId, _host.Connector.ServiceUrl.ToString(), TestUsers.Organizer.AadObjectId, _host.Time.GetUtcNow()), CancellationToken.None);
        var id = await _host.AskAsync(TestUsers.Hung, "Cùng lúc");
        await _host.ApproveAsync(id);
        var voters = new[] { TestUsers.ThuHa, TestUsers.Tuan }
            .Concat(Enumerable.Range(0, 8).Select(i => new TestUser($"29:user-v{i}", $"00000000-0000-0000-0000-0000000001{i:00}", $"Đại biểu {i}")))
            .ToList();

        var results = await Task.WhenAll(voters.Select(v => _host.ActAsync(v, "question.vote", new { id }, inGroup: true)));

        Assert.All(results, AssertCard);
        Assert.Equal(voters.Count, (await _host.QuestionAsync(id)).Votes);
        Assert.Equal(voters.Count, (await _host.Service<IQuestionStore>().ListVotesAsync(ConferenceId, CancellationToken.None)).Count);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("hidden")]
    [InlineData("answered")]
    [InlineData("unknown")]
    [InlineData("garbage")]
    public async Task Vote_NotOpenOrUnknownQuestion_RefusedWithoutVote(string kind)
    {
        var id = await _host.AskAsync(TestUsers.Hung, "Không bình chọn được");
        if (kind == "hidden")
        {
            AssertCard(await _host.ActAsync(TestUsers.Organizer, "question.hide", new { id }));
        }
        else if (kind == "answered")
        {
            AssertCard(await _host.ActAsync(TestUsers.Organizer, "question.answer", new { id }));
        }

        var target = kind switch { "unknown" => "000404", "garbage" => "../../x", _ => id };
        AssertRefused(await _host.ActAsync(TestUsers.Tuan, "question.vote", new { id = target }, inGroup: true));

        Assert.Empty(await _host.Service<IQuestionStore>().ListVotesAsync(ConferenceId, CancellationToken.None));
    }

    [Fact]
    public async Task Votes_ManyInOneWindow_OnePutPerWindow()
    {
        var id = await _host.AskAsync(TestUsers.Hung, "Cập nhật chậm");
        await _host.ApproveAsync(id);
        (await _host.PostAsync(Activities.GroupMention(TestUsers.Organizer, "đăng câu hỏi"))).Dispose();
        var post = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.GroupChatId && c.CardJson.Contains("Cập nhật chậm", StringComparison.Ordinal));

        foreach (var voter in new[] { TestUsers.ThuHa, TestUsers.Tuan, TestUsers.NgocLan })
        {
            AssertCard(await _host.ActAsync(voter, "question.vote", new { id }, inGroup: true));
        }

        Assert.Empty(_host.Connector.Updates);
        _host.Time.Advance(TimeSpan.FromSeconds(10));
        var put = await _host.Connector.WaitForAsync(c => c.Method == "PUT");
        Assert.Equal(TestUsers.GroupChatId, put.ConversationId);
        var current = await _host.Service<IQuestionPostStore>().GetPostAsync(ConferenceId, QuestionPublisher.CurrentPost, CancellationToken.None);
        Assert.Equal(current!.ActivityId, put.ActivityId);
        Assert.Contains("👍 Bình chọn (3)", Texts(put.CardJson));
        var userIds = JsonDocument.Parse(put.CardJson).RootElement.GetProperty("refresh").GetProperty("userIds").EnumerateArray().Select(e => e.GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?> { TestUsers.ThuHa.Id, TestUsers.Tuan.Id, TestUsers.NgocLan.Id }, userIds);

        AssertCard(await _host.ActAsync(TestUsers.Organizer, "question.vote", new { id }, inGroup: true));
        AssertCard(await _host.ActAsync(TestUsers.Hung, "question.vote", new { id }, inGroup: true));
        _host.Time.Advance(TimeSpan.FromSeconds(10));
        var second = await _host.Connector.WaitForAsync(c => c.Method == "PUT" && c.CardJson.Contains("(5)", StringComparison.Ordinal));

        Assert.Equal(2, _host.Connector.Updates.Count);
        Assert.Equal(put.ActivityId, second.ActivityId);
    }

    [Fact]
    public async Task AutoPost_AtDiscussionStart_PostsApprovedToKnownGroupOnce()
    {
        (await _host.PostAsync(Activities.InstallInGroup(TestUsers.Organizer))).Dispose();
        var id = await _host.AskAsync(TestUsers.Hung, "Tự động đăng lúc 10h45");
        await _host.ApproveAsync(id);
        Assert.DoesNotContain(_host.Connector.SentTo(TestUsers.GroupChatId), c => c.CardJson.Contains("Câu hỏi thảo luận", StringComparison.Ordinal));

        _host.Time.SetUtcNow(DiscussionStart);

        await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.GroupChatId && c.CardJson.Contains("Tự động đăng lúc 10h45", StringComparison.Ordinal));
        // Another instance arriving now finds the job claimed (or done) and does not post again.
        Assert.False(await _host.Service<IQuestionPostStore>().TryClaimAsync(ConferenceId, QuestionAutoPoster.Job, _host.Time.GetUtcNow(), TimeSpan.FromDays(1), CancellationToken.None));
        Assert.Single(_host.Connector.SentTo(TestUsers.GroupChatId), c => c.CardJson.Contains("Câu hỏi thảo luận", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Vote_ViaSubmitFallback_PutsTheSharedCardWithoutPersonalMarks()
    {
        var id = await _host.AskAsync(TestUsers.Hung, "Máy cũ");
        await _host.ApproveAsync(id);
        var submit = Activities.Submit(TestUsers.Tuan, "question.vote", new Dictionary<string, object?> { ["id"] = id }, replyToId: "group-card");
        submit.Conversation = new ConversationAccount { Id = TestUsers.GroupChatId, ConversationType = ConversationTypes.GroupChat, IsGroup = true, TenantId = TestUsers.TenantId };

        (await _host.PostAsync(submit)).Dispose();

        var put = await _host.Connector.WaitForAsync(c => c.Method == "PUT" && c.ActivityId == "group-card");
        Assert.Contains("👍 Bình chọn (1)", Texts(put.CardJson));
        Assert.DoesNotContain(Texts(put.CardJson), t => t.StartsWith('✓'));
    }
}
