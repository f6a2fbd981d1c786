using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace KhConferenceBot.Tests.Guests;

/// <summary>A browser without script against the answer page: keeps cookies, does not follow redirects, posts the page's form.</summary>
internal sealed partial class AnswerPageClient(GuestHost guests) : IDisposable
{
    private readonly HttpClient _client = guests.Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public HttpClient Http => _client;

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(Uri link)
    {
        using var response = await _client.GetAsync(Relative(link));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Opens the page, then posts <paramref name="fields"/> with the page's antiforgery token (as the form would).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(Uri link, IDictionary<string, string> fields, bool withToken = true)
    {
        var (_, html) = await GetAsync(link);
        return await PostAsync(link, fields, withToken ? html : "");
    }

    /// <summary>Posts <paramref name="fields"/> with the antiforgery token of a page opened earlier (a form left open).</summary>
    public async Task<HttpResponseMessage> PostAsync(Uri link, IDictionary<string, string> fields, string pageHtml)
    {
        var form = new Dictionary<string, string>(fields);
        var token = TokenField().Match(pageHtml);
        if (token.Success)
        {
            form[token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value);
        }

        using var content = new FormUrlEncodedContent(form);
        return await _client.PostAsync(Relative(link), content);
    }

    public static Uri Relative(Uri link) => new(link.PathAndQuery, UriKind.Relative);

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("<input type=\"hidden\" name=\"(__RequestVerificationToken[^\"]*)\" value=\"([^\"]+)\">")]
    private static partial Regex TokenField();
}
