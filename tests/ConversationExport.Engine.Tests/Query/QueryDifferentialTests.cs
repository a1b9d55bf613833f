using System.Text;
using System.Text.Json;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Query;
using Microsoft.Data.Sqlite;

namespace ConversationExport.EngineTests.Query;

/// <summary>
/// SPEC §3: a query "evaluates the same in SQL and in memory; the test suite checks the two agree".
/// Hundreds of random queries run against the catalog (QuerySql through ConversationStore) and
/// against the same conversations in memory (QueryEvaluator); the selections must be identical.
/// </summary>
[Trait("Catalog", "AnyProvider")]
public sealed class QueryDifferentialTests(RandomCatalog corpus) : IClassFixture<RandomCatalog>
{
    private const int QueryCount = 600;

    [Fact]
    public void Catalog_and_evaluator_select_the_same_conversations_for_random_queries()
    {
        var queries = Queries(seed: 1);

        var outcomes = queries.Select(q => Check(q, q)).ToList();

        AssertAgreement(queries, outcomes);
        AssertTheQueriesHadTeeth(queries, outcomes);
    }

    [Fact]
    public void Queries_round_tripped_through_JSON_keep_their_text_and_select_the_same_conversations()
    {
        var queries = Queries(seed: 2);
        var textProblems = new List<string>();
        var outcomes = new List<Outcome>();

        foreach (var (query, i) in queries.Select((q, i) => (q, i)))
        {
            var json = JsonSerializer.Serialize(new
            {
                Criteria = query.Criteria.Select(c => new { c.Field, Operator = c.Operator, c.Value }).ToArray(),
            });
            var back = QueryBuilder.FromJson(json);
            if (back.Text != query.Text || !SameCriteria(query, back))
                textProblems.Add($"{query.Text}\n    came back as {back.Text}\n    JSON {json}");
            // Listing every result is the slow part: list a quarter of them, count and evaluate all.
            outcomes.Add(Check(query, back, list: i % 4 == 0));
        }

        Assert.True(textProblems.Count == 0, $"{textProblems.Count} queries changed through JSON:\n  " + string.Join("\n  ", textProblems.Take(10)));
        AssertAgreement(queries, outcomes);
    }

    [Fact]
    public void Operators_given_as_numbers_in_JSON_as_ConvertTo_Json_writes_enums_read_back_the_same()
    {
        foreach (var query in Queries(seed: 3).Take(100))
        {
            var json = JsonSerializer.Serialize(new { Criteria = query.Criteria.Select(c => new { c.Field, Operator = (int)c.GetOperator(), c.Value }).ToArray() });

            var back = QueryBuilder.FromJson(json);

            Assert.Equal(query.Text, back.Text);
            Assert.True(SameCriteria(query, back), json);
        }
    }

