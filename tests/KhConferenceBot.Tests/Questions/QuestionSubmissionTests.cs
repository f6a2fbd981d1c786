using System.Globalization;
using System.Text;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Questions;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using static KhConferenceBot.Tests.Questions.QuestionTestKit;

namespace KhConferenceBot.Tests.Questions;

[Collection(StorageCollection.Name)]
public sealed class QuestionSubmissionTests(AzuriteFixture storage) : IAsyncLifetime
{
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("câu hỏi")]
    [InlineData("cau hoi")]
    [InlineData("question")]
    public async Task AskCommand_PersonalChat_ShowsFormWithTopicsTextAndToggle(string command)
    {
        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Hung, command))).Dispose();

        var sent = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Hung.PersonalConversationId && c.CardJson.Length > 0);
        Assert.Contains("\"verb\":\"question.submit\"", sent.CardJson, StringComparison.Ordinal);
        Assert.Contains("\"isMultiline\":true", sent.CardJson, StringComparison.Ordinal);
        Assert.Contains("\"maxLength\":1000", sent.CardJson, StringComparison.Ordinal);
        var texts = Texts(sent.CardJson);
        Assert.Contains("Cho phép hiển thị tên tôi với các đại biểu khác", texts);
        foreach (var topic in new[] { "PAR-Index", "SIPAS", "PCI", "PAPI", "Khác" })
        {
            Assert.Contains(topic, texts);
        }
    }

    [Fact]
    public async Task AskCommand_PersonalChat_WritesTheDeadlineInTheConferenceStyle()
    {
        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Hung, "câu hỏi"))).Dispose();

        var sent = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Hung.PersonalConversationId && c.CardJson.Length > 0);
        var deadline = Assert.Single(Texts(sent.CardJson), t => t.Contains("Hạn gửi và sửa", StringComparison.Ordinal));
        Assert.Matches(@"Hạn gửi và sửa: \d{2}h\d{2}, ngày \d{2} tháng \d{2} năm \d{4}\.$", deadline);
    }

    [Fact]
    public async Task Submit_ValidQuestion_StoresItWithIdentityFromTurnAndConfirms()
    {
        var body = await _host.SubmitAsync(TestUsers.Hung, "  Tỉnh có kế hoạch gì để cải thiện chỉ số PCI năm 2023?  ", "pci", showName: false);

        AssertCard(body);
        var texts = Texts(body);
        Assert.Contains("Đã nhận câu hỏi #1. Trân trọng cảm ơn Quý đại biểu!", texts);
        Assert.DoesNotContain(texts, t => t.Contains("đồng chí", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Tỉnh có kế hoạch gì để cải thiện chỉ số PCI năm 2023?", texts);
        var stored = Assert.Single(await _host.QuestionsAsync());
        Assert.Equal(TestUsers.Hung.AadObjectId, stored.Author.AadObjectId);
        Assert.False(stored.Author.ShowName);
        Assert.Equal(QuestionTopic.Pci, stored.Topic);
        Assert.Equal(QuestionState.Pending, stored.State);
        Assert.Equal("Tỉnh có kế hoạch gì để cải thiện chỉ số PCI năm 2023?", stored.Text);
    }

    [Fact]
    public async Task Submit_CardDataClaimsAnotherAuthor_AuthorIsStillTheSender()
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.ThuHa, "question.submit", new Dictionary<string, object?>
        {
            ["topic"] = "papi", ["text"] = "Câu hỏi về PAPI", ["showName"] = "true",
            ["author"] = TestUsers.Organizer.AadObjectId, ["aadObjectId"] = TestUsers.Organizer.AadObjectId,
        }));

        AssertCard(body);
        Assert.Equal(TestUsers.ThuHa.AadObjectId, Assert.Single(await _host.QuestionsAsync()).Author.AadObjectId);
    }

    [Fact]
    public async Task Submit_ThousandVietnameseCharacters_Accepted()
    {
        var text = string.Concat(Enumerable.Repeat("ệ", 1000));

        var body = await _host.SubmitAsync(TestUsers.Hung, text);

        AssertCard(body);
        Assert.Equal(text, Assert.Single(await _host.QuestionsAsync()).Text);
    }

    [Fact]
    public async Task Submit_ThousandAndOneCharacters_RefusedSayingHowMany()
    {
        var message = AssertRefused(await _host.SubmitAsync(TestUsers.Hung, string.Concat(Enumerable.Repeat("ữ", 1001))));

        Assert.Contains("1001 ký tự", message, StringComparison.Ordinal);
        Assert.Contains("1000", message, StringComparison.Ordinal);
        Assert.Empty(await _host.QuestionsAsync());
    }

    [Fact]
    public async Task Submit_DecomposedInput_CountedAfterNfc()
    {
        // "ệ" as e + combining circumflex + combining dot below: three UTF-16 units, one character on screen.
        var decomposed = string.Concat(Enumerable.Repeat("ệ".Normalize(NormalizationForm.FormD), 1000));
        Assert.Equal(3000, decomposed.Length);

        var body = await _host.SubmitAsync(TestUsers.Hung, decomposed);

        AssertCard(body);
        var stored = Assert.Single(await _host.QuestionsAsync()).Text;
        Assert.True(stored.IsNormalized(NormalizationForm.FormC));
        Assert.Equal(1000, stored.Length);
    }

    [Theory]
    [InlineData("", "Vui lòng nhập nội dung")]
    [InlineData("   \n\t  ", "Vui lòng nhập nội dung")]
    public async Task Submit_EmptyText_Refused(string text, string expected)
    {
        Assert.Contains(expected, AssertRefused(await _host.SubmitAsync(TestUsers.Hung, text)), StringComparison.Ordinal);
        Assert.Empty(await _host.QuestionsAsync());
    }

    [Theory]
    [InlineData("economy")]
    [InlineData("")]
    [InlineData("PCI; DROP")]
    public async Task Submit_UnknownTopic_Refused(string topic)
    {
        Assert.Contains("chủ đề", AssertRefused(await _host.SubmitAsync(TestUsers.Hung, "Nội dung", topic)), StringComparison.Ordinal);
        Assert.Empty(await _host.QuestionsAsync());
    }

    [Fact]
    public async Task Submit_TextNotAString_Refused()
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, "question.submit", new { topic = "pci", text = new[] { 1, 2 } }));

        AssertRefused(body);
        Assert.Empty(await _host.QuestionsAsync());
    }

    [Fact]
    public async Task Submit_MarkupInText_StoredAsTypedAndShownEscaped()
    {
        const string text = "**x** <at>x</at> [a](http://x) {{x}}";

        var body = await _host.SubmitAsync(TestUsers.Hung, text);

        AssertCard(body);
        Assert.Equal(text, Assert.Single(await _host.QuestionsAsync()).Text);
        var shown = Assert.Single(Texts(body), t => t.Contains("\\*\\*x\\*\\*", StringComparison.Ordinal));
        Assert.Contains("<\u200Bat>x<\u200B/at>", shown, StringComparison.Ordinal);
        Assert.Contains("\\[a\\]\\(http://x\\)", shown, StringComparison.Ordinal);
        Assert.Contains("{\u200B{x}\u200B}", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Texts(body), t => t.Contains("**x**", StringComparison.Ordinal) || t.Contains("<at>", StringComparison.Ordinal) || t.Contains("{{x}}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MyQuestions_ListsOnlyOwnWithEditAndWithdraw()
    {
        var mine = await _host.AskAsync(TestUsers.Hung, "Câu hỏi của Hùng");
        await _host.AskAsync(TestUsers.ThuHa, "Câu hỏi của Thu Hà");

        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Hung, "câu hỏi của tôi"))).Dispose();

        var sent = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Hung.PersonalConversationId && c.CardJson.Contains("Câu hỏi của tôi", StringComparison.Ordinal));
        var texts = Texts(sent.CardJson);
        Assert.Contains("Câu hỏi của Hùng", texts);
        Assert.DoesNotContain("Câu hỏi của Thu Hà", texts);
        Assert.Contains("Sửa", texts);
        Assert.Contains("Rút lại", texts);
        Assert.Contains($"\"id\":\"{mine}\"", sent.CardJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_Own_PrefilledFormThenSaved()
    {
        var id = await _host.AskAsync(TestUsers.Hung, "Bản nháp", "sipas");

        var form = await _host.ActAsync(TestUsers.Hung, "question.edit", new { id });
        AssertCard(form);
        Assert.Contains("Bản nháp", Texts(form));
        Assert.Contains("sipas", Texts(form));

        var saved = await _host.ActAsync(TestUsers.Hung, "question.update", new { id, topic = "papi", text = "Bản chính thức", showName = "false" });
        AssertCard(saved);
        var stored = await _host.QuestionAsync(id);
        Assert.Equal("Bản chính thức", stored.Text);
        Assert.Equal(QuestionTopic.Papi, stored.Topic);
        Assert.False(stored.Author.ShowName);
    }

    [Fact]
    public async Task Edit_ApprovedQuestion_GoesBackToPending()
    {
        var id = await _host.AskAsync(TestUsers.Hung, "Bản đã duyệt");
        await _host.ApproveAsync(id);

        AssertCard(await _host.ActAsync(TestUsers.Hung, "question.update", new { id, topic = "pci", text = "Bản sửa sau khi duyệt", showName = "true" }));

        Assert.Equal(QuestionState.Pending, (await _host.QuestionAsync(id)).State);
    }

    [Fact]
    public async Task EditOrWithdraw_SomeoneElsesQuestion_RefusedAndUnchanged()
    {
        var id = await _host.AskAsync(TestUsers.Hung, "Câu hỏi của Hùng");

        AssertRefused(await _host.ActAsync(TestUsers.ThuHa, "question.edit", new { id }), 404);
        Assert.Contains("Không tìm thấy", AssertRefused(await _host.ActAsync(TestUsers.ThuHa, "question.update", new { id, topic = "pci", text = "Bị sửa trộm", showName = "true" })), StringComparison.Ordinal);
        Assert.Contains("Không tìm thấy", AssertRefused(await _host.ActAsync(TestUsers.ThuHa, "question.withdraw", new { id })), StringComparison.Ordinal);

        var stored = await _host.QuestionAsync(id);
        Assert.Equal("Câu hỏi của Hùng", stored.Text);
        Assert.Equal(QuestionState.Pending, stored.State);
    }

    [Theory]
    [InlineData("999999")]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1 OR 1=1")]
    [InlineData("")]
    public async Task Withdraw_ForgedId_Refused(string id)
    {
        await _host.AskAsync(TestUsers.Hung, "Câu hỏi thật");

        AssertRefused(await _host.ActAsync(TestUsers.Hung, "question.withdraw", new { id }));

        Assert.Equal(QuestionState.Pending, Assert.Single(await _host.QuestionsAsync()).State);
    }

    [Fact]
    public async Task Withdraw_Own_KeptAsWithdrawnAndListedWithoutActions()
    {
        var id = await _host.AskAsync(TestUsers.Hung, "Sẽ rút lại");

        var body = await _host.ActAsync(TestUsers.Hung, "question.withdraw", new { id });

        AssertCard(body);
        Assert.Equal(QuestionState.Withdrawn, (await _host.QuestionAsync(id)).State);
        Assert.Contains("Đã rút lại", Texts(body));
        Assert.DoesNotContain("Rút lại", Texts(body));
    }

    [Fact]
    public async Task AfterDeadline_SubmitEditWithdrawRefused()
    {
        var id = await _host.AskAsync(TestUsers.Hung, "Gửi trước hạn");
        _host.Time.SetUtcNow(DiscussionStart);

        Assert.Contains("hết hạn", AssertRefused(await _host.SubmitAsync(TestUsers.ThuHa, "Gửi sau hạn")), StringComparison.Ordinal);
        Assert.Contains("hết hạn", AssertRefused(await _host.ActAsync(TestUsers.Hung, "question.update", new { id, topic = "pci", text = "Sửa sau hạn", showName = "true" })), StringComparison.Ordinal);
        Assert.Contains("hết hạn", AssertRefused(await _host.ActAsync(TestUsers.Hung, "question.withdraw", new { id })), StringComparison.Ordinal);
        AssertRefused(await _host.ActAsync(TestUsers.Hung, "question.edit", new { id }));

        var stored = Assert.Single(await _host.QuestionsAsync());
        Assert.Equal("Gửi trước hạn", stored.Text);
        Assert.Equal(QuestionState.Pending, stored.State);
    }

    [Fact]
    public async Task AfterDeadline_MyQuestionsHasNoEditButtons()
    {
        await _host.AskAsync(TestUsers.Hung, "Gửi trước hạn");
        _host.Time.SetUtcNow(DiscussionStart.AddMinutes(1));

        var body = await _host.ActAsync(TestUsers.Hung, "question.mine");

        AssertCard(body);
        Assert.Contains("Gửi trước hạn", Texts(body));
        Assert.DoesNotContain("Sửa", Texts(body));
        Assert.DoesNotContain("question.withdraw", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deadline_ConfiguredOption_Wins()
    {
        await using var host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Questions:Deadline"] = "09h00" });
        host.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 1, 59, 0, TimeSpan.Zero));
        AssertCard(await host.SubmitAsync(TestUsers.Hung, "Kịp hạn 9 giờ"));

        host.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero)); // 09h00 in Viet Nam, well before the discussion
        AssertRefused(await host.SubmitAsync(TestUsers.Hung, "Quá hạn 9 giờ"));
    }

    [Fact]
    public async Task Submit_ViaActionSubmitFallback_ConfirmationReplacesTheForm()
    {
        using var response = await _host.PostAsync(Activities.Submit(TestUsers.Tuan, "question.submit",
            new Dictionary<string, object?> { ["topic"] = "par-index", ["text"] = "Qua Action.Submit", ["showName"] = "true" }, replyToId: "form-1"));

        var update = await _host.Connector.WaitForAsync(c => c.Method == "PUT" && c.ActivityId == "form-1");
        Assert.Contains("Qua Action.Submit", Texts(update.CardJson));
        Assert.Equal(QuestionTopic.ParIndex, Assert.Single(await _host.QuestionsAsync()).Topic);
    }

    [Fact]
    public async Task Submit_AuthorNameAndUnit_FromRegistryWhenKnownElseTeamsName()
    {
        // Someone not on the delegate list reaches the conference in a personal chat only through a role (here reception).
        await _host.Service<KhConferenceBot.Conferences.ConferenceRoles>().GrantAsync(
            ConferenceId, TestUsers.Stranger.AadObjectId, KhConferenceBot.Conferences.ConferenceRole.Reception, null, null, TestUsers.Organizer.AadObjectId, CancellationToken.None);
        await _host.AskAsync(TestUsers.Hung, "Ai hỏi?");
        await _host.AskAsync(TestUsers.Stranger, "Người ngoài danh sách hỏi");

        var questions = await _host.QuestionsAsync();
        var hung = questions.Single(q => q.Text == "Ai hỏi?").Author;
        var registry = _host.Services.GetService(typeof(IDelegateStore)) as IDelegateStore;
        var known = registry is null ? null : await registry.FindByAadObjectIdAsync(ConferenceId, TestUsers.Hung.AadObjectId, CancellationToken.None);
        Assert.Equal(known?.Name ?? TestUsers.Hung.Name, hung.Name);
        Assert.Equal(known?.Organisation ?? known?.District, hung.Unit);

        var stranger = questions.Single(q => q.Text == "Người ngoài danh sách hỏi").Author;
        Assert.Equal(TestUsers.Stranger.Name, stranger.Name);
        Assert.Null(stranger.Unit);
        Assert.Equal(TestUsers.Stranger.AadObjectId, stranger.AadObjectId);
    }
}

