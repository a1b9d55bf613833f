using ConversationExport.Engine.Catalog;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Catalog;

/// <summary>A catalog of 1,234 conversations, more than two pages of the store's 500, shared read-only by the tests below.</summary>
public sealed class ThousandsOfConversations : IDisposable
{
    public const int Count = 1234;
    private readonly TempFolder _temp = new();

    public ThousandsOfConversations()
    {
        Catalog = TestCatalog.Create(_temp);
        // Conversation ids descend while catalog ids ascend, so id order cannot be mistaken for name order.
        Store.Upsert(Catalog, Enumerable.Range(0, Count).Select(i => Store.Call($"conv-{Count - i:D4}", group: $"team-{i % 7}")).ToArray());
        Ids = Store.All(Catalog).Select(c => c.Id).ToArray();
    }

    public ConversationCatalog Catalog { get; }
    public long[] Ids { get; }

    public void Dispose() => _temp.Dispose();
}

/// <summary>ConversationStore.Enumerate streams the catalog a page at a time (Get-Conversation).</summary>
[Trait("Catalog", "AnyProvider")]
public sealed class ConversationEnumerationTests(ThousandsOfConversations corpus) : IClassFixture<ThousandsOfConversations>
{
    private List<Conversation> Enumerate(ConversationSelection selection) => new ConversationStore(corpus.Catalog, AccessScope.Everything).Enumerate(selection).ToList();

    [Fact]
    public void Every_conversation_comes_back_once_in_id_order_across_pages()
    {
        var all = Enumerate(new ConversationSelection());

        Assert.Equal(ThousandsOfConversations.Count, all.Count);
        Assert.Equal(all.Select(c => c.Id).Order(), all.Select(c => c.Id));
        Assert.Equal(ThousandsOfConversations.Count, all.Select(c => c.Id).Distinct().Count());
        Assert.Equal("conv-1234", all[0].ConversationId);
        Assert.Equal("conv-0001", all[^1].ConversationId);
        // Child rows are loaded for every page, not only the first.
        Assert.All(all.Select((c, i) => (c, i)), x => Assert.Equal([$"team-{x.i % 7}"], x.c.Group));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(499)]
    [InlineData(500)]
    [InlineData(501)]
    [InlineData(1001)]
    [InlineData(ThousandsOfConversations.Count)]
    [InlineData(5000)]
    public void First_returns_that_many_from_the_start(long first)
    {
        var some = Enumerate(new ConversationSelection(First: first));

        Assert.Equal(corpus.Ids.Take((int)Math.Min(first, ThousandsOfConversations.Count)), some.Select(c => c.Id));
    }

    [Fact]
    public void Ids_select_exactly_those_conversations_from_any_page_in_id_order()
    {
        long[] wanted = [corpus.Ids[1200], corpus.Ids[3], corpus.Ids[700], corpus.Ids[500], long.MaxValue];

        var some = Enumerate(new ConversationSelection(Ids: wanted));

        Assert.Equal([corpus.Ids[3], corpus.Ids[500], corpus.Ids[700], corpus.Ids[1200]], some.Select(c => c.Id));
    }

    [Fact]
    public void ConversationIds_select_exactly_those_conversations()
    {
        var some = Enumerate(new ConversationSelection(ConversationIds: ["conv-0002", "conv-1000", "conv-0600", "no-such-conversation"]));

        Assert.Equal(["conv-1000", "conv-0600", "conv-0002"], some.Select(c => c.ConversationId));
    }

    [Fact]
    public void Filters_and_First_combine()
    {
        var wanted = corpus.Ids.Where((_, i) => i % 100 == 0).ToArray();

        var some = Enumerate(new ConversationSelection(Ids: wanted, ConversationIds: ["conv-1234", "conv-1134", "conv-0001"], First: 1));

        Assert.Equal([corpus.Ids[0]], some.Select(c => c.Id));
        Assert.Empty(Enumerate(new ConversationSelection(Ids: [corpus.Ids[1]], ConversationIds: ["conv-1234"])));
    }

    [Fact]
    public void Enumeration_stops_when_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var seen = 0;

        Assert.Throws<OperationCanceledException>(() =>
        {
            foreach (var _ in new ConversationStore(corpus.Catalog, AccessScope.Everything).Enumerate(new ConversationSelection(), cancellation.Token))
                if (++seen == 10) cancellation.Cancel();
        });
        Assert.InRange(seen, 10, ThousandsOfConversations.Count - 1);
    }
}
