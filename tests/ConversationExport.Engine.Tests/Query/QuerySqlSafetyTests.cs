using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Query;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Query;

/// <summary>
/// SPEC §2: all SQL is parameterized. Values that would break out of a string literal or comment
/// are data: they select exactly what the in-memory evaluator selects, and nothing is changed.
/// </summary>
public sealed class QuerySqlSafetyTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] InjectionTexts =
    [
        "'; DROP TABLE conversation; --",
        "\" OR 1=1 --",
        "*/ SELECT",
        "x' OR 'a'='a",
        "') OR ('1'='1",
        "1; DELETE FROM conversation",
        "%' OR '%'='",
        @"\'; DROP TABLE conversation_label; --",
        "@q0",
        "' UNION SELECT id, conversation_id FROM conversation --",
    ];

    public static readonly TheoryData<string> Injections = new(InjectionTexts);

    private readonly TempFolder _temp = new();
    private readonly string _path;
    private readonly ConversationCatalog _catalog;
    private readonly List<Conversation> _all;

    public QuerySqlSafetyTests()
    {
        _path = _temp.Combine("catalog.db");
        _catalog = ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(_path), Callers.Alice);
        var conversations = new List<Conversation>
        {
            With("plain", c => { c.User = "jsmith"; c.FromInfo = "Jane"; c.Labels = [new("VIP")]; c.Cases = ["2026-0017"]; }),
            With("literal-percent", c => c.FromInfo = "50%"),
            With("literal-percent-x", c => c.FromInfo = "50x"),
            With("literal-underscore", c => c.FromInfo = "a_b"),
            With("literal-underscore-x", c => c.FromInfo = "axb"),
            With("literal-star", c => c.FromInfo = "50*"),
            With("literal-star-0", c => c.FromInfo = "500"),
            With("literal-backslash", c => c.FromInfo = @"a\b"),
            With("literal-backslash-x", c => c.FromInfo = "ab"),
        };
        // One conversation carries each injection as its data, so "exactly what the evaluator says" is sometimes something.
        conversations.AddRange(InjectionTexts.Select((text, i) => With($"injected-{i}", c =>
        {
            c.User = text;
            c.ToInfo = text;
            c.Labels = [new(text, legalHold: true)];
            c.Cases = [text];
            c.Group = [text];
        })));
        Store.Upsert(_catalog, conversations.ToArray());
        _all = Store.All(_catalog);
    }

    public void Dispose() => _temp.Dispose();

    private static Conversation With(string id, Action<Conversation> set)
    {
        var c = Store.Call(id);
        c.User = null;
        c.Group = [];
        set(c);
        return c;
    }

    /// <summary>The ConversationIds the catalog selects, in ordinal order.</summary>
    private string[] Catalog(ConversationQuery query) =>
        [.. new ConversationStore(_catalog, AccessScope.Everything).Enumerate(new ConversationSelection(query, NowUtc: Now)).Select(c => c.ConversationId).Order(StringComparer.Ordinal)];

    /// <summary>The ConversationIds the in-memory evaluator selects, in ordinal order.</summary>
    private string[] Memory(ConversationQuery query) =>
        [.. _all.Where(QueryEvaluator.Compile(query, Now)).Select(c => c.ConversationId).Order(StringComparer.Ordinal)];

    private static ConversationQuery Q(string field, string op, params object[] values) => QueryBuilder.Query([QueryBuilder.Criterion(field, op, values)]);

    private string Schema() => string.Join("\n", Db.Rows(_path, "SELECT type, name, sql FROM sqlite_master ORDER BY name").Select(r => string.Join("|", r)));

    private string Contents() => string.Join(",", new[] { "conversation", "conversation_label", "conversation_case", "conversation_group", "conversation_file" }
        .Select(t => Db.Scalar(_path, $"SELECT COUNT(*) FROM {t}")));

    [Theory]
    [MemberData(nameof(Injections))]
    public void An_injection_in_any_text_criterion_selects_what_the_evaluator_selects_and_changes_nothing(string injection)
    {
        var schema = Schema();
        var contents = Contents();
        var checkedQueries = 0;

        foreach (var field in new[] { "User", "FromInfo", "ToInfo", "BothToOrFromInfo", "ConversationId", "Label", "Case", "Group" })
            foreach (var op in QueryBuilder.Field(field).Operators)
            {
                var query = Q(field, op.ToString(), injection);
                var (catalog, memory) = (Catalog(query), Memory(query));
                Assert.True(catalog.SequenceEqual(memory), $"{query.Text}: catalog [{string.Join(", ", catalog)}], evaluator [{string.Join(", ", memory)}]");
                Assert.Equal(catalog.Length, new ConversationStore(_catalog, AccessScope.Everything).Count(new ConversationSelection(query, NowUtc: Now)));
                checkedQueries++;
            }

        Assert.Equal(8 * 6 - 3 * 3, checkedQueries);
        Assert.Equal(schema, Schema());
        Assert.Equal(contents, Contents());
        Assert.Equal(_all.Count, Db.Scalar(_path, "SELECT COUNT(*) FROM conversation"));
    }

    [Theory]
    [MemberData(nameof(Injections))]
    public void An_injection_matches_only_the_conversation_that_holds_it_literally(string injection)
    {
        var holder = _all.Single(c => c.User == injection).ConversationId;
        // Escape * ? and ` so the text is matched literally by Like and the set operators too.
        var literal = RandomQueries.Escape(injection);

        Assert.Equal(new[] { holder }, Catalog(Q("User", "Equals", injection)));
        Assert.Equal(new[] { holder }, Catalog(Q("User", "Like", literal)));
        Assert.Equal(new[] { holder }, Catalog(Q("BothToOrFromInfo", "In", injection)));
        Assert.Equal(new[] { holder }, Catalog(Q("Label", "HasAny", literal)));
        Assert.Equal(new[] { holder }, Catalog(Q("Case", "HasAll", literal)));
        Assert.Equal(new[] { holder }, Catalog(Q("Group", "HasAny", literal)));
        Assert.Equal(_all.Count - 1, Catalog(Q("Label", "HasNone", literal)).Length);
        Assert.Equal(_all.Count - 1, Catalog(Q("User", "NotEquals", injection)).Length);
    }

    [Fact]
    public void A_classic_always_true_condition_selects_nothing()
    {
        foreach (var text in new[] { "' OR '1'='1", "' OR 1=1 --", "\" OR \"\"=\"", "x' OR 'a'='a' --" })
        {
            Assert.Empty(Catalog(Q("FromInfo", "Equals", text)));
            Assert.Empty(Catalog(Q("Label", "HasAny", text)));
            Assert.Empty(Catalog(Q("Case", "HasAny", text)));
        }
    }

    [Theory]
    [InlineData("50%", "literal-percent")]
    [InlineData("a_b", "literal-underscore")]
    [InlineData("50`*", "literal-star")]
    [InlineData(@"a\b", "literal-backslash")]
    public void LIKE_metacharacters_and_escaped_wildcards_match_literally_in_the_catalog(string pattern, string only)
    {
        Assert.Equal(new[] { only }, Catalog(Q("FromInfo", "Like", pattern)));
        Assert.Equal(new[] { only }, Memory(Q("FromInfo", "Like", pattern)));
    }

    [Theory]
    [InlineData("50%", "literal-percent")]
    [InlineData("a_b", "literal-underscore")]
    [InlineData("50*", "literal-star")]
    [InlineData(@"a\b", "literal-backslash")]
    public void Equality_never_treats_a_value_as_a_pattern(string value, string only) =>
        Assert.Equal(new[] { only }, Catalog(Q("FromInfo", "Equals", value)));

    [Fact]
    public void Wildcards_around_LIKE_metacharacters_still_work()
    {
        Assert.Equal(new[] { "literal-percent" }, Catalog(Q("FromInfo", "Like", "*%")));
        Assert.Equal(new[] { "literal-percent", "literal-percent-x", "literal-star", "literal-star-0" }, Catalog(Q("FromInfo", "Like", "50?")));
        Assert.Equal(new[] { "literal-backslash" }, Catalog(Q("FromInfo", "Like", @"?\?")));
        Assert.Equal(new[] { "literal-backslash", "literal-underscore", "literal-underscore-x" }, Catalog(Q("FromInfo", "Like", "a?b")));
    }
}
