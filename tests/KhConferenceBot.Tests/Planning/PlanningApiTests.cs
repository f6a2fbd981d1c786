using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KhConferenceBot.Conferences;
using KhConferenceBot.Conferences.Plans;
using KhConferenceBot.Features.Planning;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using KhConferenceBot.Tests.Plans;

namespace KhConferenceBot.Tests.Planning;

/// <summary>The planning API on the real host (local key, acting as the configured creator a0), on Azurite.</summary>
[Collection(StorageCollection.Name)]
public sealed class PlanningApiTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Key = "local-organizer-key-0123456789";
    private static readonly JsonSerializerOptions Json = ConferenceJson.Options;
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Organizer:LocalApiKey"] = Key });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private HttpClient Client() => _host.CreateOrganizerClient(Key);

    private static ConferenceForm SeedForm() => ConferenceForm.FromDraft(PlanReader.ReadText(PlanBuilder.SeedText).Draft!) with { Date = new DateOnly(2026, 12, 10) };

    [Fact]
    public async Task ReadPlan_SeedAsDocx_DraftWithSourcesAndTheDateAsked()
    {
        using var content = new ByteArrayContent(PlanBuilder.FromText(PlanBuilder.SeedText).ToDocx());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.wordprocessingml.document");

        using var response = await Client().PostAsync(new Uri("/api/organizer/plans", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var review = (await response.Content.ReadFromJsonAsync<PlanReview>(Json))!;
        Assert.Equal(9, review.Form.Agenda.Count);
        Assert.Equal(200, review.Form.Capacity);
        Assert.Null(review.Form.Date);
        Assert.Contains(review.Issues, i => i.Field == "date" && i.Kind == PlanIssueKind.Required && i.MessageVi.Contains("Trong tháng 5/2023", StringComparison.Ordinal));
        Assert.Contains("Dự kiến 200 đại biểu", review.SourceOf("capacity")!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadPlan_PdfOrNotAPlan_400WithAVietnameseTitleNeverA500()
    {
        foreach (var body in new[] { "%PDF-1.7 nonsense"u8.ToArray(), "xin chào"u8.ToArray(), Array.Empty<byte>() })
        {
            using var response = await Client().PostAsync(new Uri("/api/organizer/plans", UriKind.Relative), new ByteArrayContent(body));

            var problem = await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.Contains("\"title\":\"", problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Create_CompletedSeedDraft_201DraftConferenceAndTheCallerIsItsOrganizer()
    {
        using var response = await Client().PostAsJsonAsync("/api/organizer/conferences", new CreateConferenceRequest { Conference = SeedForm() }, Json);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var view = (await response.Content.ReadFromJsonAsync<ConferenceView>(Json))!;
        Assert.Equal($"/api/organizer/conferences/{view.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal("phan-tich-danh-gia-cac-2026", view.Id);
        Assert.Equal("draft", view.State);
        var stored = (await _host.Service<ConferenceDirectory>().GetAsync(view.Id, CancellationToken.None))!;
        Assert.Equal((9, 13, TestUsers.Organizer.AadObjectId), (stored.Agenda.Count, stored.Groups.Count, stored.CreatedBy));
        Assert.Equal(ConferenceRole.Organizer, await _host.Service<ConferenceRoles>().GetAsync(view.Id, TestUsers.Organizer.AadObjectId, CancellationToken.None));
    }

    [Fact]
    public async Task Create_SameRequestTwice_OneConferenceThenItsIdTakenByAnother409()
    {
        var request = new CreateConferenceRequest { Id = "chi-so-2026", Conference = SeedForm() };

        using var first = await Client().PostAsJsonAsync("/api/organizer/conferences", request, Json);
        using var again = await Client().PostAsJsonAsync("/api/organizer/conferences", request, Json);
        using var other = await Client().PostAsJsonAsync("/api/organizer/conferences", request with { Conference = SeedForm() with { Venue = "Hội trường khác" } }, Json);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        var problem = await OrganizerApiClient.AssertProblemAsync(other, HttpStatusCode.Conflict);
        Assert.Contains("chi-so-2026", problem, StringComparison.Ordinal);
        Assert.Single(await _host.Service<ConferenceDirectory>().ListAsync(CancellationToken.None), c => c.Id.StartsWith("chi-so-2026", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_MissingDatePastDayAndBadRows_400NamesEveryFieldAndNothingCreated()
    {
        var before = (await _host.Service<ConferenceDirectory>().ListAsync(CancellationToken.None)).Count;
        var form = SeedForm() with { Date = new DateOnly(2026, 11, 1), Agenda = [new AgendaItemForm(null, "9h", "8h", "Khai mạc")] };

        using var response = await Client().PostAsJsonAsync("/api/organizer/conferences", new CreateConferenceRequest { Conference = form }, Json);
        using var broken = await Client().PostAsync(new Uri("/api/organizer/conferences", UriKind.Relative), new StringContent("{\"conference\":{\"date\":\"mai\"}}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Thông tin hội nghị chưa hợp lệ.", body.RootElement.GetProperty("title").GetString());
        var errors = body.RootElement.GetProperty("errors");
        Assert.Contains("đã qua", errors.GetProperty("date")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("agenda[0].end", out _));
        var problem = await OrganizerApiClient.AssertProblemAsync(broken, HttpStatusCode.BadRequest);
        Assert.Contains("conference.date", problem, StringComparison.Ordinal);
        Assert.Equal(before, (await _host.Service<ConferenceDirectory>().ListAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Edit_WithTheETag_SavedAndAStaleETag412()
    {
        var id = await CreateAsync("sua-2026");
        using var get = await Client().GetAsync(new Uri($"/api/organizer/conferences/{id}/form", UriKind.Relative));
        var etag = get.Headers.GetValues("ETag").Single();
        var form = (await get.Content.ReadFromJsonAsync<ConferenceView>(Json))!.Form with { Venue = "Hội trường UBND tỉnh", Capacity = 150 };

        using var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/organizer/conferences/{id}") { Content = JsonContent.Create(form, options: Json) };
        edit.Headers.TryAddWithoutValidation("If-Match", etag);
        using var saved = await Client().SendAsync(edit);
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/organizer/conferences/{id}") { Content = JsonContent.Create(form with { Capacity = 10 }, options: Json) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        using var refused = await Client().SendAsync(stale);

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        await OrganizerApiClient.AssertProblemAsync(refused, HttpStatusCode.PreconditionFailed);
        var stored = (await _host.Service<ConferenceDirectory>().GetAsync(id, CancellationToken.None))!;
        Assert.Equal(("Hội trường UBND tỉnh", 150, 0), (stored.Venue.Vi, stored.Capacity, stored.Revision));
    }

    [Fact]
    public async Task Edit_OpenConferenceAgenda_IsAScheduleChangeWithItsChangeId()
    {
        var id = await CreateAsync("doi-lich-2026");
        await MoveAsync(id, "open");
        var form = SeedForm();
        var moved = form with { Agenda = [.. form.Agenda.Select((a, i) => i == 0 ? a with { Start = "07h30" } : a)] };

        using var response = await Client().PutAsJsonAsync($"/api/organizer/conferences/{id}", moved, Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = (await _host.Service<ConferenceDirectory>().GetAsync(id, CancellationToken.None))!;
        Assert.Equal((1, new TimeOnly(7, 30)), (stored.Revision, stored.Agenda[0].Start));
        Assert.NotNull(stored.LastChangeId);
        Assert.Equal(_host.Time.GetUtcNow(), stored.RevisedAt);
    }

    [Fact]
    public async Task Copy_PastConference_NewDraftWithAgendaAndGroupsButNoDelegates()
    {
        using var response = await Client().PostAsJsonAsync("/api/organizer/conferences/khanh-hoa-2023/copy",
            new CopyConferenceRequest(new DateOnly(2027, 5, 20), "Hội nghị phân tích các Chỉ số năm 2026", null), Json);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var view = (await response.Content.ReadFromJsonAsync<ConferenceView>(Json))!;
        var sample = (await _host.Service<ConferenceDirectory>().GetAsync("khanh-hoa-2023", CancellationToken.None))!;
        var copy = (await _host.Service<ConferenceDirectory>().GetAsync(view.Id, CancellationToken.None))!;
        Assert.Equal(("draft", new DateOnly(2027, 5, 20), "Hội nghị phân tích các Chỉ số năm 2026"), (view.State, copy.Date, copy.Title.Vi));
        Assert.Equal(sample.Agenda.Select(a => (a.Start, a.Content.Vi)), copy.Agenda.Select(a => (a.Start, a.Content.Vi)));
        Assert.Equal(sample.Groups.Select(g => (g.Name.Vi, g.Category)), copy.Groups.Select(g => (g.Name.Vi, g.Category)));
        Assert.Empty(await _host.Service<Features.Delegates.IDelegateStore>().ListAsync(view.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Move_BackwardsOrUnknown_RefusedAndErase_OnlyOnceClosed()
    {
        var id = await CreateAsync("vong-doi-2026");

        using var unknown = await Client().PostAsJsonAsync($"/api/organizer/conferences/{id}/state", new { state = "7" }, Json);
        using var early = await Client().DeleteAsync(new Uri($"/api/organizer/conferences/{id}/personal-data", UriKind.Relative));
        await MoveAsync(id, "open");
        using var back = await Client().PostAsJsonAsync($"/api/organizer/conferences/{id}/state", new { state = "draft" }, Json);
        await MoveAsync(id, "closed");
        using var erased = await Client().DeleteAsync(new Uri($"/api/organizer/conferences/{id}/personal-data", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        await OrganizerApiClient.AssertProblemAsync(early, HttpStatusCode.Conflict);
        await OrganizerApiClient.AssertProblemAsync(back, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var view = (await erased.Content.ReadFromJsonAsync<ConferenceView>(Json))!;
        Assert.Equal(TestUsers.Organizer.AadObjectId, view.PersonalDataErased!.ErasedBy);
    }

    private async Task<string> CreateAsync(string id)
    {
        using var response = await Client().PostAsJsonAsync("/api/organizer/conferences", new CreateConferenceRequest { Id = id, Conference = SeedForm() }, Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    private async Task MoveAsync(string id, string state)
    {
        using var response = await Client().PostAsJsonAsync($"/api/organizer/conferences/{id}/state", new { state }, Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
