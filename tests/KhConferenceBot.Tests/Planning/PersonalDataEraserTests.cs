using Azure.Data.Tables;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
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
