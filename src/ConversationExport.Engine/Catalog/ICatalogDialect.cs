using System.Data.Common;

namespace ConversationExport.Engine.Catalog;

/// <summary>Everything that differs between catalog providers; the rest of the catalog speaks plain parameterized SQL.</summary>
public interface ICatalogDialect
{
    CatalogProvider Provider { get; }

    /// <summary>Opens a connection ready for use (per-connection settings applied).</summary>
    DbConnection Open(string connectionString);

    /// <summary>Database-wide settings applied whenever a catalog is initialized or opened for writing.</summary>
    void PrepareDatabase(DbConnection connection);

    /// <summary>Schema scripts, index i brings the schema from version i to i + 1.</summary>
    IReadOnlyList<string> Migrations { get; }

    /// <summary>SQL that answers whether the catalog's schema_version table exists (one row, non-zero) or not.</summary>
    string SchemaVersionTableExistsSql { get; }

    /// <summary>SQL counting the user tables of the database, to refuse initializing over somebody else's data.</summary>
    string UserTableCountSql { get; }

    /// <summary>
    /// SQL reading the highest change sequence below which every change is committed and visible (SPEC §2.4):
    /// an incremental run takes what changed after its task's watermark up to this bound, and nothing a
    /// writer still holds can later appear below it.
    /// </summary>
    string ChangeSequenceBoundSql { get; }

    /// <summary>Takes the next change sequence value inside <paramref name="transaction"/> (SPEC §2.4).</summary>
    long NextChangeSequence(DbConnection connection, DbTransaction transaction);

    /// <summary>Case-insensitive (ASCII) equality of a text column and a parameter.</summary>
    string TextEquals(string column, string parameter);

    /// <summary>Case-insensitive (ASCII) LIKE; <paramref name="escaped"/>: the pattern uses backslash as its escape character.</summary>
    string TextLike(string column, string parameter, bool escaped);

    string BooleanLiteral(bool value);

    /// <summary>The first problems a quick structural check of the database finds; empty when it is sound.</summary>
    IReadOnlyList<string> CheckIntegrity(DbConnection connection);

    /// <summary>The error for a damaged catalog: what was <paramref name="found"/>, and how to recover with this provider's tools.</summary>
    ConversationExportException CorruptCatalog(CatalogInfo catalog, string found, Exception? inner = null);

    /// <summary>Turns a provider exception into a clear catalog error, or returns null when it is not one the dialect knows.</summary>
    ConversationExportException? Explain(Exception error, CatalogInfo catalog);
}
