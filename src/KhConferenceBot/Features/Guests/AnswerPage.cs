using System.Text;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Invitations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KhConferenceBot.Features.Guests;

/// <summary>
/// GET and POST /thu-moi/{token}: the page behind the personal link of an e-mail invitation. Post, then redirect (303)
/// to the page, which shows the answer given; a refused answer comes back with the message and what was typed (422).
/// </summary>
internal static class AnswerPage
{
    /// <summary>A form of 3 leaders, or an answer with a 500-character reason, is far below this.</summary>
    public const int MaxFormBytes = 32 * 1024;

    public static async Task<ContentHttpResult> ShowAsync(string token, string? lang, string? saved, HttpContext http, GuestAnswers answers, IAntiforgery antiforgery)
    {
        ArgumentNullException.ThrowIfNull(http);
        var page = await answers.OpenAsync(token, http.RequestAborted).ConfigureAwait(false);
        if (!page.Found)
        {
            return Refused(http, page);
        }

        var language = LanguageExtensions.Parse(lang) ?? Language.Vi;
        var note = saved is null ? null : language.Pick("Ban Tổ chức đã ghi nhận câu trả lời. Trân trọng cảm ơn.", "The organizers have your reply. Thank you.");
        return await RenderAsync(http, answers, antiforgery, page.Conference!, page.Delegate!, language, token, StatusCodes.Status200OK, note, null, null).ConfigureAwait(false);
    }

    public static async Task<Results<ContentHttpResult, SeeOther>> SubmitAsync(string token, HttpContext http, GuestAnswers answers, IAntiforgery antiforgery)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(antiforgery);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxFormBytes;
        }

        var page = await answers.OpenAsync(token, http.RequestAborted).ConfigureAwait(false);
        if (!page.Found)
        {
            return Refused(http, page);
        }

        if (!http.Request.HasFormContentType || http.Request.ContentLength > MaxFormBytes)
        {
            return Page(http, StatusCodes.Status400BadRequest, "Yêu cầu không hợp lệ", "Vui lòng gửi câu trả lời bằng biểu mẫu trên trang giấy mời.", "Bad request", "Please reply with the form on the invitation page.");
        }

        IFormCollection form;
        try
        {
            await antiforgery.ValidateRequestAsync(http).ConfigureAwait(false);
            form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            return Page(http, StatusCodes.Status400BadRequest, "Trang đã cũ", "Trang giấy mời đã mở quá lâu hoặc từ nơi khác. Vui lòng mở lại đường liên kết trong email rồi trả lời lại.",
                "The page is out of date", "The page was open too long or came from elsewhere. Please open the link in your e-mail again and reply again.");
        }
        catch (BadHttpRequestException)
        {
            return Page(http, StatusCodes.Status413PayloadTooLarge, "Nội dung quá lớn", "Câu trả lời quá dài; vui lòng rút gọn.", "Too large", "The reply is too long; please shorten it.");
        }

        var language = LanguageExtensions.Parse(form["lang"].ToString()) ?? Language.Vi;
        string? Field(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;
        var result = await answers.SubmitAsync(page.Conference!, page.Delegate!, Field, http.RequestAborted).ConfigureAwait(false);
        if (result.Status == AnswerStatus.Refused)
        {
            var entered = form.Keys.Where(k => k == "answer" || k == "reason" || k.StartsWith("substitute", StringComparison.Ordinal) || k.StartsWith("leader", StringComparison.Ordinal))
                .ToDictionary(k => k, k => form[k].ToString(), StringComparer.Ordinal);
            return await RenderAsync(http, answers, antiforgery, page.Conference!, page.Delegate!, language, token, result.HttpStatus ?? StatusCodes.Status422UnprocessableEntity, null, result.Message!.Get(language), entered).ConfigureAwait(false);
        }

        return new SeeOther($"/{AnswerLinks.RoutePrefix}{Uri.EscapeDataString(token)}?lang={language.Code()}&saved=1");
    }

    private static async Task<ContentHttpResult> RenderAsync(
        HttpContext http, GuestAnswers answers, IAntiforgery antiforgery, Conference conference, ConferenceDelegate person, Language language, string token, int status, string? saved, string? error, IReadOnlyDictionary<string, string>? entered)
    {
        var rsvp = await answers.AnswerOfAsync(conference, person, http.RequestAborted).ConfigureAwait(false);
        var leaders = DistrictRegistration.IsContact(conference, person) ? await answers.LeadersOfAsync(conference, person, http.RequestAborted).ConfigureAwait(false) : [];
        var tokens = antiforgery.GetAndStoreTokens(http);
        var view = new AnswerPageView(conference, person, language, rsvp, leaders, answers.IsOpen(conference),
            "/" + AnswerLinks.RoutePrefix + Uri.EscapeDataString(token), tokens.FormFieldName, tokens.RequestToken ?? "", saved, error, entered);
        Protect(http);
        return TypedResults.Content(AnswerPageHtml.Render(view), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static ContentHttpResult Refused(HttpContext http, GuestPage page) =>
        Page(http, page.Status, page.RefusalTitle!.Vi, page.Refusal!.Vi, page.RefusalTitle.En, page.Refusal.En);

    private static ContentHttpResult Page(HttpContext http, int status, string titleVi, string textVi, string titleEn, string textEn)
    {
        Protect(http);
        return TypedResults.Content(AnswerPageHtml.Message(titleVi, textVi, titleEn, textEn), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>The token is in the address: never cached, never sent on as a referrer, never framed or indexed.</summary>
    private static void Protect(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers["X-Robots-Tag"] = "noindex";
        headers["X-Content-Type-Options"] = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    /// <summary>303: the browser follows with a GET, so reloading the page does not post the answer again.</summary>
    internal sealed class SeeOther(string url) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = url;
            return Task.CompletedTask;
        }
    }
}
