using KhConferenceBot.Common;
using KhConferenceBot.Conferences;

namespace KhConferenceBot.Tests.Infrastructure;

/// <summary>
/// A second (third, ...) conference next to the sample: its own id, date and agenda, one group, an organizer of its
/// own. <see cref="CreateAsync"/> stores it in a host and grants the organizer role, as creating one through the API does.
/// </summary>
public sealed class ConferenceBuilder
{
    private string _id = "nha-trang-2026";
    private ConferenceState _state = ConferenceState.Open;
    private DateOnly _date = BotTestHost.ConferenceDate;
    private TestUser _organizer = TestUsers.ThuHa;
    private string _title = "Hội nghị Du lịch Nha Trang 2026";

    public ConferenceBuilder WithId(string id)
    {
        _id = id;
        return this;
    }

    public ConferenceBuilder InState(ConferenceState state)
    {
        _state = state;
        return this;
    }

    public ConferenceBuilder On(DateOnly date)
    {
        _date = date;
        return this;
    }

    public ConferenceBuilder OrganizedBy(TestUser organizer)
    {
        _organizer = organizer;
        return this;
    }

    public ConferenceBuilder Titled(string title)
    {
        _title = title;
        return this;
    }

    public TestUser Organizer => _organizer;

    public Conference Build() => new()
    {
        Id = _id,
        State = _state,
        CreatedAt = new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.Zero),
        CreatedBy = _organizer.AadObjectId,
        ShortName = new BilingualText(_title, _title),
        Title = new BilingualText(_title, _title),
        Venue = new BilingualText("Trung tâm Hội nghị tỉnh, Nha Trang", "Provincial Conference Centre, Nha Trang"),
        Date = _date,
        Capacity = 80,
        Agenda =
        [
            new AgendaItem { Id = "open", Start = new TimeOnly(14, 0), End = new TimeOnly(14, 15), Content = new BilingualText("Khai mạc", "Opening") },
            new AgendaItem { Id = "talk", Start = new TimeOnly(14, 15), End = new TimeOnly(15, 30), Content = new BilingualText("Báo cáo chuyên đề", "Keynote"), IsDiscussion = true },
        ],
        Groups = [new DelegateGroup { Id = "doanh-nghiep", Category = DelegateCategory.Invited, Name = new BilingualText("Doanh nghiệp du lịch", "Tourism businesses") }],
    };

    /// <summary>Stores the conference in the host and makes <see cref="Organizer"/> its organizer.</summary>
    public async Task<Conference> CreateAsync(BotTestHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var conference = Build();
        Assert.True(await host.Service<ConferenceDirectory>().CreateAsync(conference, CancellationToken.None));
        await host.Service<ConferenceRoles>().GrantAsync(conference.Id, _organizer.AadObjectId, ConferenceRole.Organizer, _organizer.Name, null, _organizer.AadObjectId, CancellationToken.None);
        return conference;
    }
}
