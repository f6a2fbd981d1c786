using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Invitations;
using static KhConferenceBot.Tests.Attendance.RsvpTestData;

namespace KhConferenceBot.Tests.Invitations;

public sealed class DistrictRegistrationTests
{
    private static Func<string, string?> Form(params (string Name, string Position, string? Email)[] rows)
    {
        var fields = new Dictionary<string, string?>();
        for (var i = 0; i < rows.Length; i++)
        {
            fields[$"leader{i + 1}Name"] = rows[i].Name;
            fields[$"leader{i + 1}Position"] = rows[i].Position;
            fields[$"leader{i + 1}Email"] = rows[i].Email;
        }

        return key => fields.GetValueOrDefault(key);
    }

    [Fact]
    public void IsContact_DelegateOfRegisteringGroup_True_OthersFalse()
    {
        Assert.True(DistrictRegistration.IsContact(Conference(), DistrictContact()));
        Assert.False(DistrictRegistration.IsContact(Conference(), Summoned()));
        Assert.False(DistrictRegistration.IsContact(Conference(), DistrictContact() with { Id = "x", RegisteredById = DistrictContact().Id }));
    }

    [Fact]
    public void Decide_ThreeLeaders_BecomeDelegatesRegisteredByContact()
    {
        var (entries, error) = DistrictRegistration.ReadEntries(Form(
            ("Nguyễn Văn A", "Chủ tịch UBND", "A@NinhHoa.example"),
            ("Trần Thị B", "Chánh Văn phòng", null),
            ("Lê Văn C", "Trưởng phòng Nội vụ", null)));

        var decision = DistrictRegistration.Decide(Conference(), DistrictContact(), entries, [DistrictContact()], BeforeDeadline);

        Assert.Null(error);
        Assert.Null(decision.Refusal);
        Assert.Equal(3, decision.Leaders.Count);
        Assert.All(decision.Leaders, l => Assert.Equal(DistrictContact().Id, l.RegisteredById));
        Assert.All(decision.Leaders, l => Assert.Equal("huyen", l.GroupId));
        Assert.Equal("a@ninhhoa.example", decision.Leaders[0].Id);
        Assert.Equal("Thị xã Ninh Hòa", decision.Leaders[1].District);
    }

    [Fact]
    public void Decide_FourLeaders_RefusedWithQuota()
    {
        var (entries, _) = DistrictRegistration.ReadEntries(Form(("A", "1", null), ("B", "2", null), ("C", "3", null), ("D", "4", null)));

        var decision = DistrictRegistration.Decide(Conference(), DistrictContact(), entries, [DistrictContact()], BeforeDeadline);

        Assert.Empty(decision.Leaders);
        Assert.Contains("tối đa 03 lãnh đạo", decision.Refusal!.Vi, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_EarlierLeadersLeftOffTheForm_ReplacedByTheNewOnes()
    {
        var earlier = Enumerable.Range(1, 2).Select(i => new ConferenceDelegate { Id = $"old{i}@x.example", Name = $"Cũ {i}", GroupId = "huyen", RegisteredById = DistrictContact().Id }).ToList();
        var (entries, _) = DistrictRegistration.ReadEntries(Form(("Mới 1", "P", "new1@x.example"), ("Mới 2", "P", "new2@x.example")));

        var decision = DistrictRegistration.Decide(Conference(), DistrictContact(), entries, [DistrictContact(), .. earlier], BeforeDeadline);

        Assert.Null(decision.Refusal);
        Assert.Equal(["new1@x.example", "new2@x.example"], decision.Leaders.Select(l => l.Id));
        Assert.Equal(["old1@x.example", "old2@x.example"], decision.RemovedLeaders.Select(l => l.Id));
    }

    [Fact]
    public void Decide_LeaderWithoutEmailInAnotherSlot_KeepsTheirId()
    {
        var contact = DistrictContact();
        var earlier = new ConferenceDelegate { Id = $"{contact.Id}~leader-3", Name = "Lê Văn C", Position = "P", GroupId = "huyen", RegisteredById = contact.Id };
        var (entries, _) = DistrictRegistration.ReadEntries(Form(("Lê Văn C", "Trưởng phòng", null), ("Nguyễn Văn A", "Chủ tịch", "a@x.example"), ("Trần Thị B", "Phó", null)));

        var decision = DistrictRegistration.Decide(Conference(), contact, entries, [contact, earlier], BeforeDeadline);

        Assert.Null(decision.Refusal);
        Assert.Equal($"{contact.Id}~leader-3", decision.Leaders[0].Id);
        Assert.Equal("Trưởng phòng", decision.Leaders[0].Position);
        Assert.Equal($"{contact.Id}~leader-1", decision.Leaders[2].Id);
        Assert.Empty(decision.RemovedLeaders);
    }

    [Fact]
    public void ReadEntries_HalfFilledRow_Error()
    {
        var (entries, error) = DistrictRegistration.ReadEntries(Form(("Nguyễn Văn A", "", null)));

        Assert.Empty(entries);
        Assert.Contains("Dòng 1", error!.Vi, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NotAContact_Refused()
    {
        var (entries, _) = DistrictRegistration.ReadEntries(Form(("A", "1", null)));

        var decision = DistrictRegistration.Decide(Conference(), Summoned(), entries, [Summoned()], BeforeDeadline);

        Assert.NotNull(decision.Refusal);
    }

    [Fact]
    public void Decide_EmailOfAnotherDelegate_Refused()
    {
        var (entries, _) = DistrictRegistration.ReadEntries(Form(("Hùng", "Phó Giám đốc", Summoned().Email)));

        var decision = DistrictRegistration.Decide(Conference(), DistrictContact(), entries, [DistrictContact(), Summoned()], BeforeDeadline);

        Assert.NotNull(decision.Refusal);
    }
}
