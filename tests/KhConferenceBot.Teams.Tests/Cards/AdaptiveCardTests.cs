using System.Text.Json;
using KhConferenceBot.Teams.Cards;
using KhConferenceBot.Teams.Invoke;
using KhConferenceBot.Teams.Schema;
using KhConferenceBot.Teams.Tests.Schema;

namespace KhConferenceBot.Teams.Tests.Cards;

public class AdaptiveCardTests
{
    [Fact]
    public void ToJson_EmptyCard_HasTypeVersionSchemaAndEmptyBody()
    {
        JsonAssert.Equivalent(
            """{"type":"AdaptiveCard","version":"1.5","$schema":"http://adaptivecards.io/schemas/adaptive-card.json","body":[]}""",
            new AdaptiveCard().ToJson());
    }

    [Fact]
    public void ToJsonElement_InvitationCard_MatchesExpectedShape()
    {
        var card = new AdaptiveCard
        {
            Body =
            {
                new TextBlock("Xin chào") { Weight = TextWeight.Bolder },
                new FactSet { Facts = { new Fact("Thời gian", "08h00") } },
            },
            Actions = { new ExecuteAction("Tham dự", "rsvp.attend", new { invitationId = "x" }) },
        };

        JsonAssert.Equivalent(
            """
            {
              "type": "AdaptiveCard",
              "version": "1.5",
              "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
              "body": [
                { "type": "TextBlock", "text": "Xin chào", "weight": "bolder", "wrap": true },
                { "type": "FactSet", "facts": [ { "title": "Thời gian", "value": "08h00" } ] }
              ],
              "actions": [
                {
                  "type": "Action.Execute",
                  "title": "Tham dự",
                  "verb": "rsvp.attend",
                  "data": { "invitationId": "x" },
                  "fallback": {
                    "type": "Action.Submit",
                    "title": "Tham dự",
                    "data": { "invitationId": "x", "verb": "rsvp.attend" }
                  }
                }
              ]
            }
            """,
            card.ToJsonElement());
    }

    [Fact]
    public void ToJson_TextBlockWithEveryProperty_WritesCamelCaseValues()
    {
        var block = new TextBlock("Chương trình")
        {
            Id = "title",
            Size = TextSize.ExtraLarge,
            Weight = TextWeight.Bolder,
            Color = TextColor.Attention,
            IsSubtle = true,
            Wrap = false,
            MaxLines = 2,
            HorizontalAlignment = HorizontalAlignment.Center,
            Spacing = Spacing.Medium,
            Separator = true,
            Style = TextBlockStyle.Heading,
            IsVisible = false,
        };

        JsonAssert.Equivalent(
            """
            {
              "type": "TextBlock", "id": "title", "text": "Chương trình", "size": "extraLarge", "weight": "bolder",
              "color": "attention", "isSubtle": true, "wrap": false, "maxLines": 2, "horizontalAlignment": "center",
              "spacing": "medium", "separator": true, "style": "heading", "isVisible": false
            }
            """,
            BodyItem(block));
    }

    [Fact]
    public void ToJson_RichTextBlock_WritesRunsWithStrikethrough()
    {
        var rich = new RichTextBlock
        {
            Inlines =
            {
                new TextRun("08h00 Khai mạc") { Strikethrough = true, IsSubtle = true },
                new TextRun(" (đã xong)") { Italic = true, Color = TextColor.Good, Size = TextSize.Small, Weight = TextWeight.Lighter, Underline = false, Highlight = true },
            },
            HorizontalAlignment = HorizontalAlignment.Left,
        };

        JsonAssert.Equivalent(
            """
            {
              "type": "RichTextBlock",
              "inlines": [
                { "type": "TextRun", "text": "08h00 Khai mạc", "isSubtle": true, "strikethrough": true },
                { "type": "TextRun", "text": " (đã xong)", "size": "small", "weight": "lighter", "color": "good", "italic": true, "underline": false, "highlight": true }
              ],
              "horizontalAlignment": "left"
            }
            """,
            BodyItem(rich));
    }

