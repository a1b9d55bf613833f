using ConversationExport.Engine.Catalog;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Catalog;

/// <summary>A damaged catalog file is refused when it is opened, before anything is written to it.</summary>
public sealed class CatalogIntegrityTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private string CatalogPath => _temp.Combine("catalog.db");

    public void Dispose() => _temp.Dispose();

    private ConversationCatalog Open() => ConversationCatalog.Open(ConversationCatalog.ForSqliteFile(CatalogPath));

    private ConversationCatalog Run(string operation) => operation switch
    {
        nameof(Open) => Open(),
        "Initialize" => ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(CatalogPath), Callers.Alice),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    public static TheoryData<string> OpenAndInitialize => [nameof(Open), "Initialize"];

    /// <summary>A catalog with enough conversations that their table spans several pages; returns the page its table starts on.</summary>
    private long CatalogWithConversations()
    {
        var catalog = ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(CatalogPath), Callers.Alice);
        Store.Upsert(catalog, Enumerable.Range(1, 300).Select(i => Store.Call($"call-{i:000}")).ToArray());
        var root = Db.Scalar(CatalogPath, "SELECT rootpage FROM sqlite_master WHERE name = 'conversation'");
        Assert.True(root >= 3 && root < Db.Scalar(CatalogPath, "PRAGMA page_count"), "the damage must land in the middle of the file");
        return root;
    }

    private static void AssertCorrupt(ConversationExportException error, string path)
    {
        Assert.Equal(ErrorId.CatalogCorrupt, error.Id);
        Assert.Equal(ErrorKind.InvalidData, error.Kind);
        Assert.Contains(path, error.Message);
        Assert.Contains("backup", error.Message);
        Assert.Contains(".recover", error.Message);
    }

    [Fact]
    public void A_sound_catalog_passes_the_check()
    {
        CatalogWithConversations();

        Assert.Equal(300, Open().Info.Conversations);
        using var connection = Db.Open(CatalogPath);
        Assert.Empty(SqliteDialect.Instance.CheckIntegrity(connection));
    }

    [Theory]
    [MemberData(nameof(OpenAndInitialize))]
    public void A_catalog_with_a_corrupt_page_is_refused_naming_the_problems_and_left_byte_for_byte(string operation)
    {
        var page = CatalogWithConversations();
        Db.CorruptPage(CatalogPath, page);
        var bytes = File.ReadAllBytes(CatalogPath);

        var error = Assert.Throws<ConversationExportException>(() => Run(operation));

        AssertCorrupt(error, CatalogPath);
        Assert.Contains($"page {page}:", error.Message, StringComparison.OrdinalIgnoreCase); // the first problem quick_check reported
        Assert.Contains("left unchanged", error.Message);
        Assert.Equal(bytes, File.ReadAllBytes(CatalogPath));
    }

    [Fact]
    public void The_dialect_reports_the_problems_it_finds()
    {
        var page = CatalogWithConversations();
        Db.CorruptPage(CatalogPath, page);

        using var connection = Db.Open(CatalogPath);
        var problems = SqliteDialect.Instance.CheckIntegrity(connection);

        Assert.NotEmpty(problems);
        Assert.Contains(problems, p => p.Contains($"page {page}:", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(problems, p => p.StartsWith("***") || p == "ok");
    }

    [Fact]
    public void A_read_that_meets_a_page_damaged_after_opening_fails_with_CatalogCorrupt()
    {
        var page = CatalogWithConversations();
        var catalog = Open();
        Db.CorruptPage(CatalogPath, page);

        var error = Assert.Throws<ConversationExportException>(() => Store.All(catalog));

        AssertCorrupt(error, CatalogPath);
    }

    [Theory]
    [MemberData(nameof(OpenAndInitialize))]
    public void A_catalog_whose_header_is_damaged_is_refused_as_corrupt_not_as_a_foreign_file(string operation)
    {
        CatalogWithConversations();
        using (var file = new FileStream(CatalogPath, FileMode.Open, FileAccess.Write))
        {
            file.Position = 16; // past the "SQLite format 3" magic: page size, versions, reserved space
            file.Write([0x12, 0x34, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99]);
        }
        var bytes = File.ReadAllBytes(CatalogPath);

        var error = Assert.Throws<ConversationExportException>(() => Run(operation));

        AssertCorrupt(error, CatalogPath);
        Assert.Contains("header is damaged", error.Message);
        Assert.Contains("left unchanged", error.Message);
        Assert.Equal(bytes, File.ReadAllBytes(CatalogPath));
    }
}
