using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Questions;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using static KhConferenceBot.Tests.Questions.QuestionTestKit;

namespace KhConferenceBot.Tests.Questions;

/// <summary>
/// The moderation methods as the workspace calls them: a conference and an actor, no chat turn. The chat board's
/// buttons go through these same methods (QuestionBoardTests drives them from cards).
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class QuestionModerationServiceTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static readonly ConferenceActor Organizer = new(TestUsers.Organizer.AadObjectId, ConferenceRole.Organizer, Language.Vi);
    private static readonly ConferenceActor Reception = new(TestUsers.Hung.AadObjectId, ConferenceRole.Reception, Language.Vi);

    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private QuestionService Questions => _host.Service<QuestionService>();

    [Fact]
    public async Task ModerateAsync_Organizer_ApprovesWithoutATurn()
    {
        var id = await _host.AskAsync(TestUsers.Hung, "Duyệt từ trang tổ chức");

        var outcome = await Questions.ModerateAsync(await _host.SampleConferenceAsync(), Organizer, id, QuestionState.Approved, CancellationToken.None);

        Assert.Null(outcome.Error);
        Assert.Equal(QuestionState.Approved, (await _host.QuestionAsync(id)).State);
    }

    [Fact]
    public async Task ModerateAsync_ReceptionOnly_RefusedAndUnchanged()
    {
        var id = await _host.AskAsync(TestUsers.Hung, "Không được duyệt");

        var outcome = await Questions.ModerateAsync(await _host.SampleConferenceAsync(), Reception, id, QuestionState.Hidden, CancellationToken.None);

        Assert.Equal("Thao tác này chỉ dành cho Ban Tổ chức hội nghị.", outcome.Error);
        Assert.Equal(QuestionState.Pending, (await _host.QuestionAsync(id)).State);
    }

    [Fact]
    public async Task MergeAsync_Organizer_VotesAndAuthorsJoinTheTarget()
    {
        var target = await _host.AskAsync(TestUsers.Hung, "Giải pháp nâng điểm PCI?");
        var duplicate = await _host.AskAsync(TestUsers.ThuHa, "Làm sao tăng điểm PCI?");
        var conference = await _host.SampleConferenceAsync();
        await Questions.ModerateAsync(conference, Organizer, target, QuestionState.Approved, CancellationToken.None);
        await Questions.ModerateAsync(conference, Organizer, duplicate, QuestionState.Approved, CancellationToken.None);
        var store = _host.Service<IQuestionStore>();
        await store.ToggleVoteAsync(ConferenceId, Question.ParseId(target)!.Value, "voter-1", null, _host.Time.GetUtcNow(), CancellationToken.None);
        await store.ToggleVoteAsync(ConferenceId, Question.ParseId(duplicate)!.Value, "voter-2", null, _host.Time.GetUtcNow(), CancellationToken.None);
        await store.ToggleVoteAsync(ConferenceId, Question.ParseId(duplicate)!.Value, "voter-3", null, _host.Time.GetUtcNow(), CancellationToken.None);

        var outcome = await Questions.MergeAsync(conference, Organizer, duplicate, target, CancellationToken.None);

        Assert.Null(outcome.Error);
        Assert.Equal(3, outcome.Question!.Votes);
        Assert.Contains(outcome.Question.CoAuthors, a => a.AadObjectId == TestUsers.ThuHa.AadObjectId);
        Assert.Equal(QuestionState.Merged, (await _host.QuestionAsync(duplicate)).State);
    }

    [Fact]
    public async Task MergeAsync_IntoItself_RefusedInTheActorsLanguage()
    {
        var id = await _host.AskAsync(TestUsers.Hung, "Một câu");

        var outcome = await Questions.MergeAsync(await _host.SampleConferenceAsync(), Organizer with { Language = Language.En }, id, id, CancellationToken.None);

        Assert.Equal("A question cannot be merged into itself.", outcome.Error);
    }

    [Fact]
    public async Task PostToGroupChatAsync_NoGroupChatKnown_SaysHowToBindAndSendsNothing()
    {
        var id = await _host.AskAsync(TestUsers.Hung, "Chưa có nhóm");
        await _host.ApproveAsync(id);

        var outcome = await _host.Service<QuestionPublisher>().PostToGroupChatAsync(await _host.SampleConferenceAsync(), Organizer, null, CancellationToken.None);

        Assert.Null(outcome.Post);
        Assert.Contains("gắn hội nghị", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(_host.Connector.SentTo(TestUsers.GroupChatId));
    }

    [Fact]
    public async Task PostToGroupChatAsync_KnownGroupChat_ApprovedQuestionsPostedThere()
    {
        (await _host.PostAsync(Activities.InstallInGroup(TestUsers.Organizer))).Dispose();
        var id = await _host.AskAsync(TestUsers.Hung, "Đăng từ trang tổ chức");
        await _host.ApproveAsync(id);

        var outcome = await _host.Service<QuestionPublisher>().PostToGroupChatAsync(await _host.SampleConferenceAsync(), Organizer, null, CancellationToken.None);

        Assert.Null(outcome.Error);
        var post = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.GroupChatId && c.CardJson.Contains("Đăng từ trang tổ chức", StringComparison.Ordinal));
        Assert.Equal(TestUsers.GroupChatId, outcome.Post!.ConversationId);
        Assert.NotNull(post);
    }

    [Fact]
    public async Task PostToGroupChatAsync_ReceptionOnly_RefusedAndNothingSent()
    {
        (await _host.PostAsync(Activities.InstallInGroup(TestUsers.Organizer))).Dispose();

        var outcome = await _host.Service<QuestionPublisher>().PostToGroupChatAsync(await _host.SampleConferenceAsync(), Reception, null, CancellationToken.None);

        Assert.NotNull(outcome.Error);
        Assert.DoesNotContain(_host.Connector.SentTo(TestUsers.GroupChatId), c => c.CardJson.Contains("Câu hỏi thảo luận", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BoardAsync_ReceptionOnly_Null()
    {
        await _host.AskAsync(TestUsers.Hung, "Tên tác giả chỉ cho Ban Tổ chức");

        Assert.Null(await Questions.BoardAsync(await _host.SampleConferenceAsync(), Reception, new QuestionQuery(QuestionState.Pending), 10, CancellationToken.None));
    }
}
