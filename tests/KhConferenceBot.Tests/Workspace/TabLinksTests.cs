using System.Text.Json;
using System.Text.Json.Nodes;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Graph;
using KhConferenceBot.Testing;
using KhConferenceBot.Workspace;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Tests.Workspace;

/// <summary>The one place chat cards get their link to the workspace: its form, and the start page's reading of it.</summary>
public sealed class TabLinksTests
{
    private const string AppId = "5b1e0f6c-2a3d-4c7e-9f10-0123456789ab";
    private const string CatalogId = "e9a1c3f5-0000-4000-8000-00000000cafe";

    private static readonly WorkspaceNavEntry[] Pages =
    [
        new("", new BilingualText("Tổng quan", "Overview"), 0),
        new("questions", new BilingualText("Câu hỏi", "Questions"), 40),
    ];

    private static TabLinks Links(string? manifestId = AppId, string? catalogId = null) => new(
        Options.Create(new ConferenceOptions { PublicBaseUrl = "https://hoinghi.khanhhoa.example" }),
        Options.Create(new GraphOptions { ManifestAppId = manifestId, TeamsAppCatalogId = catalogId }));

    private static Dictionary<string, string> Query(Uri uri) => uri.Query.TrimStart('?').Split('&')
        .Select(p => p.Split('=', 2))
        .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));

    [Fact]
    public void TeamsDeepLink_ManifestId_PersonalTabEntityWithConferenceAndPageAsSubEntity()
    {
        var link = Links().TeamsDeepLink("khanh-hoa-2023", "Hội nghị PAR-Index 2023", "questions")!;

        Assert.Equal("https", link.Scheme);
        Assert.Equal("teams.microsoft.com", link.Host);
        Assert.Equal($"/l/entity/{AppId}/organizer-dashboard", link.AbsolutePath);
        var query = Query(link);
        Assert.Equal("khanh-hoa-2023/questions", JsonNode.Parse(query["context"])!["subEntityId"]!.GetValue<string>());
        Assert.Equal("https://hoinghi.khanhhoa.example/organizer/conferences/khanh-hoa-2023/questions", query["webUrl"]);
        Assert.Equal("Hội nghị PAR-Index 2023", query["label"]);
        Assert.DoesNotContain(" ", link.AbsoluteUri, StringComparison.Ordinal);
        Assert.DoesNotContain("{", link.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public void TeamsDeepLink_CatalogIdKnown_NamesTheCatalogId()
    {
        var link = Links(catalogId: CatalogId).TeamsDeepLink("khanh-hoa-2023", "Hội nghị")!;

        Assert.Equal($"/l/entity/{CatalogId}/organizer-dashboard", link.AbsolutePath);
        Assert.Equal("{\"subEntityId\":\"khanh-hoa-2023\"}", Query(link)["context"]);
    }

    [Fact]
    public void ForChat_NoTeamsAppId_PlainWebAddress()
    {
        var link = Links(manifestId: null).ForChat("khanh-hoa-2023", "Hội nghị");

        Assert.Equal(new Uri("https://hoinghi.khanhhoa.example/organizer/conferences/khanh-hoa-2023"), link);
    }

    [Fact]
    public async Task EntityId_IsTheManifestsPersonalTab()
    {
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot, "manifest", "manifest.template.json")))!;

        Assert.Equal(TabLinks.EntityId, (string)manifest["staticTabs"]![0]!["entityId"]!);
    }

    [Theory]
    [InlineData("khanh-hoa-2023", "khanh-hoa-2023", "")]
    [InlineData("khanh-hoa-2023/questions", "khanh-hoa-2023", "questions")]
    public void ParseSubPage_ConferenceAndKnownPage_Read(string subPage, string conferenceId, string slug)
    {
        Assert.Equal((conferenceId, slug), TabLinks.ParseSubPage(subPage, Pages));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("khanh-hoa-2023/khong-co-trang")]
    [InlineData("khanh-hoa-2023/questions/x")]
    [InlineData("../signout")]
    [InlineData("https://evil.example/")]
    [InlineData("KHANH HOA")]
    public void ParseSubPage_AnythingElse_Null(string? subPage)
    {
        Assert.Null(TabLinks.ParseSubPage(subPage, Pages));
    }

    [Fact]
    public void ParseSubPage_RoundTripsWhatTheLinkCarries()
    {
        var context = Query(Links().TeamsDeepLink("khanh-hoa-2023", "x", "questions")!)["context"];

        var subPage = JsonDocument.Parse(context).RootElement.GetProperty("subEntityId").GetString();

        Assert.Equal(("khanh-hoa-2023", "questions"), TabLinks.ParseSubPage(subPage, Pages));
    }
}
