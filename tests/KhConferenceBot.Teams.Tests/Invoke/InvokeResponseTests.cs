using System.Text.Json;
using KhConferenceBot.Teams.Invoke;
using KhConferenceBot.Teams.Schema;
using KhConferenceBot.Teams.Tests.Schema;

namespace KhConferenceBot.Teams.Tests.Invoke;

public class InvokeResponseTests
{
    [Fact]
    public void Card_AdaptiveCard_BodyHasCardContentTypeAndCardValue()
    {
        var card = JsonDocument.Parse("""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"Đã ghi nhận"}]}""").RootElement;

        var response = AdaptiveCardInvokeResponse.Card(card);

        Assert.Equal(200, response.Status);
        JsonAssert.Equivalent(
            """
            {
              "statusCode": 200,
              "type": "application/vnd.microsoft.card.adaptive",
              "value": {"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"Đã ghi nhận"}]}
            }
            """,
            TeamsJson.Serialize(response.Body));
    }

    [Fact]
    public void Message_Text_BodyHasActivityMessageContentTypeAndStringValue()
    {
        var response = AdaptiveCardInvokeResponse.Message("Cảm ơn bạn!");

        Assert.Equal(200, response.Status);
        JsonAssert.Equivalent(
            """{"statusCode":200,"type":"application/vnd.microsoft.activity.message","value":"Cảm ơn bạn!"}""",
            TeamsJson.Serialize(response.Body));
    }

    [Fact]
    public void Error_CodeAndMessage_HttpOkWithErrorStatusInBody()
    {
        var response = AdaptiveCardInvokeResponse.Error(400, "BadRequest", "Lời mời không tồn tại");

        Assert.Equal(200, response.Status);
        JsonAssert.Equivalent(
            """{"statusCode":400,"type":"application/vnd.microsoft.error","value":{"code":"BadRequest","message":"Lời mời không tồn tại"}}""",
            TeamsJson.Serialize(response.Body));
    }

    [Fact]
    public void ContentTypes_AreTheStringsTeamsExpects()
    {
        Assert.Equal("application/vnd.microsoft.card.adaptive", AdaptiveCardInvokeResponse.CardContentType);
        Assert.Equal("application/vnd.microsoft.activity.message", AdaptiveCardInvokeResponse.MessageContentType);
        Assert.Equal("application/vnd.microsoft.error", AdaptiveCardInvokeResponse.ErrorContentType);
        Assert.Equal(Attachment.AdaptiveCardContentType, AdaptiveCardInvokeResponse.CardContentType);
    }

    [Fact]
    public void OkAndNotImplemented_StatusAndBody()
    {
        Assert.Equal(new InvokeResponse(200, null), InvokeResponse.Ok());
        Assert.Equal(501, InvokeResponse.NotImplemented.Status);
        Assert.Null(InvokeResponse.NotImplemented.Body);
    }
}