    [Fact]
    public void ToJson_ColumnSet_WritesEachWidthKind()
    {
        var set = new ColumnSet
        {
            Style = ContainerStyle.Emphasis,
            Bleed = true,
            Columns =
            {
                new Column(ColumnWidth.Auto) { Items = { new TextBlock("08h00") }, VerticalContentAlignment = VerticalContentAlignment.Center },
                new Column(ColumnWidth.Stretch) { Items = { new TextBlock("Khai mạc") } },
                new Column(2) { Style = ContainerStyle.Good },
                new Column(ColumnWidth.Pixels(50)) { Id = "c4", Separator = true },
                new Column(),
            },
        };

        JsonAssert.Equivalent(
            """
            {
              "type": "ColumnSet",
              "columns": [
                { "type": "Column", "items": [ { "type": "TextBlock", "text": "08h00", "wrap": true } ], "width": "auto", "verticalContentAlignment": "center" },
                { "type": "Column", "items": [ { "type": "TextBlock", "text": "Khai mạc", "wrap": true } ], "width": "stretch" },
                { "type": "Column", "items": [], "width": 2, "style": "good" },
                { "type": "Column", "id": "c4", "items": [], "width": "50px", "separator": true },
                { "type": "Column", "items": [] }
              ],
              "style": "emphasis",
              "bleed": true
            }
            """,
            BodyItem(set));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ColumnWidth_NonPositive_Throws(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ColumnWidth.Weighted(value));
        Assert.Throws<ArgumentOutOfRangeException>(() => ColumnWidth.Pixels(value));
    }

    [Fact]
    public void ToJson_Container_WritesStyleBleedIdVisibilityAndItems()
    {
        var container = new Container
        {
            Id = "details",
            IsVisible = false,
            Style = ContainerStyle.Warning,
            Bleed = true,
            VerticalContentAlignment = VerticalContentAlignment.Bottom,
            Items = { new TextBlock("Phòng họp A") },
        };

        JsonAssert.Equivalent(
            """
            {
              "type": "Container", "id": "details", "isVisible": false, "style": "warning", "bleed": true,
              "verticalContentAlignment": "bottom", "items": [ { "type": "TextBlock", "text": "Phòng họp A", "wrap": true } ]
            }
            """,
            BodyItem(container));
    }

    [Fact]
    public void ToJson_EmptyContainer_WritesRequiredEmptyItems()
    {
        JsonAssert.Equivalent("""{"type":"Container","items":[]}""", BodyItem(new Container()));
    }

    [Fact]
    public void ToJson_TextInput_WritesEveryProperty()
    {
        var input = new TextInput("lyDo")
        {
            Label = "Lý do",
            Placeholder = "Nhập lý do",
            IsMultiline = true,
            MaxLength = 500,
            IsRequired = true,
            ErrorMessage = "Vui lòng nhập lý do",
            Value = "Bận",
            Regex = "^.{3,}$",
        };

        JsonAssert.Equivalent(
            """
            {
              "type": "Input.Text", "id": "lyDo", "label": "Lý do", "placeholder": "Nhập lý do", "isMultiline": true,
              "maxLength": 500, "value": "Bận", "regex": "^.{3,}$", "isRequired": true, "errorMessage": "Vui lòng nhập lý do"
            }
            """,
            BodyItem(input));
    }

    [Fact]
    public void ToJson_ChoiceSetInput_WritesChoicesAndOptions()
    {
        var input = new ChoiceSetInput("phien")
        {
            Label = "Phiên",
            Choices = { new Choice("Sáng", "am"), new Choice("Chiều", "pm") },
            Style = ChoiceInputStyle.Expanded,
            IsMultiSelect = true,
            Value = "am,pm",
            IsRequired = true,
            ErrorMessage = "Chọn ít nhất một phiên",
        };

        JsonAssert.Equivalent(
            """
            {
              "type": "Input.ChoiceSet", "id": "phien", "label": "Phiên",
              "choices": [ { "title": "Sáng", "value": "am" }, { "title": "Chiều", "value": "pm" } ],
              "style": "expanded", "isMultiSelect": true, "value": "am,pm", "isRequired": true, "errorMessage": "Chọn ít nhất một phiên"
            }
            """,
            BodyItem(input));
    }

    [Fact]
    public void ToJson_ChoiceSetInputCompact_WritesCompactStyle()
    {
        var input = new ChoiceSetInput("c") { Style = ChoiceInputStyle.Compact };

        JsonAssert.Equivalent("""{"type":"Input.ChoiceSet","id":"c","choices":[],"style":"compact"}""", BodyItem(input));
    }

    [Fact]
    public void ToJson_ToggleInput_WritesTitleAndValues()
    {
        var input = new ToggleInput("anChay", "Ăn chay") { Label = "Bữa trưa", Value = "false", ValueOn = "true", ValueOff = "false" };

        JsonAssert.Equivalent(
            """{"type":"Input.Toggle","id":"anChay","label":"Bữa trưa","title":"Ăn chay","value":"false","valueOn":"true","valueOff":"false"}""",
            BodyItem(input));
    }

