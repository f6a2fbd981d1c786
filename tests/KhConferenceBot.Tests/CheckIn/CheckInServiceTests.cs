using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.CheckIn;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using static KhConferenceBot.Tests.CheckIn.CheckInTestData;

namespace KhConferenceBot.Tests.CheckIn;

/// <summary>The desk's rules against the real bot on Azurite: once per person, refusals with their reason, walk-ins, the count.</summary>
[Collection(StorageCollection.Name)]
public sealed class CheckInServiceTests(AzuriteFixture storage) : IAsyncLifetime
{
    private BotTestHost _host = null!;

    private CheckInService CheckIns => _host.Service<CheckInService>();

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task CheckIn_TypedCodeOfConfirmedDelegate_CheckedInWithNameUnitAndDesk()
    {
        var pass = await ConfirmedPassAsync(_host, HungId);

        var outcome = await CheckIns.CheckInAsync(await ConferenceAsync(_host), pass.Code.ToLowerInvariant(), Desk1, CancellationToken.None);

        Assert.Equal(CheckInStatus.CheckedIn, outcome.Status);
        Assert.Equal("Nguyễn Văn Hùng", outcome.Record!.Name);
        Assert.Equal("Sở Kế hoạch và Đầu tư", outcome.Record.Organisation);
        Assert.Equal("Bàn 1", outcome.Record.Desk);
        Assert.Equal(CheckInMethod.Code, outcome.Record.Method);
    }

