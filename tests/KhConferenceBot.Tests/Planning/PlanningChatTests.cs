using System.Text.Json;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Planning;
using KhConferenceBot.Teams.Schema;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using KhConferenceBot.Tests.Plans;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KhConferenceBot.Tests.Planning;

/// <summary>"tạo hội nghị" in the personal chat, on the real host: pasted text, a Teams file from a loopback download address, confirming.</summary>
[Collection(StorageCollection.Name)]
public sealed class PlanningChatTests(AzuriteFixture storage) : IAsyncLifetime
{
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task CreateConference_PlanPastedAfterTheCommand_DraftAsksTheDateThenConfirmCreatesOneConference()
    {
        var draft = await SendAndReadCardAsync(Activities.PersonalMessage(TestUsers.Organizer, "tạo hội nghị\n" + PlanBuilder.SeedText));

        Assert.Contains("Trong tháng 5/2023", draft.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("Dự kiến 200 đại biểu", draft.GetRawText(), StringComparison.Ordinal);
        var draftId = DraftId(draft);

        var refused = await ConfirmAsync(TestUsers.Organizer, draftId, date: "");
        var created = await ConfirmAsync(TestUsers.Organizer, draftId, date: "10/12/2026");
        var again = await ConfirmAsync(TestUsers.Organizer, draftId, date: "10/12/2026");

        Assert.Contains("Chưa tạo được", refused.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("Đã tạo hội nghị", created.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("Hội nghị này đã được tạo", again.GetRawText(), StringComparison.Ordinal);
        var made = (await _host.Service<ConferenceDirectory>().ListAsync(CancellationToken.None)).Where(c => c.CreatedBy == TestUsers.Organizer.AadObjectId).ToList();
        var conference = Assert.Single(made);
        Assert.Equal((new DateOnly(2026, 12, 10), ConferenceState.Draft, 9), (conference.Date, conference.State, conference.Agenda.Count));
    }

    [Fact]
    public async Task CreateConference_CardWithPastedTextAndAgendaLines_ReadsBothAndOpens()
    {
        var start = await SendAndReadCardAsync(Activities.PersonalMessage(TestUsers.Organizer, "tạo hội nghị"));
        Assert.Contains(PlanningCards.ReadVerb, start.GetRawText(), StringComparison.Ordinal);

        var draft = Card(await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, PlanningCards.ReadVerb, new
        {
            planText = "KẾ HOẠCH\nTổ chức Hội nghị giao ban cải cách hành chính quý IV\n\nThời gian: ngày 15/12/2026\nĐịa điểm: Phòng họp số 1, UBND tỉnh",
        })));
        var created = Card(await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, PlanningCards.ConfirmVerb, new
        {
            draft = DraftId(draft),
            agendaText = "08h00 - 08h30 Khai mạc – Lãnh đạo UBND tỉnh\n08h30 - 10h00 Thảo luận\n10h00 - 10h15 Kết luận",
        })));
        var id = CardFacts.All(created).Single(f => f.Title == "Mã hội nghị").Value;
        var opened = Card(await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, PlanningCards.OpenVerb, new { conferenceId = id })));
        var strangerOpens = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, PlanningCards.OpenVerb, new { conferenceId = id }));

        Assert.Contains("Hội nghị đã mở", opened.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(403, strangerOpens.GetProperty("statusCode").GetInt32());
        var conference = (await _host.Service<ConferenceDirectory>().GetAsync(id, CancellationToken.None))!;
        Assert.Equal((ConferenceState.Open, 3, new DateOnly(2026, 12, 15)), (conference.State, conference.Agenda.Count, conference.Date));
        Assert.True(conference.Agenda[1].IsDiscussion);
    }

    [Fact]
    public async Task PlanFile_TeamsAttachmentFromALoopbackDownloadUrl_DraftCardOfTheDocx()
    {
        await using var files = await LoopbackFiles.StartAsync(PlanBuilder.FromText(PlanBuilder.SeedText).ToDocx());

        var draft = await SendAndReadCardAsync(FileMessage(TestUsers.Organizer, files.Url("ke-hoach.docx")));

        Assert.Contains("Bản nháp hội nghị", draft.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("4417/KH-UBND", draft.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(1, files.Requests);
    }

    [Fact]
    public async Task PlanFile_DownloadFailsOrNotAPlan_ClearMessageOnTheStartCard()
    {
        await using var files = await LoopbackFiles.StartAsync("%PDF-1.7"u8.ToArray());

        var missing = await SendAndReadCardAsync(FileMessage(TestUsers.Organizer, files.Url("missing.docx")));
        var pdf = await SendAndReadCardAsync(FileMessage(TestUsers.Organizer, files.Url("ke-hoach.pdf")));

        Assert.Contains("Không tải được tệp từ Teams", missing.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("Tệp PDF chưa được hỗ trợ", pdf.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(PlanningCards.ReadVerb, pdf.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateConference_NotACreator_RefusedAndTheirFileIgnored()
    {
        await using var files = await LoopbackFiles.StartAsync(PlanBuilder.FromText(PlanBuilder.SeedText).ToDocx());

        await _host.PostAsync(Activities.PersonalMessage(TestUsers.Hung, "tạo hội nghị\n" + PlanBuilder.SeedText));
        await _host.PostAsync(FileMessage(TestUsers.Hung, files.Url("ke-hoach.docx")));
        var refused = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, PlanningCards.ConfirmVerb, new { draft = "0123456789abcdef" }));

        var said = _host.Connector.SentTo(TestUsers.Hung.PersonalConversationId).Select(c => c.Activity!.Text ?? "").ToList();
        Assert.Contains(said, t => t.Contains("Chỉ người được giao tạo hội nghị", StringComparison.Ordinal));
        Assert.Equal(0, files.Requests);
        Assert.Equal(403, refused.GetProperty("statusCode").GetInt32());
    }

    private async Task<JsonElement> SendAndReadCardAsync(Activity activity)
    {
        var before = _host.Connector.SentTo(activity.Conversation!.Id!).Count;
        using var response = await _host.PostAsync(activity);
        response.EnsureSuccessStatusCode();
        var sent = _host.Connector.SentTo(activity.Conversation.Id!).Skip(before).Last();
        return sent.Activity!.Attachments![0].Content!.Value;
    }

    private async Task<JsonElement> ConfirmAsync(TestUser user, string draftId, string date) =>
        Card(await _host.InvokeAsync(Activities.Execute(user, PlanningCards.ConfirmVerb, new { draft = draftId, date })));

    private static JsonElement Card(JsonElement invokeBody) => invokeBody.GetProperty("value");

    private static string DraftId(JsonElement card) =>
        card.GetProperty("actions").EnumerateArray().First(a => a.GetProperty("verb").GetString() == PlanningCards.ConfirmVerb).GetProperty("data").GetProperty("draft").GetString()!;

    /// <summary>A message with a file as Teams sends it: the file.download.info attachment with its pre-authorised address.</summary>
    private static Activity FileMessage(TestUser user, Uri downloadUrl)
    {
        var activity = Activities.PersonalMessage(user, "");
        activity.Text = null;
        activity.Attachments =
        [
            new Attachment
            {
                ContentType = PlanAttachments.FileDownloadInfo,
                Name = "ke-hoach.docx",
                ContentUrl = "https://contoso.sharepoint.com/personal/ke-hoach.docx",
                Content = JsonSerializer.SerializeToElement(new { downloadUrl = downloadUrl.ToString(), uniqueId = "1150D938-8870-4044-9F2C-5BBDEBA70C9D", fileType = "docx" }),
            },
        ];
        return activity;
    }

    /// <summary>Stands in for SharePoint's download address on 127.0.0.1: any name serves the file, "missing…" answers 404.</summary>
    private sealed class LoopbackFiles : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;

        private LoopbackFiles(WebApplication app) => _app = app;

        public int Requests => Volatile.Read(ref _requests);

        public static async Task<LoopbackFiles> StartAsync(byte[] content)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var files = new LoopbackFiles(app);
            app.MapGet("/download/{name}", (string name) =>
            {
                Interlocked.Increment(ref files._requests);
                return name.StartsWith("missing", StringComparison.Ordinal) ? Results.NotFound() : Results.Bytes(content, "application/octet-stream");
            });
            await app.StartAsync();
            return files;
        }

        public Uri Url(string name) => new(_app.Urls.First() + "/download/" + name);

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