    [Fact]
    public void ToJson_ToggleInputWrapped_WritesWrap() =>
        JsonAssert.Equivalent(
            """{"type":"Input.Toggle","id":"showName","title":"Cho phép hiển thị tên tôi với các đại biểu khác","wrap":true}""",
            BodyItem(new ToggleInput("showName", "Cho phép hiển thị tên tôi với các đại biểu khác") { Wrap = true }));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Inputs_BlankId_Throw(string id)
    {
        Assert.Throws<ArgumentException>(() => new TextInput(id));
        Assert.Throws<ArgumentException>(() => new ChoiceSetInput(id));
        Assert.Throws<ArgumentException>(() => new ToggleInput(id, "t"));
    }

    [Fact]
    public void ToJson_ActionSetInBody_WritesActionsWithTheirTypes()
    {
        var set = new ActionSet
        {
            Actions =
            {
                new SubmitAction("Gửi", new Dictionary<string, string> { ["verb"] = "feedback.send" }) { AssociatedInputs = AssociatedInputs.Auto },
                new OpenUrlAction("Bản đồ", new Uri("https://maps.example.vn/hoi-truong?q=a%20b")),
            },
        };

        JsonAssert.Equivalent(
            """
            {
              "type": "ActionSet",
              "actions": [
                { "type": "Action.Submit", "title": "Gửi", "data": { "verb": "feedback.send" }, "associatedInputs": "auto" },
                { "type": "Action.OpenUrl", "title": "Bản đồ", "url": "https://maps.example.vn/hoi-truong?q=a%20b" }
              ]
            }
            """,
            BodyItem(set));
    }

    [Fact]
    public void ToJson_ExecuteWithEveryOption_FallbackCarriesTitleDataVerbInputsAndStyleButNotId()
    {
        var action = new ExecuteAction("Từ chối", "rsvp.decline", new Dictionary<string, string> { ["invitationId"] = "inv-1", ["verb"] = "spoofed" })
        {
            Id = "btnDecline",
            Style = ActionStyle.Destructive,
            AssociatedInputs = AssociatedInputs.None,
        };

        JsonAssert.Equivalent(
            """
            {
              "type": "Action.Execute", "id": "btnDecline", "title": "Từ chối", "verb": "rsvp.decline",
              "data": { "invitationId": "inv-1", "verb": "spoofed" }, "associatedInputs": "none", "style": "destructive",
              "fallback": {
                "type": "Action.Submit", "title": "Từ chối", "data": { "invitationId": "inv-1", "verb": "rsvp.decline" },
                "associatedInputs": "none", "style": "destructive"
              }
            }
            """,
            TopAction(action));
    }

    [Fact]
    public void ToJson_ExecuteWithoutDataOrTitle_FallbackDataHasOnlyVerb()
    {
        JsonAssert.Equivalent(
            """{"type":"Action.Execute","verb":"agenda.refresh","fallback":{"type":"Action.Submit","data":{"verb":"agenda.refresh"}}}""",
            TopAction(new ExecuteAction(null, "agenda.refresh")));
    }

    [Fact]
    public void ExecuteFallback_SubmittedByOldClient_ReadsAsSameCardAction()
    {
        var action = new ExecuteAction("Tham dự", "rsvp.attend", new { invitationId = "inv-7", msteams = new { type = "messageBack" } });
        var fallbackData = TopAction(action).GetProperty("fallback").GetProperty("data");

        var read = CardAction.TryRead(new Activity { Type = ActivityTypes.Message, Value = fallbackData });

        Assert.NotNull(read);
        Assert.Equal("rsvp.attend", read.Verb);
        Assert.Equal("inv-7", read.GetString("invitationId"));
        Assert.Equal("messageBack", read.Data.GetProperty("msteams").GetProperty("type").GetString());
    }

    [Fact]
    public void ExecuteData_CallerMutatesDictionaryAfterwards_CardKeepsSnapshot()
    {
        var data = new Dictionary<string, string> { ["invitationId"] = "inv-1" };
        var action = new ExecuteAction("Tham dự", "rsvp.attend", data);

        data["invitationId"] = "inv-2";

        Assert.Equal("inv-1", TopAction(action).GetProperty("data").GetProperty("invitationId").GetString());
        Assert.Equal("inv-1", Assert.IsType<JsonElement>(action.Data).GetProperty("invitationId").GetString());
    }