    /// <summary>
    /// The wildcard matcher is the heart of both sides: compare it with SQLite's LIKE directly over
    /// every short string and pattern a tricky alphabet makes, far more cases than the catalog holds.
    /// </summary>
    [Fact]
    public void TextMatch_agrees_with_SQLite_LIKE_and_NOCASE_on_random_values_and_patterns()
    {
        const string alphabet = "aAbB%_\\*?`' üÜ";
        var random = new Random(RandomCatalog.Seed);
        string Word(int max) => new(Enumerable.Range(0, random.Next(max + 1)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());

        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT @v LIKE @p ESCAPE '\\', @v = @w COLLATE NOCASE";
        var v = command.Parameters.Add("@v", SqliteType.Text);
        var p = command.Parameters.Add("@p", SqliteType.Text);
        var w = command.Parameters.Add("@w", SqliteType.Text);
        var disagreements = new List<string>();
        int likeMatches = 0, equalMatches = 0;

        for (var i = 0; i < 30_000 && disagreements.Count < 20; i++)
        {
            var value = Word(6);
            // Patterns built from the value itself half the time, so matches are common, not a rarity.
            var pattern = random.Next(2) == 0 ? Word(5) : Mutate(random, value);
            var other = random.Next(2) == 0 ? Word(3) : RandomCatalog.CaseVariant(random, value);
            v.Value = value;
            p.Value = QuerySql.LikePattern(pattern);
            w.Value = other;
            using var reader = command.ExecuteReader();
            reader.Read();
            bool sqlLike = reader.GetInt64(0) == 1, sqlEqual = reader.GetInt64(1) == 1;
            bool like = TextMatch.Like(value, pattern), equal = TextMatch.EqualsIgnoreAsciiCase(value, other);
            if (sqlLike != like) disagreements.Add($"Like('{value}', '{pattern}'): SQLite {sqlLike}, TextMatch {like}");
            if (sqlEqual != equal) disagreements.Add($"Equals('{value}', '{other}'): SQLite {sqlEqual}, TextMatch {equal}");
            likeMatches += like ? 1 : 0;
            equalMatches += equal ? 1 : 0;
        }

        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
        Assert.InRange(likeMatches, 3_000, 27_000);
        Assert.InRange(equalMatches, 3_000, 27_000);
    }

    /// <summary>The same comparison against PostgreSQL's folded LIKE and equality, the expressions its dialect generates.</summary>
    [Support.PostgreSqlFact]
    [Trait("Catalog", "PostgreSqlOnly")]
    public void TextMatch_agrees_with_PostgreSQL_folded_LIKE_and_equality_on_random_values_and_patterns()
    {
        const string alphabet = "aAbB%_\\*?`' üÜ";
        var random = new Random(RandomCatalog.Seed);
        string Word(int max) => new(Enumerable.Range(0, random.Next(max + 1)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        var dialect = PostgreSqlDialect.Instance;
        using var connection = Support.TestPostgres.Open(corpus.Catalog.Info);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {dialect.TextLike("@v::text", "@p::text", escaped: true)}, {dialect.TextEquals("@v::text", "@w::text")}";
        var v = command.Parameters.Add("v", NpgsqlTypes.NpgsqlDbType.Text);
        var p = command.Parameters.Add("p", NpgsqlTypes.NpgsqlDbType.Text);
        var w = command.Parameters.Add("w", NpgsqlTypes.NpgsqlDbType.Text);
        var disagreements = new List<string>();
        int likeMatches = 0, equalMatches = 0;

        for (var i = 0; i < 5_000 && disagreements.Count < 20; i++)
        {
            var value = Word(6);
            var pattern = random.Next(2) == 0 ? Word(5) : Mutate(random, value);
            var other = random.Next(2) == 0 ? Word(3) : RandomCatalog.CaseVariant(random, value);
            v.Value = value;
            p.Value = QuerySql.LikePattern(pattern, dialect.LikeSpecialCharacters);
            w.Value = other;
            using var reader = command.ExecuteReader();
            reader.Read();
            bool sqlLike = reader.GetBoolean(0), sqlEqual = reader.GetBoolean(1);
            bool like = TextMatch.Like(value, pattern), equal = TextMatch.EqualsIgnoreAsciiCase(value, other);
            if (sqlLike != like) disagreements.Add($"Like('{value}', '{pattern}'): PostgreSQL {sqlLike}, TextMatch {like}");
            if (sqlEqual != equal) disagreements.Add($"Equals('{value}', '{other}'): PostgreSQL {sqlEqual}, TextMatch {equal}");
            likeMatches += like ? 1 : 0;
            equalMatches += equal ? 1 : 0;
        }

        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
        Assert.InRange(likeMatches, 500, 4_500);
        Assert.InRange(equalMatches, 500, 4_500);
    }

    private static string Mutate(Random random, string value)
    {
        var chars = value.ToList();
        for (var n = random.Next(1, 3); n > 0; n--)
        {
            var at = random.Next(chars.Count + 1);
            switch (random.Next(4))
            {
                case 0: chars.Insert(at, '*'); break;
                case 1 when at < chars.Count: chars[at] = '?'; break;
                case 2: chars.Insert(at, '`'); break;
                default: if (at < chars.Count) chars[at] = char.IsUpper(chars[at]) ? char.ToLowerInvariant(chars[at]) : char.ToUpperInvariant(chars[at]); break;
            }
        }
        return new string(chars.ToArray());
    }

    private List<ConversationQuery> Queries(int seed)
    {
        var generator = new RandomQueries(corpus.All, RandomCatalog.Now, RandomCatalog.Seed + seed);
        return Enumerable.Range(0, QueryCount).Select(_ => generator.Next()).ToList();
    }

    private sealed record Outcome(int Expected, string? Problem);

    /// <summary>
    /// Runs <paramref name="asRun"/> in the catalog (listed and counted) and in memory; <paramref name="reference"/>
    /// in memory. All must select the same. Without <paramref name="list"/> the catalog only counts.
    /// </summary>
    private Outcome Check(ConversationQuery reference, ConversationQuery asRun, bool list = true)
    {
        var store = new ConversationStore(corpus.Catalog, AccessScope.Everything);
        var selection = new ConversationSelection(asRun, NowUtc: RandomCatalog.Now);
        var expected = corpus.All.Where(QueryEvaluator.Compile(reference, RandomCatalog.Now)).Select(c => c.ConversationId).ToHashSet(StringComparer.Ordinal);
        var evaluated = corpus.All.Where(QueryEvaluator.Compile(asRun, RandomCatalog.Now)).Select(c => c.ConversationId).ToList();
        var listed = list ? store.Enumerate(selection).Select(c => c.ConversationId).ToList() : evaluated;
        var counted = store.Count(selection);

        var actual = listed.ToHashSet(StringComparer.Ordinal);
        if (actual.SetEquals(expected) && listed.Count == actual.Count && counted == expected.Count && expected.SetEquals(evaluated))
            return new Outcome(expected.Count, null);

        var problem = new StringBuilder()
            .Append(reference.Text).Append('\n')
            .Append("    criteria: ").AppendJoin(" | ", asRun.Criteria.Select(c => c.ToString())).Append('\n')
            .Append($"    evaluator {expected.Count} (as run {evaluated.Count}), catalog {(list ? "listed" : "not listed")} {listed.Count} ({actual.Count} distinct), counted {counted}\n");
        foreach (var (side, ids) in new[] { ("only in catalog", actual.Except(expected)), ("only in evaluator", expected.Except(actual)) })
            foreach (var id in ids.Take(5))
                problem.Append($"    {side}: {id} {Describe(corpus.All.First(c => c.ConversationId == id), asRun)}\n");
        return new Outcome(expected.Count, problem.ToString());
    }

    /// <summary>The values of the queried fields on one conversation, to read a mismatch at a glance.</summary>
    private static string Describe(Conversation c, ConversationQuery query) =>
        string.Join(", ", query.Criteria.Select(k => k.Field).Distinct().Select(f =>
            $"{f}=[{string.Join(", ", QueryBuilder.Field(f).Read(c).Select(v => v is null ? "null" : $"'{v}'"))}]"));

    private static void AssertAgreement(List<ConversationQuery> queries, List<Outcome> outcomes)
    {
        var problems = outcomes.Where(o => o.Problem is not null).Select(o => o.Problem).ToList();
        Assert.True(problems.Count == 0, $"{problems.Count} of {queries.Count} queries select differently in the catalog and in memory:\n" + string.Join("\n", problems.Take(15)));
    }

    /// <summary>
    /// Agreement means little if every query selected nothing (or everything): check the random
    /// queries covered every field and operator and mostly selected proper, non-empty subsets.
    /// </summary>
    private void AssertTheQueriesHadTeeth(List<ConversationQuery> queries, List<Outcome> outcomes)
    {
        var criteria = queries.SelectMany(q => q.Criteria).ToList();
        var fieldsMissed = QueryField.All.Select(f => f.Name).Except(criteria.Select(c => c.Field)).ToList();
        var operatorsMissed = QueryField.All.SelectMany(f => f.Operators.Select(op => $"{f.Kind} {op}")).Distinct()
            .Except(criteria.Select(c => $"{QueryBuilder.Field(c.Field).Kind} {c.GetOperator()}")).ToList();
        Assert.True(fieldsMissed.Count == 0, "fields never queried: " + string.Join(", ", fieldsMissed));
        Assert.True(operatorsMissed.Count == 0, "operators never used: " + string.Join(", ", operatorsMissed));

        var proper = outcomes.Count(o => o.Expected > 0 && o.Expected < corpus.All.Count);
        Assert.True(proper >= queries.Count / 2, $"only {proper} of {queries.Count} queries selected a proper, non-empty subset");
        // Ties on the inclusive edges were really hit: some single-criterion RecentThan selected exactly up to a conversation's start.
        Assert.Contains(queries, q => q.Criteria.Any(c => c.GetOperator() == QueryOperator.RecentThan
            && corpus.All.Any(x => x.StartTimeUtc == RandomCatalog.Now - QueryValues.ParseDuration(c.GetValues()[0]))));
    }

    private static bool SameCriteria(ConversationQuery a, ConversationQuery b) =>
        a.Criteria.Length == b.Criteria.Length && a.Criteria.Zip(b.Criteria).All(p =>
            p.First.Field == p.Second.Field && p.First.GetOperator() == p.Second.GetOperator() && p.First.GetValues().SequenceEqual(p.Second.GetValues()));

    [Fact]
    public void The_random_catalog_holds_every_kind_of_value_the_queries_need()
    {
        var all = corpus.All;
        Assert.Equal(RandomCatalog.Size, all.Count);
        // Round trip through the store kept the tricky texts byte for byte.
        Assert.Contains(all, c => c.FromInfo == "MÜLLER");
        Assert.Contains(all, c => c.Labels.Any(l => l.Name == "50% off") && c.Labels.Any(l => l.LegalHold));
        Assert.Contains(all, c => c.Group.Length == 3);
        Assert.Contains(all, c => c.EndCause == "Hangup");
        Assert.Contains(all, c => c.EndCause is { } e && e != "Normal" && e.Equals("Normal", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(all, c => c.SourcePlatform is null);
        Assert.Contains(all, c => c.EndTimeUtc is null);
        Assert.Contains(all, c => c.EndTimeUtc < c.StartTimeUtc && c.Duration == TimeSpan.Zero);
        Assert.Contains(all, c => c.SilenceRatio is null);
        Assert.Contains(all, c => c.EncryptedWithCertificate == "");
        Assert.True(all.GroupBy(c => c.StartTimeUtc).Any(g => g.Count() > 5), "no ties on start time");
        Assert.InRange(all.Min(c => c.StartTimeUtc), RandomCatalog.Now.AddDays(-60), RandomCatalog.Now.AddDays(-50));
        Assert.True(all.Select(c => QueryField.DigitCount(c.From)).Distinct().Count() >= 8, "digit counts do not vary");
    }
}
