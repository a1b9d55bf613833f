using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Query;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Query;

/// <summary>
/// 1,300 conversations on only a handful of distinct start times, inserted in shuffled order so
/// that catalog ids and start times are unrelated: every 500-row boundary (the store's batch)
/// falls inside a run of equal start times, so only the id tie-break decides the order there.
/// </summary>
public sealed class TiedStartTimes : IDisposable
{
    public const int Count = 1300;
    public static readonly DateTime Base = new(2026, 11, 28, 9, 0, 0, DateTimeKind.Utc);
    private readonly TempFolder _temp = new();

    public TiedStartTimes()
    {
        Catalog = TestCatalog.Create(_temp);
        var random = new Random(1300);
        var calls = Enumerable.Range(0, Count).Select(i =>
        {
            var call = Store.Call($"call-{i:D4}", group: i % 3 == 0 ? "Sales" : "Support");
            call.StartTimeUtc = Base.AddMinutes(random.Next(5) * 10).AddMilliseconds(random.Next(20) == 0 ? 1 : 0);
            call.EndTimeUtc = call.StartTimeUtc.AddSeconds(random.Next(1, 600));
            return call;
        }).OrderBy(_ => random.Next()).ToArray();
        Store.Upsert(Catalog, calls);
        All = Store.All(Catalog);
    }

    public ConversationCatalog Catalog { get; }
    public List<Conversation> All { get; }

    public void Dispose() => _temp.Dispose();
}

/// <summary>Get-Conversation's paging (First, Skip) and ordering (SortBy, Descending) over keyset pages.</summary>
[Trait("Catalog", "AnyProvider")]
public sealed class ConversationPagingTests(TiedStartTimes corpus) : IClassFixture<TiedStartTimes>
{
    public static readonly TheoryData<long, long?> Pages = new()
    {
        { 0, null }, { 0, 0 }, { 0, 1 }, { 0, 499 }, { 0, 500 }, { 0, 501 }, { 0, 1000 }, { 0, 1001 },
        { 1, null }, { 1, 500 }, { 250, 700 }, { 499, 2 }, { 499, 502 }, { 500, 500 }, { 501, null },
        { 999, 3 }, { 1000, null }, { 1299, null }, { 1299, 10 }, { 1300, null }, { 5000, 5 },
    };

    private List<long> Listed(ConversationSelection selection) =>
        new ConversationStore(corpus.Catalog, AccessScope.Everything).Enumerate(selection).Select(c => c.Id).ToList();

    private static IEnumerable<Conversation> Ordered(IEnumerable<Conversation> all, ConversationOrder order, bool descending) => (order, descending) switch
    {
        (ConversationOrder.StartTime, false) => all.OrderBy(c => c.StartTimeUtc).ThenBy(c => c.Id),
        (ConversationOrder.StartTime, true) => all.OrderByDescending(c => c.StartTimeUtc).ThenByDescending(c => c.Id),
        (_, false) => all.OrderBy(c => c.Id),
        (_, true) => all.OrderByDescending(c => c.Id),
    };

    private static List<long> Page(IEnumerable<Conversation> ordered, long skip, long? first) =>
        ordered.Skip((int)Math.Min(skip, int.MaxValue)).Take((int)Math.Min(first ?? int.MaxValue, int.MaxValue)).Select(c => c.Id).ToList();

    [Fact]
    public void Page_boundaries_fall_inside_runs_of_equal_start_times()
    {
        var byStart = Ordered(corpus.All, ConversationOrder.StartTime, descending: false).ToList();

        Assert.Equal(TiedStartTimes.Count, byStart.Count);
        Assert.Equal(byStart[499].StartTimeUtc, byStart[500].StartTimeUtc);
        Assert.Equal(byStart[999].StartTimeUtc, byStart[1000].StartTimeUtc);
        // Ids really disagree with start order, so ordering by start time is not ordering by id in disguise.
        Assert.NotEqual(byStart.Select(c => c.Id), byStart.Select(c => c.Id).Order());
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Start_time_order_ascending_pages_like_LINQ_over_start_time_then_id(long skip, long? first) =>
        Assert.Equal(
            Page(Ordered(corpus.All, ConversationOrder.StartTime, false), skip, first),
            Listed(new ConversationSelection(First: first, Skip: skip, OrderBy: ConversationOrder.StartTime)));

    [Theory]
    [MemberData(nameof(Pages))]
    public void Start_time_order_descending_pages_like_LINQ_over_start_time_then_id(long skip, long? first) =>
        Assert.Equal(
            Page(Ordered(corpus.All, ConversationOrder.StartTime, true), skip, first),
            Listed(new ConversationSelection(First: first, Skip: skip, OrderBy: ConversationOrder.StartTime, Descending: true)));

    [Theory]
    [InlineData(0L, null)]
    [InlineData(499L, 502L)]
    [InlineData(1L, null)]
    public void Id_order_descending_pages_like_LINQ(long skip, long? first) =>
        Assert.Equal(
            Page(Ordered(corpus.All, ConversationOrder.Id, true), skip, first),
            Listed(new ConversationSelection(First: first, Skip: skip, Descending: true)));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reading_page_by_page_with_Skip_and_First_gives_every_conversation_once_in_order(bool descending)
    {
        var pages = new List<long>();
        for (var skip = 0L; skip < TiedStartTimes.Count; skip += 137)
            pages.AddRange(Listed(new ConversationSelection(First: 137, Skip: skip, OrderBy: ConversationOrder.StartTime, Descending: descending)));

        Assert.Equal(Ordered(corpus.All, ConversationOrder.StartTime, descending).Select(c => c.Id), pages);
    }

    [Theory]
    [InlineData(false, 0L, null)]
    [InlineData(true, 0L, null)]
    [InlineData(false, 100L, 450L)]
    [InlineData(true, 3L, 600L)]
    public void A_query_filters_before_paging_in_start_time_order(bool descending, long skip, long? first)
    {
        var query = QueryBuilder.Query(
        [
            QueryBuilder.Criterion("Group", "HasAny", ["Sales"]),
            QueryBuilder.Criterion("StartTime", "Between", [TiedStartTimes.Base.AddMinutes(10), TiedStartTimes.Base.AddMinutes(50)]),
        ]);
        var matches = QueryEvaluator.Compile(query, DateTime.UtcNow);
        var expected = Page(Ordered(corpus.All.Where(matches), ConversationOrder.StartTime, descending), skip, first);

        var listed = Listed(new ConversationSelection(query, First: first, Skip: skip, OrderBy: ConversationOrder.StartTime, Descending: descending));

        Assert.Equal(expected, listed);
        Assert.InRange(corpus.All.Count(matches), 250, 450);
    }

    [Fact]
    public void Count_ignores_First_and_Skip()
    {
        var store = new ConversationStore(corpus.Catalog, AccessScope.Everything);

        Assert.Equal(TiedStartTimes.Count, store.Count(new ConversationSelection(First: 10, Skip: 20, OrderBy: ConversationOrder.StartTime)));
        var query = QueryBuilder.Query([QueryBuilder.Criterion("Group", "HasAny", ["Sales"])]);
        Assert.Equal(corpus.All.Count(c => c.Group.Contains("Sales")), store.Count(new ConversationSelection(query, First: 1, Skip: 5)));
    }
}
