using System.Net;
using System.Text.Json;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Api;

/// <summary>The OpenAPI document and the interactive API page (Scalar), local mode.</summary>
[Collection(StorageCollection.Name)]
public sealed class OpenApiTests(AzuriteFixture storage) : IAsyncLifetime
{
    private BotTestHost _host = null!;
    private JsonElement _document;

    public async Task InitializeAsync()
    {
        _host = await BotTestHost.StartAsync(storage);
        using var response = await _host.CreateClient().GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private JsonElement Operation(string path, string method) => _document.GetProperty("paths").GetProperty(path).GetProperty(method);

    [Fact]
    public void Document_DescribesTheOrganizerEndpoints()
    {
        var paths = _document.GetProperty("paths");

        foreach (var path in new[] { "/api/organizer/conferences/{conferenceId}/delegates/import", "/api/organizer/conferences/{conferenceId}/delegates", "/api/organizer/conferences/{conferenceId}/attendance.xlsx", "/api/organizer/conferences/{conferenceId}/questions.csv", "/api/organizer/conferences/{conferenceId}/status", "/api/organizer/exports/{token}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }

        Assert.Equal("Nhập danh sách đại biểu (CSV hoặc XLSX) / Import the delegate list", Operation("/api/organizer/conferences/{conferenceId}/delegates/import", "post").GetProperty("summary").GetString());
    }

    [Fact]
    public void Document_DeclaresTheBearerAndKeySchemes()
    {
        var schemes = _document.GetProperty("components").GetProperty("securitySchemes");

        Assert.Equal(("http", "bearer", "JWT"), (schemes.GetProperty("Bearer").GetProperty("type").GetString(), schemes.GetProperty("Bearer").GetProperty("scheme").GetString(), schemes.GetProperty("Bearer").GetProperty("bearerFormat").GetString()));
        Assert.Equal(("apiKey", "header", "X-Organizer-Key"), (schemes.GetProperty("OrganizerKey").GetProperty("type").GetString(), schemes.GetProperty("OrganizerKey").GetProperty("in").GetString(), schemes.GetProperty("OrganizerKey").GetProperty("name").GetString()));
    }

    [Fact]
    public void Document_GuardedOperationsNameEitherScheme_SignedLinkNeither()
    {
        var security = Operation("/api/organizer/conferences/{conferenceId}/delegates", "get").GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList();

        Assert.Equal(["Bearer", "OrganizerKey"], security);
        Assert.False(Operation("/api/organizer/exports/{token}", "get").TryGetProperty("security", out _));
    }

    [Fact]
    public void Document_ImportTakesAMultipartFileOrTheRawFile()
    {
        var content = Operation("/api/organizer/conferences/{conferenceId}/delegates/import", "post").GetProperty("requestBody").GetProperty("content");

        var file = content.GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties").GetProperty("file");
        Assert.Equal(("string", "binary"), (file.GetProperty("type").GetString(), file.GetProperty("format").GetString()));
        Assert.True(content.TryGetProperty("text/csv", out _));
        Assert.True(content.TryGetProperty("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", out _));
    }

    [Fact]
    public async Task ApiPage_LocalMode_ServedWithItsScriptAndTheDocument()
    {
        using var client = _host.CreateClient();

        using var page = await client.GetAsync(new Uri("/scalar/v1", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"url\":\"openapi/v1.json\"", html, StringComparison.Ordinal);
        using var script = await client.GetAsync(new Uri("/scalar/scalar.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }
}
