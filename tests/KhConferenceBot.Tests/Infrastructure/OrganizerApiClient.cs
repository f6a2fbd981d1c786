using System.Net;
using System.Text.Json;
using KhConferenceBot.Api;

namespace KhConferenceBot.Tests.Infrastructure;

/// <summary>Calls to the organizer HTTP API of a <see cref="BotTestHost"/>, and the shape every refusal must have.</summary>
public static class OrganizerApiClient
{
    /// <summary>A client that sends <paramref name="key"/> as X-Organizer-Key (none when null).</summary>
    public static HttpClient CreateOrganizerClient(this BotTestHost host, string? key)
    {
        ArgumentNullException.ThrowIfNull(host);
        var client = host.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(OrganizerAuthentication.KeyHeader, key);
        }

        return client;
    }

    /// <summary>Asserts a ProblemDetails answer with <paramref name="status"/> and a title; returns the body.</summary>
    public static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(text);
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("title").GetString()));
        return text;
    }
}
