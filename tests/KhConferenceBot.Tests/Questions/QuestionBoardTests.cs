using System.Net;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;
using KhConferenceBot.Features.Questions;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using static KhConferenceBot.Tests.Questions.QuestionTestKit;

namespace KhConferenceBot.Tests.Questions;

[Collection(StorageCollection.Name)]
public sealed class QuestionBoardTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string ApiKey = "khoa-thu-nghiem-123";
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Organizer:LocalApiKey"] = ApiKey });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task BoardCommand_Organizer_GroupsByTopicWithCounts()
    {
        await _host.AskAsync(TestUsers.Hung, "PCI một", "pci");
        await _host.AskAsync(TestUsers.ThuHa, "PAPI một", "papi");
        await _host.AskAsync(TestUsers.Tuan, "PCI hai", "pci");

        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Organizer, "bảng câu hỏi"))).Dispose();

        var sent = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Organizer.PersonalConversationId && c.CardJson.Contains("Bảng câu hỏi", StringComparison.Ordinal));
        var texts = Texts(sent.CardJson);
        Assert.Contains("PCI (2)", texts);
        Assert.Contains("PAPI (1)", texts);
        Assert.Contains("2 câu hỏi (2 chờ duyệt)", texts);
        Assert.True(texts.IndexOf("PCI (2)") < texts.IndexOf("PAPI (1)"), "topics appear in a fixed order");
        Assert.Contains(TestUsers.Hung.Name, string.Join("|", texts), StringComparison.Ordinal);
        Assert.Contains(texts, t => t == "Duyệt");
        Assert.Contains(texts, t => t == "Ẩn");
        Assert.Contains(texts, t => t == "Đã trả lời");
        Assert.Contains(texts, t => t == "Gộp");
    }

    [Fact]
    public async Task BoardCommand_Delegate_RefusedByOrganizerCheck()
    {
        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Hung, "bảng câu hỏi"))).Dispose();

        var sent = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Hung.PersonalConversationId);
        Assert.Contains("Ban Tổ chức", sent.Text, StringComparison.Ordinal);
        Assert.Empty(sent.CardJson);
    }

    [Theory]
    [InlineData("question.board")]
    [InlineData("question.approve")]
    [InlineData("question.hide")]
    [InlineData("question.answer")]
    [InlineData("question.merge")]
    public async Task OrganizerActions_FromDelegate_ForbiddenAndUnchanged(string verb)
    {
        var id = await _host.AskAsync(TestUsers.Hung, "Câu hỏi");
        var other = await _host.AskAsync(TestUsers.ThuHa, "Câu hỏi khác");

        AssertRefused(await _host.ActAsync(TestUsers.Hung, verb, new { id, target = other }), 403);

        Assert.All(await _host.QuestionsAsync(), q => Assert.Equal(QuestionState.Pending, q.State));
    }

    [Fact]
    public async Task ApproveHideAnswer_ChangeStateAndReturnBoard()
    {
        var a = await _host.AskAsync(TestUsers.Hung, "Duyệt tôi");
        var b = await _host.AskAsync(TestUsers.ThuHa, "Ẩn tôi");
        var c = await _host.AskAsync(TestUsers.Tuan, "Trả lời tôi");
        _host.Time.Advance(TimeSpan.FromMinutes(3));

        AssertCard(await _host.ActAsync(TestUsers.Organizer, "question.approve", new { id = a }));
        AssertCard(await _host.ActAsync(TestUsers.Organizer, "question.hide", new { id = b }));
        var board = await _host.ActAsync(TestUsers.Organizer, "question.answer", new { id = c });

        AssertCard(board);
        Assert.Contains("Bảng câu hỏi thảo luận", Texts(board));
        Assert.Equal(QuestionState.Approved, (await _host.QuestionAsync(a)).State);
        Assert.Equal(QuestionState.Hidden, (await _host.QuestionAsync(b)).State);
        var answered = await _host.QuestionAsync(c);
        Assert.Equal(QuestionState.Answered, answered.State);
        Assert.Equal(_host.Time.GetUtcNow(), answered.AnsweredAt);
    }

    [Fact]
    public async Task Moderate_WithdrawnQuestion_Refused()
    {
        var id = await _host.AskAsync(TestUsers.Hung, "Rút rồi");
        AssertCard(await _host.ActAsync(TestUsers.Hung, "question.withdraw", new { id }));

        Assert.Contains("rút lại", AssertRefused(await _host.ActAsync(TestUsers.Organizer, "question.approve", new { id })), StringComparison.Ordinal);
        Assert.Equal(QuestionState.Withdrawn, (await _host.QuestionAsync(id)).State);
    }

    [Fact]
    public async Task Board_SortNewestOrMostVoted()
    {
        var oldest = await _host.AskAsync(TestUsers.Hung, "Cũ nhất nhiều phiếu");
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        var middle = await _host.AskAsync(TestUsers.ThuHa, "Ở giữa");
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        var newest = await _host.AskAsync(TestUsers.Tuan, "Mới nhất");
        await _host.ApproveAsync(oldest, middle, newest);
        AssertCard(await _host.ActAsync(TestUsers.NgocLan, "question.vote", new { id = oldest }, inGroup: true));
        AssertCard(await _host.ActAsync(TestUsers.Tuan, "question.vote", new { id = oldest }, inGroup: true));
        AssertCard(await _host.ActAsync(TestUsers.Tuan, "question.vote", new { id = middle }, inGroup: true));

        var byNew = Texts(await _host.ActAsync(TestUsers.Organizer, "question.board", new { page = 0, sort = "new" }));
        var byVotes = Texts(await _host.ActAsync(TestUsers.Organizer, "question.board", new { page = 0, sort = "votes" }));

        Assert.True(byNew.IndexOf("Mới nhất") < byNew.IndexOf("Ở giữa") && byNew.IndexOf("Ở giữa") < byNew.IndexOf("Cũ nhất nhiều phiếu"), string.Join(" | ", byNew));
        Assert.True(byVotes.IndexOf("Cũ nhất nhiều phiếu") < byVotes.IndexOf("Ở giữa") && byVotes.IndexOf("Ở giữa") < byVotes.IndexOf("Mới nhất"), string.Join(" | ", byVotes));
        Assert.Contains("Xếp mới nhất", byVotes);
        Assert.Contains("Xếp theo bình chọn", byNew);
    }

    [Fact]
    public async Task Board_TwelveQuestions_TenPerPageWithPrevNext()
    {
        for (var i = 1; i <= 12; i++)
        {
            await _host.AskAsync(TestUsers.Hung, $"Câu số {i:00}", "sipas");
            _host.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var first = Texts(await _host.ActAsync(TestUsers.Organizer, "question.board", new { page = 0, sort = "new" }));
        var second = Texts(await _host.ActAsync(TestUsers.Organizer, "question.board", new { page = 1, sort = "new" }));
        var beyond = Texts(await _host.ActAsync(TestUsers.Organizer, "question.board", new { page = 99, sort = "new" }));

        Assert.Equal(10, first.Count(t => t.StartsWith("Câu số ", StringComparison.Ordinal)));
        Assert.Contains("Sau", first);
        Assert.DoesNotContain("Trước", first);
        Assert.Equal(["Câu số 02", "Câu số 01"], second.Where(t => t.StartsWith("Câu số ", StringComparison.Ordinal)));
        Assert.Contains("Trước", second);
        Assert.DoesNotContain("Sau", second);
        Assert.Equal(second.Where(t => t.StartsWith("Câu số ", StringComparison.Ordinal)), beyond.Where(t => t.StartsWith("Câu số ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Merge_VotesAndAuthorsFoldIntoTarget_SourceHidden()
    {
        var source = await _host.AskAsync(TestUsers.Hung, "Trùng lặp", "pci", showName: true);
        var target = await _host.AskAsync(TestUsers.ThuHa, "Bản gốc", "pci", showName: false);
        await _host.ApproveAsync(source, target);
        AssertCard(await _host.ActAsync(TestUsers.Tuan, "question.vote", new { id = source }, inGroup: true));
        AssertCard(await _host.ActAsync(TestUsers.NgocLan, "question.vote", new { id = source }, inGroup: true));
        AssertCard(await _host.ActAsync(TestUsers.Tuan, "question.vote", new { id = target }, inGroup: true));

        var board = await _host.ActAsync(TestUsers.Organizer, "question.merge", new { id = source, target });

        AssertCard(board);
        var merged = await _host.QuestionAsync(source);
        Assert.Equal(QuestionState.Merged, merged.State);
        Assert.Equal(Question.ParseId(target), merged.MergedInto);
        var folded = await _host.QuestionAsync(target);
        Assert.Equal(2, folded.Votes); // Tuấn voted for both: still one vote
        Assert.Equal(TestUsers.Hung.AadObjectId, Assert.Single(folded.CoAuthors).AadObjectId);
        Assert.Contains($"Đã ẩn: đã gộp vào #{Question.ParseId(target)}", Texts(board));
        Assert.Contains($"gộp vào #{Question.ParseId(target)}", AssertRefused(await _host.ActAsync(TestUsers.Hung, "question.vote", new { id = source }, inGroup: true)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_IntoItselfOrUnknownOrMissingTarget_Refused()
    {
        var a = await _host.AskAsync(TestUsers.Hung, "Một");

        AssertRefused(await _host.ActAsync(TestUsers.Organizer, "question.merge", new { id = a, target = a }));
        AssertRefused(await _host.ActAsync(TestUsers.Organizer, "question.merge", new { id = a, target = "000777" }));
        AssertRefused(await _host.ActAsync(TestUsers.Organizer, "question.merge", new { id = a }));

        Assert.Equal(QuestionState.Pending, (await _host.QuestionAsync(a)).State);
    }

    [Fact]
    public async Task ExportCsv_WithKey_Utf8BomVietnameseAndVisibility()
    {
        await _host.AskAsync(TestUsers.Hung, "Công khai: cải cách hành chính, \"một cửa\"", "par-index", showName: true);
        await _host.AskAsync(TestUsers.ThuHa, "=HYPERLINK(\"http://x\") ẩn danh", "papi", showName: false);

        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/organizer/conferences/khanh-hoa-2023/questions.csv");
        request.Headers.Add("X-Organizer-Key", ApiKey);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Số,Chủ đề,Nội dung,Tên hiển thị với đại biểu,Người hỏi (tên thật),Cho phép hiển thị tên,Đơn vị", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.Contains($"\"Công khai: cải cách hành chính, \"\"một cửa\"\"\",{TestUsers.Hung.Name},{TestUsers.Hung.Name},Có", lines[1], StringComparison.Ordinal);
        Assert.Contains($",Ẩn danh với đại biểu,{TestUsers.ThuHa.Name},Không,", lines[2], StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", lines[2], StringComparison.Ordinal); // a formula is never run by Excel
        Assert.Contains("Chờ duyệt", lines[1], StringComparison.Ordinal);
        Assert.Contains("2026-11-30 09:00", lines[1], StringComparison.Ordinal); // Asia/Ho_Chi_Minh
    }

    [Fact]
    public async Task ExportXlsx_WithKey_ReadsBack()
    {
        var id = await _host.AskAsync(TestUsers.Hung, "Chỉ số SIPAS của ngành y tế", "sipas", showName: false);
        await _host.ApproveAsync(id);
        AssertCard(await _host.ActAsync(TestUsers.Tuan, "question.vote", new { id }, inGroup: true));

        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/organizer/conferences/khanh-hoa-2023/questions.xlsx");
        request.Headers.Add("X-Organizer-Key", ApiKey);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var workbook = new XLWorkbook(stream);
        var sheet = workbook.Worksheet(1);
        Assert.Equal("Nội dung", sheet.Cell(1, 3).GetString());
        Assert.Equal("#1", sheet.Cell(2, 1).GetString());
        Assert.Equal("SIPAS", sheet.Cell(2, 2).GetString());
        Assert.Equal("Chỉ số SIPAS của ngành y tế", sheet.Cell(2, 3).GetString());
        Assert.Equal("Ẩn danh với đại biểu", sheet.Cell(2, 4).GetString());
        Assert.Equal(TestUsers.Hung.Name, sheet.Cell(2, 5).GetString());
        Assert.Equal(1, sheet.Cell(2, 9).GetValue<int>());
        Assert.Equal("Đã duyệt", sheet.Cell(2, 10).GetString());
    }

    [Theory]
    [InlineData("/api/organizer/conferences/khanh-hoa-2023/questions.csv", null)]
    [InlineData("/api/organizer/conferences/khanh-hoa-2023/questions.csv", "sai-khoa")]
    [InlineData("/api/organizer/conferences/khanh-hoa-2023/questions.xlsx", "")]
    [InlineData("/api/organizer/conferences/khanh-hoa-2023/questions.xlsx?exp=99999999999&sig=00", null)]
    public async Task Export_WithoutValidKey_Unauthorized(string path, string? key)
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("X-Organizer-Key", key);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Board_PublicBaseUrl_OffersSignedExportLinksThatExpire()
    {
        await _host.AskAsync(TestUsers.Hung, "Có link xuất");
        var board = await _host.ActAsync(TestUsers.Organizer, "question.board", new { page = 0 });
        var urls = FindUrls(Card(board)).Where(u => u.Contains("/api/organizer/exports/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, urls.Count);
        Assert.All(urls, u => Assert.StartsWith("http://127.0.0.1:3978/api/organizer/exports/", u, StringComparison.Ordinal));

        using var client = _host.CreateClient();
        using (var csv = await client.GetAsync(new Uri(new Uri(urls[0]).PathAndQuery, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Có link xuất", System.Text.Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        }

        using (var xlsx = await client.GetAsync(new Uri(new Uri(urls[1]).PathAndQuery, UriKind.Relative)))
        {
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        }

        _host.Time.Advance(TimeSpan.FromMinutes(16));
        using var expired = await client.GetAsync(new Uri(new Uri(urls[0]).PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Contains("Liên kết đã hết hạn", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportLink_Forged_403SayingTheLinkIsNotValidNotAskingForAKey()
    {
        await _host.AskAsync(TestUsers.Hung, "Có link xuất");
        var board = await _host.ActAsync(TestUsers.Organizer, "question.board", new { page = 0 });
        var link = new Uri(FindUrls(Card(board)).First(u => u.Contains("/api/organizer/exports/", StringComparison.Ordinal)));
        var forged = link.PathAndQuery[..^2] + (link.PathAndQuery[^2] == 'A' ? "B" : "A") + link.PathAndQuery[^1];

        using var response = await _host.CreateClient().GetAsync(new Uri(forged, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Liên kết không hợp lệ.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Organizer-Key", body, StringComparison.Ordinal);
    }

    private static List<string> FindUrls(JsonElement element)
    {
        var urls = new List<string>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name == "url" && p.Value.ValueKind == JsonValueKind.String)
                    {
                        urls.Add(p.Value.GetString()!);
                    }
                    else
                    {
                        Walk(p.Value);
                    }
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var i in e.EnumerateArray())
                {
                    Walk(i);
                }
            }
        }

        Walk(element);
        return urls;
    }
}
