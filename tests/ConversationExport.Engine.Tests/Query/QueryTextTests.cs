using ConversationExport.Engine.Query;

namespace ConversationExport.EngineTests.Query;

/// <summary>The friendly text of a query: the seed's read-only Query field.</summary>
public sealed class QueryTextTests
{
    private static string Text(params QueryCriterion[] criteria) => QueryBuilder.Query(criteria).Text;

    private static QueryCriterion C(string field, string op, params object?[] values) => QueryBuilder.Criterion(field, op, values);

    [Fact]
    public void The_SPEC_example_reads_as_written()
    {
        var text = Text(C("Direction", "Equals", "inbound"), C("StartTime", "RecentThan", "7d"), C("Label", "HasAny", "VIP"));

        Assert.Equal("Direction is Inbound AND Start Time within last 7 days AND Label has any of (VIP)", text);
    }

    [Theory]
    [InlineData("From", "Equals", new object[] { "+36*" }, "From is +36*")]
    [InlineData("From", "In", new object[] { "1234", "5678" }, "From is any of (1234, 5678)")]
    [InlineData("FromInfo", "NotEquals", new object[] { "Jane" }, "From Info is not Jane")]
    [InlineData("FromInfo", "NotIn", new object[] { "Jane", "John" }, "From Info is none of (Jane, John)")]
    [InlineData("BothToOrFrom", "Like", new object[] { "+36*" }, "Both To or From is like +36*")]
    [InlineData("BothToOrFromInfo", "Like", new object[] { "J*", "K*" }, "Both To or From Info is like any of (J*, K*)")]
    [InlineData("ToIp", "NotLike", new object[] { "10.*" }, "To IP is not like 10.*")]
    [InlineData("ToIp", "NotLike", new object[] { "10.*", "192.*" }, "To IP is like none of (10.*, 192.*)")]
    [InlineData("SourcePlatform", "In", new object[] { "teams", "CISCO" }, "Source Platform is any of (Teams, Cisco)")]
    [InlineData("EndCause", "NotEquals", new object[] { "normal" }, "End Cause is not Normal")]
    [InlineData("Duration", "GreaterThan", new object[] { "90s" }, "Duration is greater than 1 minute 30 seconds")]
    [InlineData("Duration", "LessOrEqual", new object[] { "PT4.2S" }, "Duration is at most 4.2 seconds")]
    [InlineData("LongestSilence", "GreaterOrEqual", new object[] { "250ms" }, "Longest Silence is at least 0.25 seconds")]
    [InlineData("Duration", "Between", new object[] { "30s", "1.5h" }, "Duration between 30 seconds and 1 hour 30 minutes")]
    [InlineData("SilenceRatio", "LessThan", new object[] { "0.250" }, "Silence Ratio is less than 0.25")]
    [InlineData("TalkoverRatio", "Between", new object[] { 0.1, 0.5 }, "Talkover Ratio between 0.1 and 0.5")]
    [InlineData("FromDigits", "Between", new object[] { "7", "10" }, "From (digits) between 7 and 10")]
    [InlineData("ToDigits", "Equals", new object[] { 4 }, "To (digits) is 4")]
    [InlineData("StartTime", "Between", new object[] { "2026-11-28T10:00:00+01:00", "2026-11-29T00:00:00Z" }, "Start Time from 2026-11-28T09:00:00.000Z to before 2026-11-29T00:00:00.000Z")]
    [InlineData("StartTime", "LessThan", new object[] { "2026-11-28" }, "Start Time is less than 2026-11-28T00:00:00.000Z")]
    [InlineData("StartTime", "OlderThan", new object[] { "36h" }, "Start Time older than 1 day 12 hours")]
    [InlineData("StartTime", "RecentThan", new object[] { "1d" }, "Start Time within last 1 day")]
    [InlineData("Protected", "Equals", new object[] { false }, "Protected is false")]
    [InlineData("HasQmScorecard", "Equals", new object[] { "TRUE" }, "Quality Management Scorecard is true")]
    [InlineData("CdrOnly", "Equals", new object[] { true }, "CDR-only is true")]
    [InlineData("Case", "HasAll", new object[] { "2026-0017", "2026-0018" }, "Case has all of (2026-0017, 2026-0018)")]
    [InlineData("Group", "HasNone", new object[] { "Sales" }, "Group has none of (Sales)")]
    [InlineData("EncryptedWithCertificate", "Equals", new object[] { "CN=X" }, "Encrypted with Certificate is CN=X")]
    public void Each_operator_has_its_own_words(string field, string op, object[] values, string expected) =>
        Assert.Equal(expected, Text(C(field, op, values)));

    [Fact]
    public void Every_field_has_a_display_name_of_its_own()
    {
        Assert.Equal(QueryField.All.Count, QueryField.All.Select(f => f.DisplayName).Distinct().Count());
        Assert.All(QueryField.All, f => Assert.False(string.IsNullOrWhiteSpace(f.DisplayName)));
    }

