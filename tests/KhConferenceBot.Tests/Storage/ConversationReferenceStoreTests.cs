using Azure.Data.Tables;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Tests.Storage;

[Collection(StorageCollection.Name)]
public sealed class ConversationReferenceStoreTests(AzuriteFixture storage)
{
    private const string User = "00000000-0000-0000-0000-0000000000a0";
    private const string ServiceUrl = "http://127.0.0.1:56150/_connector";

    private TableConversationReferenceStore NewStore() => new(
        new TableStore(
            new TableServiceClient(storage.ConnectionString),
            Options.Create(new StorageOptions { ConnectionString = storage.ConnectionString, TablePrefix = AzuriteFixture.NewTablePrefix("r") })),
        new TrustedServiceUrls(Options.Create(new ConnectorOptions())),
        NullLogger<TableConversationReferenceStore>.Instance);

    private static ConversationReference Personal(string conversationId) =>
        new(ServiceUrl, conversationId, ConversationTypes.Personal, "tenant", "user-id-0", User, "Trần Thị Mai Anh", "28:bot");

    [Fact]
    public async Task RememberOpened_UserWroteFromAChatBefore_KeepsTheirChat()
    {
        var store = NewStore();
        await store.RememberAsync(Personal("personal-chat-a0"), CancellationToken.None);

        var used = await store.RememberOpenedAsync(Personal("a:made-up@test.user"), CancellationToken.None);

        Assert.Equal("personal-chat-a0", used.ConversationId);
        Assert.Equal("personal-chat-a0", (await store.FindPersonalAsync(User, CancellationToken.None))?.ConversationId);
    }

    [Fact]
    public async Task RememberOpened_NoChatOnRecord_StoresTheOpenedOne()
    {
        var store = NewStore();

        var used = await store.RememberOpenedAsync(Personal("a:opened"), CancellationToken.None);

        Assert.Equal("a:opened", used.ConversationId);
        Assert.Equal("a:opened", (await store.FindPersonalAsync(User, CancellationToken.None))?.ConversationId);
    }

    [Fact]
    public async Task Remember_UserWritesAfterAnOpenedChat_TheirChatWins()
    {
        var store = NewStore();
        await store.RememberOpenedAsync(Personal("a:opened"), CancellationToken.None);

        await store.RememberAsync(Personal("personal-chat-a0"), CancellationToken.None);

        Assert.Equal("personal-chat-a0", (await store.FindPersonalAsync(User, CancellationToken.None))?.ConversationId);
    }
}
