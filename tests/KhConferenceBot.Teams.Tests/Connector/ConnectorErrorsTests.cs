using System.Net;
using System.Text;
using KhConferenceBot.Teams.Connector;

namespace KhConferenceBot.Teams.Tests.Connector;

public sealed class ConnectorErrorsTests
{
    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, TeamsErrorKind.BotNotRegistered)]
    [InlineData(HttpStatusCode.BadRequest, TeamsErrorKind.BadRequest)]
    [InlineData(HttpStatusCode.Forbidden, TeamsErrorKind.Forbidden)]
    [InlineData(HttpStatusCode.NotFound, TeamsErrorKind.ConversationNotFound)]
    [InlineData(HttpStatusCode.PreconditionFailed, TeamsErrorKind.PreconditionFailed)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, TeamsErrorKind.MessageSizeTooBig)]
    [InlineData(HttpStatusCode.TooManyRequests, TeamsErrorKind.Throttled)]
    [InlineData(HttpStatusCode.BadGateway, TeamsErrorKind.ServiceError)]
    [InlineData(HttpStatusCode.InternalServerError, TeamsErrorKind.ServiceError)]
    public void Map_NoCode_MapsFromStatus(HttpStatusCode status, TeamsErrorKind expected) =>
        Assert.Equal(expected, ConnectorErrors.Map(status, null, null));

    [Fact]
    public void Map_KnownCode_WinsOverStatus() =>
        Assert.Equal(TeamsErrorKind.ConversationBlockedByUser, ConnectorErrors.Map(HttpStatusCode.Forbidden, "ConversationBlockedByUser", "MessageWritesBlocked"));

    [Fact]
    public void FromResponse_SubCodeInsideInnerHttpErrorBodyText_Found()
    {
        var body = """{"error":{"code":"Forbidden","message":"nope","innerHttpError":{"statusCode":403,"body":"{\"error\":{\"code\":\"Forbidden\",\"subCode\":\"MessageWritesBlocked\"}}"}}}""";

        var ex = ConnectorErrors.FromResponse("Send", HttpStatusCode.Forbidden, Encoding.UTF8.GetBytes(body), null, "corr");

        Assert.Equal(TeamsErrorKind.MessageWritesBlocked, ex.Kind);
        Assert.Equal("MessageWritesBlocked", ex.SubCode);
        Assert.Equal("Forbidden", ex.Code);
        Assert.Equal("corr", ex.CorrelationId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html>Bad gateway</html>")]
    [InlineData("[]")]
    public void FromResponse_BodyNotErrorResponse_MapsFromStatus(string body)
    {
        var ex = ConnectorErrors.FromResponse("Send", HttpStatusCode.BadGateway, Encoding.UTF8.GetBytes(body), TimeSpan.FromSeconds(2), null);

        Assert.Equal(TeamsErrorKind.ServiceError, ex.Kind);
        Assert.Null(ex.Code);
        Assert.Equal(TimeSpan.FromSeconds(2), ex.RetryAfter);
    }
}