    [Fact]
    public void ExecuteData_JsonElement_IsWrittenAsIs()
    {
        var data = JsonDocument.Parse("""{"a":[1,2],"b":{"c":null}}""").RootElement;

        var json = TopAction(new ExecuteAction("x", "v", data));

        JsonAssert.Equivalent("""{"a":[1,2],"b":{"c":null}}""", json.GetProperty("data"));
    }

    [Theory]
    [InlineData("\"chuỗi\"")]
    [InlineData("[1]")]
    [InlineData("5")]
    public void ExecuteData_NotAnObject_Throws(string json)
    {
        var data = JsonDocument.Parse(json).RootElement;

        Assert.Throws<ArgumentException>(() => new ExecuteAction("x", "v", data));
        Assert.Throws<ArgumentException>(() => new ExecuteAction("x", "v", "chuỗi"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Execute_BlankVerb_Throws(string verb)
    {
        Assert.Throws<ArgumentException>(() => new ExecuteAction("x", verb));
    }

    [Fact]
    public void ToJson_SubmitWithStringData_WritesString()
    {
        JsonAssert.Equivalent("""{"type":"Action.Submit","title":"OK","data":"ok"}""", TopAction(new SubmitAction("OK", "ok")));
    }

    [Fact]
    public void SubmitData_Array_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SubmitAction("OK", new[] { 1, 2 }));
    }

    [Fact]
    public void ToJson_ShowCard_NestedCardHasVersionButNoSchemaRefreshOrMsteams()
    {
        var inner = new AdaptiveCard
        {
            Body = { new TextInput("lyDo") { Label = "Lý do" } },
            Actions = { new ExecuteAction("Gửi", "rsvp.decline") },
            Refresh = new Refresh(new ExecuteAction(null, "ignored")),
            FullWidth = true,
        };

        var json = TopAction(new ShowCardAction("Từ chối…", inner));

        JsonAssert.Equivalent(
            """
            {
              "type": "Action.ShowCard", "title": "Từ chối…",
              "card": {
                "type": "AdaptiveCard", "version": "1.5",
                "body": [ { "type": "Input.Text", "id": "lyDo", "label": "Lý do" } ],
                "actions": [ { "type": "Action.Execute", "title": "Gửi", "verb": "rsvp.decline",
                               "fallback": { "type": "Action.Submit", "title": "Gửi", "data": { "verb": "rsvp.decline" } } } ]
              }
            }
            """,
            json);
    }

    [Fact]
    public void OpenUrl_RelativeUrl_Throws()
    {
        Assert.Throws<ArgumentException>(() => new OpenUrlAction("x", new Uri("/relative", UriKind.Relative)));
    }

    [Fact]
    public void ToJson_ToggleVisibility_WritesTargetElements()
    {
        var action = new ToggleVisibilityAction("Chi tiết") { TargetElements = { "details", "map" } };

        JsonAssert.Equivalent(
            """{"type":"Action.ToggleVisibility","title":"Chi tiết","targetElements":["details","map"]}""",
            TopAction(action));
    }

    [Fact]
    public void ToJson_RefreshWithUsers_WritesExecuteActionAndUserIds()
    {
        var card = new AdaptiveCard { Refresh = new Refresh(new ExecuteAction(null, "agenda.view", new { day = 1 }), ["29:a", "29:b"]) };

        JsonAssert.Equivalent(
            """
            {
              "action": { "type": "Action.Execute", "verb": "agenda.view", "data": { "day": 1 },
                          "fallback": { "type": "Action.Submit", "data": { "day": 1, "verb": "agenda.view" } } },
              "userIds": [ "29:a", "29:b" ]
            }
            """,
            card.ToJsonElement().GetProperty("refresh"));
    }

    [Fact]
    public void ToJson_RefreshWithoutUsers_OmitsUserIds()
    {
        var card = new AdaptiveCard { Refresh = new Refresh(new ExecuteAction(null, "v")) };

        Assert.False(card.ToJsonElement().GetProperty("refresh").TryGetProperty("userIds", out _));
    }

    [Fact]
    public void ToJson_RefreshWithEmptyUsers_WritesEmptyArrayForManualRefresh()
    {
        var card = new AdaptiveCard { Refresh = new Refresh(new ExecuteAction(null, "v"), []) };

        Assert.Equal(0, card.ToJsonElement().GetProperty("refresh").GetProperty("userIds").GetArrayLength());
    }

    [Fact]
    public void Refresh_SixtyUsers_Accepted()
    {
        var refresh = new Refresh(new ExecuteAction(null, "v"), Enumerable.Range(0, 60).Select(i => $"29:{i}"));

        Assert.Equal(60, refresh.UserIds?.Count);
    }

    [Fact]
    public void Refresh_SixtyOneUsers_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Refresh(new ExecuteAction(null, "v"), Enumerable.Range(0, 61).Select(i => $"29:{i}")));

