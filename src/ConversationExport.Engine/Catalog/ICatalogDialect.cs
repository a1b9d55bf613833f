using System.Data.Common;

namespace ConversationExport.Engine.Catalog;

/// <summary>Everything that differs between catalog providers; the rest of the catalog speaks plain parameterized SQL.</summary>
public interface ICatalogDialect
{
    CatalogProvider Provider { get; }

    /// <summary>Opens a connection ready for use (per-connection settings applied), logging in with <paramref name="credential"/> when given.</summary>
    DbConnection Open(string connectionString, System.Net.NetworkCredential? credential);

    /// <summary>Whether a failure to open a connection may go away by itself (a server restarting, a dropped connection): worth a retry.</summary>
    bool IsTransient(Exception error);

    /// <summary>
    /// Whether a statement failed because its transaction collided with another one (a deadlock it was chosen
    /// to break, a serialization failure): the server rolled it back, and the same work redone from its start
    /// may well succeed. SQLite has none: one writer at a time, and waiting is its busy timeout's job.
    /// </summary>
    bool IsConflict(DbException error);

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

    /// <summary>
    /// Whether the database stamps every insert and update of a conversation with its change sequence itself
    /// (SQL Server's rowversion): the catalog then takes none and writes none, and reads the stamp back.
    /// </summary>
    bool StampsChangesItself { get; }

    /// <summary>Takes the next change sequence value inside <paramref name="transaction"/> (SPEC §2.4); not called when <see cref="StampsChangesItself"/>.</summary>
    long NextChangeSequence(DbConnection connection, DbTransaction transaction);

    /// <summary>Case-insensitive (ASCII) equality of a text column and a parameter.</summary>
    string TextEquals(string column, string parameter);

    /// <summary>Case-insensitive (ASCII) LIKE; <paramref name="escaped"/>: the pattern uses backslash as its escape character.</summary>
    string TextLike(string column, string parameter, bool escaped);

    string BooleanLiteral(bool value);

    /// <summary>SQL reading the database login of the connection (mapped to a catalog user by catalog_login), or null for a file catalog, which has none.</summary>
    string? CurrentLoginSql { get; }

    /// <summary>Characters that are wildcards in this provider's LIKE besides % and _ (escaped with a backslash in patterns).</summary>
    string LikeSpecialCharacters { get; }

    /// <summary>An INSERT of one row that yields the new row's id as its scalar result.</summary>
    string InsertReturningId(string table, string columns, string values);

    /// <summary>
    /// An INSERT of one row that inserts nothing (and affects no row) when a row with the same
    /// <paramref name="key"/> (column = value pairs of a unique index) already exists.
    /// </summary>
    string InsertUnlessExists(string table, string columns, string values, IReadOnlyList<(string Column, string Value)> key);

    /// <summary>Rows <paramref name="skip"/>.. of an ordered SELECT, at most <paramref name="first"/> of them (null: all).</summary>
    string Page(string orderedSelect, long? first, long skip = 0);

    /// <summary>
    /// The first <paramref name="first"/> rows of a SELECT, locked for update until the transaction ends,
    /// skipping rows another transaction has locked (PostgreSQL FOR UPDATE SKIP LOCKED, SQL Server
    /// UPDLOCK, READPAST): how export servers lease batches of one run without waiting for each other.
    /// </summary>
    string LockingPage(string columns, string table, string where, string orderBy, long first);

    /// <summary>Text concatenation of SQL expressions (none of them NULL).</summary>
    string Concat(params string[] parts);

    /// <summary>
    /// Begins a transaction that holds the catalog's write lock until it ends: decisions read inside it
    /// (is a run of this task alive? is this base name free? who owns this run?) still hold when it commits.
    /// </summary>
    DbTransaction BeginWrite(DbConnection connection);

    /// <summary>The first problems a quick structural check of the database finds; empty when it is sound.</summary>
    IReadOnlyList<string> CheckIntegrity(DbConnection connection);

    /// <summary>The error for a damaged catalog: what was <paramref name="found"/>, and how to recover with this provider's tools.</summary>
    ConversationExportException CorruptCatalog(CatalogInfo catalog, string found, Exception? inner = null);

    /// <summary>Turns a provider exception into a clear catalog error, or returns null when it is not one the dialect knows.</summary>
    ConversationExportException? Explain(Exception error, CatalogInfo catalog);
}
