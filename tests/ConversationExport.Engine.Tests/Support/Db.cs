using Microsoft.Data.Sqlite;

namespace ConversationExport.EngineTests.Support;

/// <summary>Looks at a catalog file with plain SQL, behind the engine's back, to check what it really wrote.</summary>
internal static class Db
{
    public static SqliteConnection Open(string path, bool create = false)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    public static long Scalar(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    public static void Execute(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Every row of <paramref name="sql"/>, each as its column values.</summary>
    public static List<object?[]> Rows(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// Overwrites one page (1-based) of a closed catalog with garbage, as a failing disk or a torn
    /// copy would. The catalog runs in WAL mode, so the log is checkpointed into the file first:
    /// otherwise the damage could land on a page the log still overrides.
    /// </summary>
    public static void CorruptPage(string path, long page)
    {
        Execute(path, "PRAGMA wal_checkpoint(TRUNCATE)");
        var pageSize = Scalar(path, "PRAGMA page_size");
        if (File.Exists(path + "-wal") && new FileInfo(path + "-wal").Length > 0) throw new InvalidOperationException("The WAL still holds pages.");
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.Position = (page - 1) * pageSize;
        file.Write(Enumerable.Range(0, (int)pageSize).Select(i => (byte)(i * 37 + 11)).ToArray());
    }

    public static bool TableExists(string path, string table) =>
        Scalar(path, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'") == 1;
}
