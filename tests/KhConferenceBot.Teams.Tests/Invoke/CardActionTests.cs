using System.Text.Json;
using KhConferenceBot.Teams.Invoke;
using KhConferenceBot.Teams.Schema;
using KhConferenceBot.Teams.Tests.Schema;

namespace KhConferenceBot.Teams.Tests.Invoke;

public class CardActionTests
{
    [Fact]
    public void TryRead_AdaptiveCardInvoke_ReturnsVerbDataAndTrigger()
    {
        var action = CardAction.TryRead(Payloads.Parse(Payloads.InvokeAdaptiveCardAction));

        Assert.NotNull(action);
        Assert.Equal("rsvp.attend", action.Verb);
        Assert.True(action.IsInvoke);
        Assert.Equal("manual", action.Trigger);
        Assert.Equal("inv-2025-0042", action.GetString("invitationId"));
        Assert.Equal("sẽ đến sớm", action.GetString("ghiChu"));
    }

    [Fact]
    public void TryRead_SubmitFallbackMessage_ReturnsVerbAndWholeValueAsData()
    {
        var action = CardAction.TryRead(Payloads.Parse(Payloads.SubmitMessage));

        Assert.NotNull(action);
        Assert.Equal("rsvp.decline", action.Verb);
        Assert.False(action.IsInvoke);
        Assert.Equal("manual", action.Trigger);
        Assert.Equal("inv-2025-0042", action.GetString("invitationId"));
        Assert.Equal("Bận công tác", action.GetString("lyDo"));
    }

    [Fact]
    public void TryRead_InvokeWithoutData_ReturnsEmptyObjectData()
    {
        var action = CardAction.TryRead(Invoke("""{"action":{"type":"Action.Execute","verb":"agenda.refresh"},"trigger":"automatic"}"""));

        Assert.NotNull(action);
        Assert.Equal("automatic", action.Trigger);
        Assert.Equal(JsonValueKind.Object, action.Data.ValueKind);
        Assert.Null(action.GetString("anything"));
    }

    [Fact]
    public void TryRead_VerbWithSurroundingSpaces_TrimsVerb()
    {
        var action = CardAction.TryRead(Invoke("""{"action":{"verb":"  rsvp.attend "}}"""));

        Assert.Equal("rsvp.attend", action?.Verb);
    }

    [Theory]
    [InlineData("""{"action":{"type":"Action.Execute","data":{"a":"b"}}}""")]
    [InlineData("""{"action":{"verb":""}}""")]
    [InlineData("""{"action":{"verb":"   "}}""")]
    [InlineData("""{"action":{"verb":5}}""")]
    [InlineData("""{"action":{"verb":null}}""")]
    [InlineData("""{"action":"rsvp.attend"}""")]
    [InlineData("""{"action":[]}""")]
    [InlineData("""{"trigger":"manual"}""")]
    [InlineData("""[]""")]
    [InlineData("\"rsvp.attend\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void TryRead_InvokeWithoutUsableVerb_ReturnsNull(string value)
    {
        Assert.Null(CardAction.TryRead(Invoke(value)));
    }

    [Theory]
    [InlineData("""{"invitationId":"x"}""")]
    [InlineData("""{"verb":""}""")]
    [InlineData("""{"verb":true}""")]
    [InlineData("""{"verb":{"name":"rsvp.attend"}}""")]
    [InlineData("""["rsvp.attend"]""")]
    [InlineData("\"rsvp.attend\"")]
    [InlineData("null")]
    public void TryRead_SubmitWithoutUsableVerb_ReturnsNull(string value)
    {
        Assert.Null(CardAction.TryRead(Message(value)));
    }

    [Fact]
    public void TryRead_PlainTextMessage_ReturnsNull()
    {
        Assert.Null(CardAction.TryRead(Payloads.Parse(Payloads.PersonalMessage)));
    }

    [Fact]
    public void TryRead_OtherInvokeName_ReturnsNull()
    {
        var activity = Invoke("""{"action":{"verb":"rsvp.attend"}}""");
        activity.Name = "task/fetch";

        Assert.Null(CardAction.TryRead(activity));
    }

    [Fact]
    public void TryRead_InvokeWithNonObjectData_ReturnsEmptyObjectData()
    {
        var action = CardAction.TryRead(Invoke("""{"action":{"verb":"rsvp.attend","data":"inv-1"}}"""));

        Assert.NotNull(action);
        Assert.Equal(JsonValueKind.Object, action.Data.ValueKind);
    }

    [Theory]
    [InlineData("""{"verb":"v","flag":true}""", true)]
    [InlineData("""{"verb":"v","flag":"TRUE"}""", true)]
    [InlineData("""{"verb":"v","flag":"false"}""", false)]
    [InlineData("""{"verb":"v","flag":1}""", false)]
    [InlineData("""{"verb":"v"}""", false)]
    public void GetBool_ToggleValues_ReadsTrueOnlyForTrueOrTrueString(string value, bool expected)
    {
        var action = CardAction.TryRead(Message(value));

        Assert.Equal(expected, action?.GetBool("flag"));
    }

    [Fact]
    public void GetString_NonStringField_ReturnsNull()
    {
        var action = CardAction.TryRead(Message("""{"verb":"v","n":5,"o":{},"s":" x "}"""));

        Assert.Null(action?.GetString("n"));
        Assert.Null(action?.GetString("o"));
        Assert.Equal("x", action?.GetString("s"));
    }

    [Fact]
    public void TryRead_ValueDisposedAfterRead_DataStillReadable()
    {
        CardAction? action;
        using (var doc = JsonDocument.Parse("""{"verb":"v","k":"giá trị"}"""))
        {
            action = CardAction.TryRead(new Activity { Type = ActivityTypes.Message, Value = doc.RootElement });
        }

        Assert.Equal("giá trị", action?.GetString("k"));
    }

    private static Activity Invoke(string value) => new()
    {
        Type = ActivityTypes.Invoke,
        Name = CardAction.InvokeName,
        Value = JsonDocument.Parse(value).RootElement.Clone(),
    };

    private static Activity Message(string value) => new()
    {
        Type = ActivityTypes.Message,
        Value = JsonDocument.Parse(value).RootElement.Clone(),
    };
}

public class CardActionMalformedDataTests
{
    [Fact]
    public void TryRead_SubmitVerbWithLoneSurrogateEscape_ReturnsNullWithoutThrowing()
    {
        var activity = TeamsJson.TryParseActivity("""{"type":"message","value":{"verb":"\uD800"}}"""u8, out _);
        Assert.NotNull(activity);

        var thrown = Record.Exception(() => Assert.Null(CardAction.TryRead(activity)));

        Assert.Null(thrown);
    }

    [Fact]
    public void GetString_FieldWithLoneSurrogateEscape_ReturnsNull()
    {
        var activity = TeamsJson.TryParseActivity("""{"type":"invoke","name":"adaptiveCard/action","value":{"action":{"verb":"v","data":{"k":"a\uDC00"}},"trigger":"\uD800"}}"""u8, out _);
        Assert.NotNull(activity);

        var action = CardAction.TryRead(activity);

        Assert.NotNull(action);
        Assert.Null(action.Trigger);
        Assert.Null(action.GetString("k"));
    }
}