public sealed class QuestionTextTests
{
    [Theory]
    [InlineData("Hội nghị", 8)]
    [InlineData("ệ", 1)]
    [InlineData("👍🏽", 1)]
    public void Length_CountsWhatAPersonSees(string text, int expected)
    {
        Assert.Equal(expected, QuestionText.Length(QuestionText.Normalize(text)!));
        Assert.Equal(expected, QuestionText.Length(QuestionText.Normalize(text.Normalize(NormalizationForm.FormD))!));
    }

    [Fact]
    public void Normalize_LoneSurrogate_Null() => Assert.Null(QuestionText.Normalize("a\uD800b"));

    [Theory]
    [InlineData("000012", 12)]
    [InlineData("#12", 12)]
    [InlineData("12", 12)]
    [InlineData("0", null)]
    [InlineData("-3", null)]
    [InlineData("1e3", null)]
    [InlineData("9999999999", null)]
    [InlineData(null, null)]
    public void ParseId_OnlyPositiveNumbers(string? id, int? expected) => Assert.Equal(expected, Question.ParseId(id));

    [Fact]
    public void FormatId_SortsAsNumbers() =>
        Assert.True(string.CompareOrdinal(Question.FormatId(9), Question.FormatId(10)) < 0, Question.FormatId(9).ToString(CultureInfo.InvariantCulture));
}
