using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Import;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Catalog;

/// <summary>Writing conversation records and reading them back unchanged.</summary>
[Trait("Catalog", "AnyProvider")]
public sealed class ConversationStoreTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly ConversationCatalog _catalog;

    public ConversationStoreTests() =>
        _catalog = TestCatalog.Create(_temp);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_spec_example_reads_back_from_the_catalog_equal_to_what_was_written()
    {
        var recordings = new RecordingTree(_temp.Combine("recordings"));
        var written = SidecarReader.Read(Import.SidecarReaderTests.WriteSpecExample(recordings), recordings.Root).Conversation!;

        Assert.Equal([UpsertOutcome.Inserted], Store.Upsert(_catalog, written));

        var read = Assert.Single(Store.All(_catalog));
        Assert.True(written.Id > 0);
        Assert.True(written.ChangeSequence > 0);
        Assert.Equivalent(written, read, strict: true);
    }

    [Fact]
    public void A_record_with_every_flag_set_and_nothing_optional_reads_back_equal()
    {
        var written = new Conversation
        {
            ConversationId = "flags",
            StartTimeUtc = new DateTime(2026, 11, 28, 23, 59, 59, 999, DateTimeKind.Utc),
            Direction = Direction.Outbound,
            ConversationType = ConversationType.InstantMessage,
            Dataset = Dataset.Archived,
            Protected = true,
            HasQmScorecard = true,
            Imported = true,
            CdrOnly = true,
            SilenceRatio = 0,
            LongestSilence = TimeSpan.Zero,
            Labels = [new ConversationLabel("Hold", legalHold: true)],
        };

        Store.Upsert(_catalog, written);

        Assert.Equivalent(written, Assert.Single(Store.All(_catalog)), strict: true);
    }

    [Fact]
    public void An_update_replaces_the_child_rows_instead_of_adding_to_them()
    {
        var first = Store.Call("changing", group: "Sales");
        first.Labels = [new ConversationLabel("VIP")];
        first.Cases = ["2026-0001"];
        Store.Upsert(_catalog, first);

        var second = Store.Call("changing", group: "Support");
        second.Cases = ["2026-0002"];
        Assert.Equal([UpsertOutcome.Updated], Store.Upsert(_catalog, second));

        var read = Assert.Single(Store.All(_catalog));
        Assert.Equal(["Support"], read.Group);
        Assert.Empty(read.Labels);
        Assert.Equal(["2026-0002"], read.Cases);
        Assert.Equal(first.Id, read.Id);
    }

    [Fact]
    public void Classify_tells_what_an_upsert_would_do_without_doing_it()
    {
        var stored = Store.Call("stored");
        Store.Upsert(_catalog, stored);
        var changed = Store.Call("stored", group: "Support");
        var store = new ConversationStore(_catalog, AccessScope.Everything);

        using var connection = _catalog.OpenConnection();
        Assert.Equal(UpsertOutcome.Inserted, store.Classify(connection, Store.Call("new")));
        Assert.Equal(UpsertOutcome.Unchanged, store.Classify(connection, Store.Call("stored")));
        Assert.Equal(UpsertOutcome.Updated, store.Classify(connection, changed));
        Assert.Equal(["Sales"], Assert.Single(Store.All(_catalog)).Group);
    }
}