        Assert.Equal("userIds", ex.ParamName);
    }

    [Fact]
    public void ToJson_FullWidthAndLang_WritesMsteamsWidthFullAndLang()
    {
        var json = new AdaptiveCard { FullWidth = true, Lang = "vi-VN" }.ToJsonElement();

        Assert.Equal("Full", json.GetProperty("msteams").GetProperty("width").GetString());
        Assert.Equal("vi-VN", json.GetProperty("lang").GetString());
    }

    [Fact]
    public void ToJson_NotFullWidth_OmitsMsteams()
    {
        Assert.False(new AdaptiveCard().ToJsonElement().TryGetProperty("msteams", out _));
    }

    [Fact]
    public void ToJson_VietnameseText_ParsesBackIdentical()
    {
        const string text = "Hội nghị Khoa học lần thứ XX — Đại học Quốc gia: “Ứng dụng trí tuệ nhân tạo” 🎓";
        var card = new AdaptiveCard { Body = { new TextBlock(text) } };

        using var doc = JsonDocument.Parse(card.ToJson());

        Assert.Equal(text, doc.RootElement.GetProperty("body")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void ToJson_TextWithMarkdownAndTags_PassedThroughUnchanged()
    {
        const string text = "**Đậm** <at>Bot</at> {{DATE(2025-11-03T01:00:00Z)}}";

        var json = BodyItem(new TextBlock(text));

        Assert.Equal(text, json.GetProperty("text").GetString());
    }

    [Fact]
    public void Serialize_CardInsideOtherObject_UsesCardConverter()
    {
        var card = new AdaptiveCard { Body = { new TextBlock("a") } };

        var json = TeamsJson.ToElement(new { attachment = card, element = (CardElement)new TextBlock("b"), action = (AdaptiveAction)new SubmitAction("c") });

        JsonAssert.Equivalent(card.ToJson(), json.GetProperty("attachment"));
        JsonAssert.Equivalent("""{"type":"TextBlock","text":"b","wrap":true}""", json.GetProperty("element"));
        JsonAssert.Equivalent("""{"type":"Action.Submit","title":"c"}""", json.GetProperty("action"));
    }

    [Fact]
    public void Serialize_ConcreteElementType_StillWritesCardShape()
    {
        JsonAssert.Equivalent("""{"type":"TextBlock","text":"b","wrap":true}""", TeamsJson.ToElement(new TextBlock("b")));
        JsonAssert.Equivalent("""{"type":"Action.Submit","title":"c"}""", TeamsJson.ToElement(new SubmitAction("c")));
    }

    [Fact]
    public void Deserialize_Card_IsNotSupported()
    {
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Deserialize<AdaptiveCard>("{}", TeamsJson.Options));
    }

    [Fact]
    public void ToAttachment_Card_HasAdaptiveCardContentTypeAndContent()
    {
        var card = new AdaptiveCard { Body = { new TextBlock("a") } };

        var attachment = card.ToAttachment();

        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        JsonAssert.Equivalent(card.ToJson(), attachment.Content!.Value);
    }

    [Fact]
    public void InvokeResponseCard_BuiltCard_BodyCarriesCardJson()
    {
        var card = new AdaptiveCard { Body = { new TextBlock("Đã ghi nhận") } };

        var body = TeamsJson.ToElement(AdaptiveCardInvokeResponse.Card(card.ToJsonElement()).Body);

        Assert.Equal("application/vnd.microsoft.card.adaptive", body.GetProperty("type").GetString());
        JsonAssert.Equivalent(card.ToJson(), body.GetProperty("value"));
    }

    [Fact]
    public void ToJson_NullEntriesInCollections_AreSkipped()
    {
        var card = new AdaptiveCard { Body = { null!, new TextBlock("a") }, Actions = { null! } };

        JsonAssert.Equivalent(
            """{"type":"AdaptiveCard","version":"1.5","$schema":"http://adaptivecards.io/schemas/adaptive-card.json","body":[{"type":"TextBlock","text":"a","wrap":true}],"actions":[]}""",
            card.ToJson());
    }

    private static JsonElement BodyItem(CardElement element) =>
        new AdaptiveCard { Body = { element } }.ToJsonElement().GetProperty("body")[0];

    private static JsonElement TopAction(AdaptiveAction action) =>
        new AdaptiveCard { Actions = { action } }.ToJsonElement().GetProperty("actions")[0];
}