    [Fact]
    public async Task CheckIn_PassIssuedAfterTheDeskLoadedTheCodes_FoundAtOnce()
    {
        // The first scan loads every code issued so far; a pass issued a moment later is not among them.
        var conference = await ConferenceAsync(_host);
        var early = await ConfirmedPassAsync(_host, HungId);
        Assert.Equal(CheckInStatus.CheckedIn, (await CheckIns.CheckInAsync(conference, early.Code, Desk1, CancellationToken.None)).Status);
        var late = await ConfirmedPassAsync(_host, TuanId);

        var outcome = await CheckIns.CheckInAsync(conference, late.Token, Desk1, CancellationToken.None);

        Assert.Equal(CheckInStatus.CheckedIn, outcome.Status);
        Assert.Equal(TuanId, outcome.Record!.PersonId);
        Assert.Equal(CheckInStatus.Refused, (await CheckIns.CheckInAsync(conference, "ZZZ999", Desk1, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task CheckIn_SecondScan_SaysWhenAndAtWhichDesk()
    {
        var pass = await ConfirmedPassAsync(_host, HungId);
        var conference = await ConferenceAsync(_host);
        await CheckIns.CheckInAsync(conference, pass.Token, Desk1, CancellationToken.None);
        _host.Time.Advance(TimeSpan.FromMinutes(3));

        var again = await CheckIns.CheckInAsync(conference, pass.Token, Desk2, CancellationToken.None);

        Assert.Equal(CheckInStatus.AlreadyCheckedIn, again.Status);
        Assert.Equal("Nguyễn Văn Hùng đã điểm danh lúc 09h00 tại Bàn 1.", again.Message.Vi);
        Assert.Equal(CheckInMethod.Scan, again.Record!.Method);
    }

    [Fact]
    public async Task CheckIn_SamePassAtTwoDesksAtOnce_ExactlyOneCheckIn()
    {
        var conference = await ConferenceAsync(_host);
        string[] people = [HungId, TuanId, OrganizerId];
        foreach (var id in people)
        {
            var pass = await ConfirmedPassAsync(_host, id);
            var results = await Task.WhenAll(
                CheckIns.CheckInAsync(conference, pass.Token, Desk1, CancellationToken.None),
                CheckIns.CheckInAsync(conference, pass.Code, Desk2, CancellationToken.None));

            Assert.Single(results, r => r.Status == CheckInStatus.CheckedIn);
            Assert.Single(results, r => r.Status == CheckInStatus.AlreadyCheckedIn);
            Assert.Equal(results[0].Record!.Desk, results[1].Record!.Desk);
        }

        var rows = await _host.Service<CheckInStore>().ListCheckInsAsync(conference.Id, CancellationToken.None);
        Assert.Equal(people.Order(), rows.Select(r => r.PersonId).Order());
    }

    [Fact]
    public async Task CheckIn_PassAfterAnswerChanged_RefusedAsRevoked()
    {
        var old = await ConfirmedPassAsync(_host, HungId);
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        await AnswerAsync(_host, HungId, RsvpAnswer.Decline);
        var conference = await ConferenceAsync(_host);

        var declined = await CheckIns.CheckInAsync(conference, old.Token, Desk1, CancellationToken.None);
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        var renewed = await ConfirmedPassAsync(_host, HungId);
        var oldAgain = await CheckIns.CheckInAsync(conference, old.Code, Desk1, CancellationToken.None);
        var fresh = await CheckIns.CheckInAsync(conference, renewed.Token, Desk1, CancellationToken.None);

        Assert.Equal("revoked", declined.RefusalCode);
        Assert.Contains("thu hồi", declined.Message.Vi, StringComparison.Ordinal);
        Assert.NotEqual(old.Code, renewed.Code);
        Assert.Equal("revoked", oldAgain.RefusalCode);
        Assert.Equal(CheckInStatus.CheckedIn, fresh.Status);
    }

    [Fact]
    public async Task GetOrIssue_SameAnswerAskedTwice_SamePass()
    {
        var first = await ConfirmedPassAsync(_host, HungId);

        var second = await _host.Service<PassService>().GetOrIssueAsync(await ConferenceAsync(_host), HungId, CancellationToken.None);

        Assert.Equal(first.Code, second!.Code);
        Assert.Equal(first.Token, second.Token);
    }

    [Fact]
    public async Task CheckIn_PassOfOtherConferenceAtThisDesk_Refused()
    {
        var other = await OtherConferenceAsync(_host);
        var foreign = await ConfirmedPassAsync(_host, HungId, other.Id);

        var outcome = await CheckIns.CheckInAsync(await ConferenceAsync(_host), foreign.Token, Desk1, CancellationToken.None);

        Assert.Equal(CheckInStatus.Refused, outcome.Status);
        Assert.Equal("otherConference", outcome.RefusalCode);
        Assert.Contains("hội nghị khác", outcome.Message.Vi, StringComparison.Ordinal);
        Assert.Null(await _host.Service<CheckInStore>().GetCheckInAsync(ConferenceId, HungId, CancellationToken.None));
    }

    [Fact]
    public async Task CheckIn_TamperedOrUnknown_RefusedNothingRecorded()
    {
        var pass = await ConfirmedPassAsync(_host, HungId);
        var conference = await ConferenceAsync(_host);
        var parts = pass.Token.Split('.');
        // The first character carries six whole bits of the signature (the last ones carry padding bits, so a change
        // there can make the text malformed instead of forged).
        var forgedSignature = (parts[2][0] == 'A' ? "B" : "A") + parts[2][1..];

        var tampered = await CheckIns.CheckInAsync(conference, $"{parts[0]}.{parts[1]}.{forgedSignature}", Desk1, CancellationToken.None);
        var unknown = await CheckIns.CheckInAsync(conference, "ZZZ222", Desk1, CancellationToken.None);
        var garbage = await CheckIns.CheckInAsync(conference, "xin chào", Desk1, CancellationToken.None);

        Assert.Equal("tampered", tampered.RefusalCode);
        Assert.Equal("unknown", unknown.RefusalCode);
        Assert.Equal("malformed", garbage.RefusalCode);
        Assert.Empty(await _host.Service<CheckInStore>().ListCheckInsAsync(ConferenceId, CancellationToken.None));
    }

    [Fact]
    public async Task CheckIn_DeskWithoutName_Refused()
    {
        var pass = await ConfirmedPassAsync(_host, HungId);

        var outcome = await CheckIns.CheckInAsync(await ConferenceAsync(_host), pass.Code, new Desk(" ", null), CancellationToken.None);

        Assert.Equal("desk", outcome.RefusalCode);
    }

    [Fact]
    public async Task GetOrIssue_NamedSubstitute_OwnPassInOwnNameNamingTheOriginal()
    {
        var hung = await _host.Service<IDelegateStore>().GetAsync(ConferenceId, HungId, CancellationToken.None);
        const string email = "thanh.le@khanhhoa.example";
        await _host.Service<IDelegateStore>().UpsertAsync(ConferenceId, [hung! with { Id = email, Name = "Lê Văn Thanh", Email = email, AadObjectId = null, SubstituteForId = HungId }], CancellationToken.None);
        await AnswerAsync(_host, HungId, RsvpAnswer.Substitute, substituteName: "Lê Văn Thanh", substituteEmail: email);
        var conference = await ConferenceAsync(_host);

        var hungsPass = await _host.Service<PassService>().GetOrIssueAsync(conference, HungId, CancellationToken.None);
        var pass = await _host.Service<PassService>().GetOrIssueAsync(conference, email, CancellationToken.None);
        var outcome = await CheckIns.CheckInAsync(conference, pass!.Code, Desk1, CancellationToken.None);

        Assert.Null(hungsPass);
        Assert.Equal("Lê Văn Thanh", outcome.Record!.Name);
        Assert.Equal("Nguyễn Văn Hùng", outcome.Record.SubstituteForName);
        Assert.Equal("Đã điểm danh: Lê Văn Thanh (dự thay Nguyễn Văn Hùng).", outcome.Message.Vi);
    }

    [Fact]
    public async Task Search_NameWithoutDiacritics_FindsConfirmedOnly()
    {
        await ConfirmedPassAsync(_host, HungId);
        var conference = await ConferenceAsync(_host);

        var found = await CheckIns.SearchAsync(conference, "nguyen van hung", CancellationToken.None);
        var unconfirmed = await CheckIns.SearchAsync(conference, "Phạm Minh", CancellationToken.None);
        var byName = await CheckIns.CheckInByNameAsync(conference, found.Single().DelegateId, Desk2, CancellationToken.None);
        var notConfirmed = await CheckIns.CheckInByNameAsync(conference, TuanId, Desk2, CancellationToken.None);

        Assert.Equal("Nguyễn Văn Hùng", found.Single().Name);
        Assert.Empty(unconfirmed);
        Assert.Equal(CheckInMethod.NameSearch, byName.Record!.Method);
        Assert.Equal("notConfirmed", notConfirmed.RefusalCode);
    }

    [Fact]
    public async Task RegisterWalkIn_NotInvited_RecordedAndCountedApart()
    {
        await ConfirmedPassAsync(_host, HungId);
        await ConfirmedPassAsync(_host, TuanId);
        var conference = await ConferenceAsync(_host);
        await CheckIns.CheckInAsync(conference, (await _host.Service<PassService>().GetOrIssueAsync(conference, HungId, CancellationToken.None))!.Code, Desk1, CancellationToken.None);

        var walkIn = await CheckIns.RegisterWalkInAsync(conference, new WalkIn("Trần Văn Khách", "Chuyên viên", "Sở Xây dựng"), Desk2, CancellationToken.None);
        var nameless = await CheckIns.RegisterWalkInAsync(conference, new WalkIn("  ", null, null), Desk2, CancellationToken.None);
        var count = await _host.Service<HeadcountReader>().ReadAsync(conference, CancellationToken.None);

        Assert.True(walkIn.Record!.IsWalkIn);
        Assert.Equal("walkInName", nameless.RefusalCode);
        Assert.Equal(2, count.Confirmed);
        Assert.Equal(1, count.ConfirmedPresent);
        Assert.Equal(1, count.WalkIns);
        Assert.Equal(2, count.Present);
        Assert.Equal("Phạm Minh Tuấn", Assert.Single(count.Missing).Person.Name);
    }
}
