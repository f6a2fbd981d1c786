using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace KhConferenceBot.Api;

/// <summary>Every refusal of the HTTP API: ProblemDetails with the Vietnamese title for people and the English detail.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult Of(int status, string titleVi, string detailEn) =>
        TypedResults.Problem(statusCode: status, title: titleVi, detail: detailEn);

    /// <summary>For code that answers outside an endpoint (authentication handlers, the exception handler).</summary>
    public static async ValueTask<bool> WriteAsync(HttpContext http, int status, string titleVi, string detailEn)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = status;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = titleVi, Detail = detailEn },
        }).ConfigureAwait(false);
    }
}
