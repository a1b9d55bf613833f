using ConversationExport.Engine.Catalog;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Catalog;

/// <summary>The values argument completion offers: distinct, by prefix, bounded.</summary>
public sealed class CatalogValuesTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly ConversationCatalog _catalog;

    public CatalogValuesTests()
    {
        _catalog = ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(_temp.Combine("catalog.db")), Callers.Alice);
        var calls = Enumerable.Range(0, 30).Select(i =>
        {
            var c = Store.Call($"call-{i}", group: i % 2 == 0 ? "Sales" : "Support");
            c.User = $"user{i % 3}";
            c.RecordingServer = i < 10 ? null : "rec01.example.local";
            c.Labels = [new ConversationLabel("VIP"), new ConversationLabel($"Label{i:00}")];
            c.Cases = i == 0 ? ["50%_off", "50 percent"] : [];
            return c;
        }).ToArray();
        Store.Upsert(_catalog, calls);
    }

    public void Dispose() => _temp.Dispose();

    private IReadOnlyList<string> Values(CompletableField field, string prefix = "", int limit = 100) =>
        new CatalogValues(_catalog).Distinct(field, prefix, limit);

    [Fact]
    public void Each_value_comes_once_in_order()
    {
        Assert.Equal(["Sales", "Support"], Values(CompletableField.Group));
        Assert.Equal(["user0", "user1", "user2"], Values(CompletableField.User));
        Assert.Equal(["rec01.example.local"], Values(CompletableField.RecordingServer));
    }

    [Fact]
    public void A_prefix_matches_without_regard_to_case()
    {
        Assert.Equal(["Sales", "Support"], Values(CompletableField.Group, "s"));
        Assert.Equal(["Support"], Values(CompletableField.Group, "SU"));
        Assert.Empty(Values(CompletableField.Group, "x"));
    }

    [Fact]
    public void The_limit_bounds_the_answer()
    {
        var labels = Values(CompletableField.Label, "Label", limit: 5);
        Assert.Equal(["Label00", "Label01", "Label02", "Label03", "Label04"], labels);
        Assert.Equal(31, Values(CompletableField.Label, limit: 1000).Count);
    }

    [Fact]
    public void Percent_and_underscore_in_a_prefix_are_literal()
    {
        Assert.Equal(["50%_off"], Values(CompletableField.Case, "50%"));
        Assert.Equal(["50%_off"], Values(CompletableField.Case, "50%_"));
        Assert.Empty(Values(CompletableField.Case, "5_"));
    }

    [Fact]
    public void A_limit_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Values(CompletableField.Group, limit: 0));
    }
}
