using Azure.Data.Tables;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.CheckIn;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Planning;
using KhConferenceBot.Features.Questions;
using KhConferenceBot.Features.Reminders;
using KhConferenceBot.Storage;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Tests.Planning;

/// <summary>Each store's eraser on Azurite: this conference's people go, a neighbour whose id starts the same stays.</summary>
[Collection(StorageCollection.Name)]
public sealed class PersonalDataEraserTests(AzuriteFixture storage)
{
    private const string Erased = "hoi-nghi";
    private const string Neighbour = "hoi-nghi-2";
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);

    private readonly TableStore _tables = new(new TableServiceClient(storage.ConnectionString),
        Options.Create(new StorageOptions { ConnectionString = storage.ConnectionString, TablePrefix = AzuriteFixture.NewTablePrefix("e") }));

    [Fact]
    public async Task EraseAsync_DelegatesAndAnswers_GoneWithTheirCountsKept()
    {
        var delegates = new TableDelegateStore(_tables);
        var answers = new TableRsvpStore(_tables);
        foreach (var conference in new[] { Erased, Neighbour })
        {
            await delegates.UpsertAsync(conference, [Delegate(1, DelegateCategory.Invited), Delegate(2, DelegateCategory.Summoned), Delegate(3, DelegateCategory.Summoned)], CancellationToken.None);
            await answers.TrySaveAsync(Answer(conference, 1, RsvpAnswer.Attend), null, CancellationToken.None);
            await answers.TrySaveAsync(Answer(conference, 2, RsvpAnswer.Decline), null, CancellationToken.None);
        }

        var delegateCounts = await new DelegatePersonalData(_tables, delegates).EraseAsync(Erased, CancellationToken.None);
        var answerCounts = await new RsvpPersonalData(_tables, answers).EraseAsync(Erased, CancellationToken.None);

        Assert.Equal(3, delegateCounts["delegates"]);
        Assert.Equal(2, delegateCounts["delegates.summoned"]);
        Assert.Equal((1, 1, 0), (answerCounts["answers.attend"], answerCounts["answers.decline"], answerCounts["answers.substitute"]));
        Assert.Empty(await delegates.ListAsync(Erased, CancellationToken.None));
        Assert.Empty(await answers.ListAsync(Erased, CancellationToken.None));
        Assert.Equal(3, (await delegates.ListAsync(Neighbour, CancellationToken.None)).Count);
        Assert.Equal(2, (await answers.ListAsync(Neighbour, CancellationToken.None)).Count);
        Assert.Equal(0, (await new DelegatePersonalData(_tables, delegates).EraseAsync(Erased, CancellationToken.None))["delegates"]);
    }

    [Fact]
    public async Task EraseAsync_QuestionsVotesCardsAndReminders_GoneNeighbourKept()
    {
        var questions = new TableQuestionStore(_tables);
        var reminders = new TableReminderStore(_tables);
        var cards = new TablePostedAgendaCardStore(_tables);
        var chats = new TableGroupChatStore(_tables);
        foreach (var conference in new[] { Erased, Neighbour })
        {
            for (var i = 0; i < 2; i++)
            {
                var question = await questions.AddAsync(conference, n => Question(n), CancellationToken.None);
                await questions.ToggleVoteAsync(conference, question.Number, "00000000-0000-0000-0000-0000000000a1", null, Now, CancellationToken.None);
            }

            await reminders.AddCustomAsync(conference, new CustomReminder("r1", new TimeOnly(9, 30), "Họp chuẩn bị", "00000000-0000-0000-0000-0000000000a0"), CancellationToken.None);
            await cards.AddAsync(conference, new PostedAgendaCard("19:chat@thread.v2", "http://127.0.0.1/", "1", "vi", "h", Now, default), CancellationToken.None);
            await chats.BindAsync(new GroupChatBinding(conference, "19:chat@thread.v2", "http://127.0.0.1/", "00000000-0000-0000-0000-0000000000a0", Now), CancellationToken.None);
        }

        var counts = new Dictionary<string, int>();
        foreach (var eraser in new IPersonalDataEraser[] { new QuestionPersonalData(_tables), new ReminderPersonalData(_tables), new GroupChatPersonalData(_tables) })
        {
            foreach (var (key, value) in await eraser.EraseAsync(Erased, CancellationToken.None))
            {
                counts[key] = value;
            }
        }

        Assert.Equal((2, 2, 1, 1), (counts["questions"], counts["votes"], counts["customReminders"], counts["agendaCards"]));
        Assert.Empty(await questions.ListAsync(Erased, CancellationToken.None));
        Assert.Empty(await questions.ListVotesAsync(Erased, CancellationToken.None));
        Assert.Empty(await reminders.ListCustomAsync(Erased, CancellationToken.None));
        Assert.Empty(await cards.ListAsync(Erased, CancellationToken.None));
        Assert.Null(await chats.GetBindingAsync(Erased, CancellationToken.None));
        Assert.Equal(2, (await questions.ListAsync(Neighbour, CancellationToken.None)).Count);
        Assert.Equal(2, (await questions.ListVotesAsync(Neighbour, CancellationToken.None)).Count);
        Assert.Single(await reminders.ListCustomAsync(Neighbour, CancellationToken.None));
        Assert.NotNull(await chats.GetBindingAsync(Neighbour, CancellationToken.None));
        Assert.Equal(0, (await new QuestionPersonalData(_tables).EraseAsync(Erased, CancellationToken.None))["votes"]);
    }

    [Fact]
    public async Task EraseAsync_ConferenceRoles_ReceptionGoneOrganizersKeptAsBareGrantsNeighbourKept()
    {
        var store = new TableConferenceRoleStore(_tables);
        foreach (var conference in new[] { Erased, Neighbour })
        {
            await store.SetAsync(Member(conference, Organizer, ConferenceRole.Organizer | ConferenceRole.Reception), CancellationToken.None);
            await store.SetAsync(Member(conference, Reception, ConferenceRole.Reception), CancellationToken.None);
        }

        var counts = await new ConferenceRolePersonalData(store).EraseAsync(Erased, CancellationToken.None);

        Assert.Equal((1, 2), (counts["members.organizers"], counts["members.reception"]));
        var organizer = Assert.Single(await store.ListAsync(Erased, CancellationToken.None));
        Assert.Equal((Organizer, ConferenceRole.Organizer, null, null, null), (organizer.AadObjectId, organizer.Roles, organizer.Name, organizer.Email, organizer.GrantedBy));
        Assert.DoesNotContain(await store.ConferencesOfAsync(Reception, CancellationToken.None), c => c.ConferenceId == Erased);
        Assert.Contains(await store.ConferencesOfAsync(Organizer, CancellationToken.None), c => c.ConferenceId == Erased && c.Roles == ConferenceRole.Organizer);
        Assert.Equal(2, (await store.ListAsync(Neighbour, CancellationToken.None)).Count);
        Assert.Contains(await store.ConferencesOfAsync(Reception, CancellationToken.None), c => c.ConferenceId == Neighbour);
        Assert.Equal("Lễ tân Bàn 1", (await store.GetAsync(Neighbour, Reception, CancellationToken.None))!.Name);
    }

    [Fact]
    public async Task EraseAsync_CheckInsPassesAndCodes_GoneWithHowManyCameKeptNeighbourKept()
    {
        var store = new CheckInStore(_tables);
        foreach (var conference in new[] { Erased, Neighbour })
        {
            await store.GetOrCreateKeyAsync(conference, CancellationToken.None);
            await store.TrySavePassAsync(conference, new StoredPass("db001@khanhhoa.example", "K7P2Q9", "attend", Now), null, CancellationToken.None);
            await store.TryAddCodeAsync(conference, new PassCode("K7P2Q9", "db001@khanhhoa.example", "attend"), CancellationToken.None);
            await store.TryCheckInAsync(conference, CheckIn("db001@khanhhoa.example", walkIn: false), CancellationToken.None);
            await store.TryCheckInAsync(conference, CheckIn("walkin-1", walkIn: true), CancellationToken.None);
        }

        var counts = await new CheckInPersonalData(_tables, store).EraseAsync(Erased, CancellationToken.None);

        Assert.Equal((2, 1, 0), (counts["checkIns"], counts["checkIns.walkIn"], counts["checkIns.substitute"]));
        Assert.Empty(await store.ListCheckInsAsync(Erased, CancellationToken.None));
        Assert.Null(await store.GetPassAsync(Erased, "db001@khanhhoa.example", CancellationToken.None));
        Assert.Null(await store.GetCodeAsync(Erased, "K7P2Q9", CancellationToken.None));
        Assert.Equal(2, (await store.ListCheckInsAsync(Neighbour, CancellationToken.None)).Count);
        Assert.NotNull(await store.GetPassAsync(Neighbour, "db001@khanhhoa.example", CancellationToken.None));
        Assert.NotNull(await store.GetCodeAsync(Neighbour, "K7P2Q9", CancellationToken.None));
        Assert.Equal(0, (await new CheckInPersonalData(_tables, store).EraseAsync(Erased, CancellationToken.None))["checkIns"]);
    }

    [Fact]
    public async Task EraseAsync_GroupChat_ItsRouteGoesTheNeighboursChatStillRoutes()
    {
        var chats = new TableGroupChatStore(_tables);
        await chats.BindAsync(new GroupChatBinding(Erased, "19:erased@thread.v2", "http://127.0.0.1/", Organizer, Now), CancellationToken.None);
        await chats.BindAsync(new GroupChatBinding(Neighbour, "19:neighbour@thread.v2", "http://127.0.0.1/", Organizer, Now), CancellationToken.None);

        await new GroupChatPersonalData(_tables).EraseAsync(Erased, CancellationToken.None);

        Assert.Null(await chats.GetBindingAsync(Erased, CancellationToken.None));
        Assert.Null(await chats.ConferenceOfChatAsync("19:erased@thread.v2", CancellationToken.None));
        Assert.Equal(Neighbour, await chats.ConferenceOfChatAsync("19:neighbour@thread.v2", CancellationToken.None));
        Assert.NotNull(await chats.GetBindingAsync(Neighbour, CancellationToken.None));
    }

    [Fact]
    public async Task EraseAsync_PlanDrafts_TheOnesThatBecameItGoOthersStay()
    {
        var drafts = new PlanDraftStore(_tables);
        var review = new PlanReview(new KhConferenceBot.Conferences.Plans.ConferenceForm { Title = "Hội nghị" }, [], []);
        foreach (var (owner, id, conference) in new[] { (Organizer, "d1", Erased), (Reception, "d2", Erased), (Organizer, "d3", Neighbour), (Organizer, "d4", (string?)null) })
        {
            Assert.True(await drafts.AddAsync(new StoredPlanDraft(id, owner, review, Now), CancellationToken.None));
            if (conference is not null)
            {
                var stored = (await drafts.GetAsync(owner, id, CancellationToken.None))!;
                Assert.True(await drafts.TryReplaceAsync(stored with { ConferenceId = conference }, CancellationToken.None));
            }
        }

        var counts = await new PlanDraftPersonalData(_tables).EraseAsync(Erased, CancellationToken.None);

        Assert.Equal(2, counts["planDrafts"]);
        Assert.Null(await drafts.GetAsync(Organizer, "d1", CancellationToken.None));
        Assert.Null(await drafts.GetAsync(Reception, "d2", CancellationToken.None));
        Assert.Equal(Neighbour, (await drafts.GetAsync(Organizer, "d3", CancellationToken.None))!.ConferenceId);
        Assert.NotNull(await drafts.GetAsync(Organizer, "d4", CancellationToken.None));
    }

    private const string Organizer = "00000000-0000-0000-0000-0000000000a0";
    private const string Reception = "00000000-0000-0000-0000-0000000000b1";

    private static ConferenceMember Member(string conference, string aadObjectId, ConferenceRole roles) =>
        new(conference, aadObjectId, roles, aadObjectId == Organizer ? "Trần Thị Mai Anh" : "Lễ tân Bàn 1", "nguoi@khanhhoa.example", Organizer, Now);

    private static CheckInRecord CheckIn(string personId, bool walkIn) => new()
    {
        PersonId = personId,
        Name = walkIn ? "Khách vãng lai" : "Đại biểu số 1",
        CheckedInAt = Now,
        Desk = "Bàn 1",
        Method = walkIn ? CheckInMethod.WalkIn : CheckInMethod.Code,
        IsWalkIn = walkIn,
        By = Reception,
    };

    private static ConferenceDelegate Delegate(int i, DelegateCategory category) => new()
    {
        Id = $"db{i:000}@khanhhoa.example",
        Name = $"Đại biểu số {i}",
        GroupId = "so-nganh",
        Category = category,
        Email = $"db{i:000}@khanhhoa.example",
        UpdatedAt = Now,
    };

    private static RsvpRecord Answer(string conference, int i, RsvpAnswer answer) =>
        new() { ConferenceId = conference, DelegateId = $"db{i:000}@khanhhoa.example", Answer = answer, AnsweredAt = Now };

    private static Question Question(int number) => new()
    {
        Number = number,
        Topic = QuestionTopic.Pci,
        Text = "Giải pháp cải thiện chỉ số PCI?",
        Author = new QuestionAuthor("00000000-0000-0000-0000-0000000000a2", "Lê Thị Thu Hà", null, ShowName: true),
        State = QuestionState.Approved,
        CreatedAt = Now,
        UpdatedAt = Now,
    };
}
