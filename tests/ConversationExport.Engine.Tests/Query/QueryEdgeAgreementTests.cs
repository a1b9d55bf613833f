using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Query;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Query;

/// <summary>
/// Edges the random differential cannot reach by chance: the instant RecentThan splits at, texts
/// beyond the Basic Multilingual Plane, relative ages longer than the calendar, absent values.
/// Each must select the same conversations in the catalog and in memory.
/// </summary>
[Trait("Catalog", "AnyProvider")]
public sealed class QueryEdgeAgreementTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly ConversationCatalog _catalog;

    public QueryEdgeAgreementTests() =>
        _catalog = TestCatalog.Create(_temp);

    public void Dispose() => _temp.Dispose();

    private List<Conversation> Load(params Conversation[] conversations)
    {
        Store.Upsert(_catalog, conversations);
        return Store.All(_catalog);
    }

    private static ConversationQuery Q(string field, string op, params object[] values) => QueryBuilder.Query([QueryBuilder.Criterion(field, op, values)]);

    /// <summary>Both sides' selections as "catalog: … / memory: …", equal when they agree.</summary>
    private (string Catalog, string Memory) Both(List<Conversation> all, ConversationQuery query, DateTime now)
    {
        var catalog = new ConversationStore(_catalog, AccessScope.Everything).Enumerate(new ConversationSelection(query, NowUtc: now)).Select(c => c.ConversationId).Order(StringComparer.Ordinal);
        var memory = all.Where(QueryEvaluator.Compile(query, now)).Select(c => c.ConversationId).Order(StringComparer.Ordinal);
        return ($"{query.Text} => [{string.Join(", ", catalog)}]", $"{query.Text} => [{string.Join(", ", memory)}]");
    }

    [Fact]
    public void RecentThan_includes_a_conversation_exactly_its_duration_ago_and_OlderThan_excludes_it()
    {
        var now = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
        var edge = Store.Call("edge");
        edge.StartTimeUtc = now.AddDays(-1);
        var before = Store.Call("a-millisecond-earlier");
        before.StartTimeUtc = now.AddDays(-1).AddMilliseconds(-1);
        var all = Load(edge, before);

        var recent = Both(all, Q("StartTime", "RecentThan", "1d"), now);
        var older = Both(all, Q("StartTime", "OlderThan", "1d"), now);

        Assert.Equal("Start Time within last 1 day => [edge]", recent.Catalog);
        Assert.Equal(recent.Catalog, recent.Memory);
        Assert.Equal("Start Time older than 1 day => [a-millisecond-earlier]", older.Catalog);
        Assert.Equal(older.Catalog, older.Memory);
    }

    [Theory]
    [InlineData("RecentThan")]
    [InlineData("OlderThan")]
    public void RecentThan_and_OlderThan_split_at_the_same_instant_when_now_has_sub_millisecond_ticks(string op)
    {
        // Get-Conversation passes DateTime.UtcNow, which has 100 ns ticks; starts are whole milliseconds.
        // Found failing: QuerySql cuts (now - duration) down to the millisecond, the evaluator does not,
        // so a conversation that started in the millisecond before the edge is "recent" only in the catalog.
        var start = new DateTime(2026, 11, 30, 12, 0, 0, 0, DateTimeKind.Utc);
        var now = start.AddDays(1).AddTicks(5_000);
        var c = Store.Call("edge");
        c.StartTimeUtc = start;
        var all = Load(c);

        var (catalog, memory) = Both(all, Q("StartTime", op, "1d"), now);

        Assert.Equal(memory, catalog);
    }

    [Theory]
    [InlineData("A?", "A\U0001F600")]
    [InlineData("?", "\U0001F600")]
    [InlineData("?b", "\U0001F600b")]
    [InlineData("??", "\U0001F600")]
    public void A_question_mark_matches_a_character_beyond_the_BMP_the_same_in_the_catalog_and_in_memory(string pattern, string value)
    {
        // Found failing: SQLite's _ matches one code point, TextMatch's ? one UTF-16 unit (half a surrogate pair),
        // so display names with emoji (Teams allows them) match a pattern in the catalog but not in sidecars.
        var c = Store.Call("emoji");
        c.FromInfo = value;
        var all = Load(c);

        var (catalog, memory) = Both(all, Q("FromInfo", "Like", pattern), DateTime.UtcNow);

        Assert.Equal(memory, catalog);
    }

    [Fact]
    public void Texts_beyond_the_BMP_compare_equal_and_literal_alike()
    {
        var c = Store.Call("emoji");
        c.FromInfo = "Ann \U0001F600";
        var all = Load(c);

        foreach (var query in new[] { Q("FromInfo", "Equals", "ANN \U0001F600"), Q("FromInfo", "Like", "ann *"), Q("FromInfo", "Like", "*\U0001F600"), Q("FromInfo", "Equals", "Ann \U0001F601") })
        {
            var (catalog, memory) = Both(all, query, DateTime.UtcNow);
            Assert.Equal(memory, catalog);
        }
    }

    [Fact]
    public void A_RecentThan_reaching_before_year_one_selects_every_conversation()
    {
        // Found failing: the builder accepts 1,000,000 days, then now - duration throws ArgumentOutOfRangeException
        // in both the evaluator and QuerySql. Either clamp the edge to DateTime.MinValue or reject the value when built.
        var all = Load(Store.Call("one"), Store.Call("two"));
        var query = Q("StartTime", "RecentThan", "1000000d");

        var (catalog, memory) = Both(all, query, DateTime.UtcNow);

        Assert.Equal("Start Time within last 1000000 days => [one, two]", catalog);
        Assert.Equal(catalog, memory);
    }

    [Fact]
    public void Absent_values_fail_a_criterion_and_pass_its_negation_on_both_sides()
    {
        var empty = Store.Call("empty");
        empty.From = null;
        empty.To = null;
        empty.FromInfo = null;
        empty.EndCause = null;
        empty.EndTimeUtc = null;
        empty.Group = [];
        var full = Store.Call("full");
        full.FromInfo = "Jane";
        full.EndCause = "Normal";
        full.SilenceRatio = 0.5;
        full.LongestSilence = TimeSpan.FromSeconds(3);
        var all = Load(empty, full);

        (string Query, string Selects)[] cases =
        [
            ("FromInfo NotEquals Jane", "[empty]"), ("FromInfo NotLike *", "[empty]"), ("FromInfo Like *", "[full]"),
            ("EndCause NotIn Normal", "[empty]"), ("EndCause In Normal", "[full]"),
            ("SilenceRatio NotEquals 0.5", "[empty]"), ("SilenceRatio LessThan 1", "[full]"), ("SilenceRatio GreaterOrEqual 0", "[full]"),
            ("LongestSilence NotEquals 3s", "[empty]"), ("LongestSilence LessOrEqual 1d", "[full]"),
            ("FromDigits NotEquals 10", "[empty]"), ("FromDigits GreaterOrEqual 0", "[full]"), ("ToDigits Equals 4", "[full]"),
            ("BothToOrFrom NotLike *", "[empty]"), ("Duration Equals 0s", "[empty]"),
            ("Group HasNone *", "[empty]"), ("Group HasAny *", "[full]"), ("Label HasAll *", "[]"), ("Label HasNone x", "[empty, full]"),
            ("Encrypted Equals false", "[empty, full]"), ("Signed Equals true", "[]"),
        ];
        foreach (var (text, selects) in cases)
        {
            var parts = text.Split(' ', 3);
            var (catalog, memory) = Both(all, Q(parts[0], parts[1], parts[2]), DateTime.UtcNow);
            Assert.EndsWith(" => " + selects, catalog);
            Assert.Equal(catalog, memory);
        }
    }
}