    [Fact]
    public void Every_field_and_operator_gets_words_rather_than_the_fallback()
    {
        foreach (var field in QueryField.All)
            foreach (var op in field.Operators)
            {
                var value = field.Kind switch
                {
                    FieldKind.Enum => Enum.GetNames(field.EnumType!)[0],
                    FieldKind.Time when op is not (QueryOperator.RecentThan or QueryOperator.OlderThan) => "2026-11-28T00:00:00Z",
                    FieldKind.Time or FieldKind.Duration => "1h",
                    FieldKind.Number or FieldKind.Digits => "3",
                    FieldKind.Boolean => "true",
                    _ => "x",
                };
                var text = Text(C(field.Name, op.ToString(), op == QueryOperator.Between ? [value, value] : [value]));
                Assert.StartsWith(field.DisplayName + " ", text);
                Assert.DoesNotContain(op.ToString(), text.Replace(field.DisplayName, ""));
            }
    }

    [Theory]
    [InlineData(0, "0 seconds")]
    [InlineData(1_000, "1 second")]
    [InlineData(1_500, "1.5 seconds")]
    [InlineData(4_200, "4.2 seconds")]
    [InlineData(60_000, "1 minute")]
    [InlineData(61_000, "1 minute 1 second")]
    [InlineData(3_600_000, "1 hour")]
    [InlineData(7_200_000, "2 hours")]
    [InlineData(86_400_000, "1 day")]
    [InlineData(108_000_000, "1 day 6 hours")]
    [InlineData(604_800_000, "7 days")]
    [InlineData(93_784_005, "1 day 2 hours 3 minutes 4.005 seconds")]
    public void Durations_read_as_words(long milliseconds, string words) =>
        Assert.Equal(words, QueryText.Human(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void Criteria_are_joined_with_AND_in_the_order_given()
    {
        var text = Text(C("Label", "HasAny", "VIP"), C("User", "Equals", "jsmith"));

        Assert.Equal("Label has any of (VIP) AND User is jsmith", text);
    }
}

/// <summary>The one encoding of several values in QueryCriterion.Value: 'a', 'b' with '' for a quote.</summary>
public sealed class QueryValueListTests
{
    [Theory]
    [InlineData(new[] { "abc" }, "abc")]
    [InlineData(new[] { "" }, "")]
    [InlineData(new[] { "O'Brien" }, "O'Brien")]
    [InlineData(new[] { "a, b" }, "a, b")]
    [InlineData(new[] { "'quoted'" }, "'''quoted'''")]
    [InlineData(new[] { "a", "b" }, "'a', 'b'")]
    [InlineData(new[] { "O'Brien", "" }, "'O''Brien', ''")]
    [InlineData(new[] { "a, b", "c" }, "'a, b', 'c'")]
    public void Values_are_written_plain_alone_and_quoted_in_a_list(string[] values, string text)
    {
        Assert.Equal(text, QueryValueList.Format(values));
        Assert.Equal(values, QueryValueList.Parse(text));
    }

    [Theory]
    [InlineData("'a','b'", new[] { "a", "b" })]
    [InlineData("'a' ,  'b'  ", new[] { "a", "b" })]
    [InlineData("''''", new[] { "'" })]
    [InlineData("'', ''", new[] { "", "" })]
    public void Lists_written_by_hand_with_other_spacing_are_read(string text, string[] values) =>
        Assert.Equal(values, QueryValueList.Parse(text));

    [Theory]
    [InlineData("'abc")]
    [InlineData("'a' 'b'")]
    [InlineData("'a',")]
    [InlineData("'a', b")]
    [InlineData("'a'b")]
    [InlineData("'it's'")]
    public void A_malformed_quoted_list_reads_as_null(string text) =>
        Assert.Null(QueryValueList.Parse(text));

    [Fact]
    public void Any_list_of_strings_survives_a_round_trip()
    {
        const string alphabet = "a' ,`\"\\";
        var random = new Random(7);
        for (var i = 0; i < 5_000; i++)
        {
            var values = Enumerable.Range(0, random.Next(1, 5))
                .Select(_ => new string(Enumerable.Range(0, random.Next(0, 6)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()))
                .ToArray();

            var text = QueryValueList.Format(values);

            Assert.True(values.SequenceEqual(QueryValueList.Parse(text) ?? []), $"[{string.Join("|", values)}] wrote {text}");
        }
    }

    [Fact]
    public void A_criterion_Value_carries_its_values()
    {
        var criterion = QueryBuilder.Criterion("FromInfo", "In", ["O'Brien, Pat", "", "'x'"]);

        Assert.Equal("'O''Brien, Pat', '', '''x'''", criterion.Value);
        Assert.Equal(["O'Brien, Pat", "", "'x'"], QueryBuilder.FromParts("FromInfo", "In", [criterion.Value]).GetValues());
    }
}

/// <summary>Text comparison as the catalog does it: ASCII case folding only; * ? wildcards; backtick escape; LIKE's own % _ \ are literal.</summary>
public sealed class TextMatchTests
{
    [Theory]
    [InlineData("Sales", "SALES", true)]
    [InlineData("sales", "SaLeS", true)]
    [InlineData("Müller", "MüLLER", true)]
    [InlineData("Müller", "MÜLLER", false)]
    [InlineData("Sales", "Sales ", false)]
    [InlineData("", "", true)]
    [InlineData("İ", "i", false)]
    public void Equality_folds_ASCII_letters_only(string a, string b, bool equal)
    {
        Assert.Equal(equal, TextMatch.EqualsIgnoreAsciiCase(a, b));
        Assert.Equal(equal, TextMatch.EqualsIgnoreAsciiCase(b, a));
    }

    [Theory]
    [InlineData("Sales", "Sa*", true)]
    [InlineData("SALES", "sa*", true)]
    [InlineData("Sales", "?ales", true)]
    [InlineData("ales", "?ales", false)]
    [InlineData("Sales", "*", true)]
    [InlineData("", "*", true)]
    [InlineData("", "?", false)]
    [InlineData("", "", true)]
    [InlineData("x", "", false)]
    [InlineData("abcabd", "*abd", true)]
    [InlineData("abcab", "a*b*b", true)]
    [InlineData("aXbYc", "a*b*c", true)]
    [InlineData("ab", "a*b*c", false)]
    [InlineData("MÜLLER", "*ü*", false)]
    [InlineData("Müller", "*ü*", true)]
    [InlineData("Müller", "M?LLER", true)]
    public void Star_and_question_mark_are_wildcards(string value, string pattern, bool match) =>
        Assert.Equal(match, TextMatch.Like(value, pattern));

    [Theory]
    [InlineData("50%", "50%", true)]
    [InlineData("50x", "50%", false)]
    [InlineData("50", "50%", false)]
    [InlineData("a_b", "a_b", true)]
    [InlineData("axb", "a_b", false)]
    [InlineData(@"a\b", @"a\b", true)]
    [InlineData("ab", @"a\b", false)]
    [InlineData(@"a\%b", @"a\%b", true)]
    [InlineData("a%b", @"a\%b", false)]
    public void SQL_LIKE_metacharacters_are_literal(string value, string pattern, bool match) =>
        Assert.Equal(match, TextMatch.Like(value, pattern));

    [Theory]
    [InlineData("50*", "50`*", true)]
    [InlineData("500", "50`*", false)]
    [InlineData("50", "50`*", false)]
    [InlineData("a?b", "a`?b", true)]
    [InlineData("axb", "a`?b", false)]
    [InlineData("a`b", "a``b", true)]
    [InlineData("a``b", "a``b", false)]
    [InlineData("a`", "a`", true)]
    [InlineData("tick`mark", "tick`mark", false)]
    [InlineData("tickmark", "tick`mark", true)]
    [InlineData("x*y", "*`**", true)]
    [InlineData("xy", "*`**", false)]
    public void A_backtick_makes_the_next_character_literal(string value, string pattern, bool match) =>
        Assert.Equal(match, TextMatch.Like(value, pattern));

    [Theory]
    [InlineData("Sa*", true)]
    [InlineData("?ales", true)]
    [InlineData("50`*", false)]
    [InlineData("a`?b", false)]
    [InlineData("50%", false)]
    [InlineData("a_b", false)]
    [InlineData("``*", true)]
    public void HasWildcard_sees_only_unescaped_star_and_question_mark(string pattern, bool wildcard) =>
        Assert.Equal(wildcard, TextMatch.HasWildcard(pattern));

    [Theory]
    [InlineData("Sa*", "Sa%")]
    [InlineData("?ales", "_ales")]
    [InlineData("50%", @"50\%")]
    [InlineData("a_b", @"a\_b")]
    [InlineData(@"a\b", @"a\\b")]
    [InlineData("50`*", "50*")]
    [InlineData("a`?", "a?")]
    [InlineData("'; DROP", "'; DROP")]
    public void The_catalog_translates_the_same_tokens_to_LIKE(string pattern, string like) =>
        Assert.Equal(like, ConversationExport.Engine.Catalog.QuerySql.LikePattern(pattern));

    [Fact]
    public void Long_patterns_with_many_stars_match_in_reasonable_time()
    {
        var value = new string('a', 20_000);
        var pattern = string.Concat(Enumerable.Repeat("*a", 50)) + "*b";

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(TextMatch.Like(value, pattern));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }
}
