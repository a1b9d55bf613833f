using System.Data.Common;
using ConversationExport.Engine.Catalog;
using ConversationExport.EngineTests.Support;
using Npgsql;

namespace ConversationExport.EngineTests.Catalog;

/// <summary>
/// Alone: the duels hold transactions open for seconds, and an open transaction anywhere on the server holds
/// back the change sequence bound of incremental runs that other classes test meanwhile on the same server.
/// </summary>
[CollectionDefinition(nameof(CatalogConflictTests), DisableParallelization = true)]
public sealed class CatalogConflictCollection;

/// <summary>
/// A catalog write unit that the server rolls back to break a deadlock is redone from its start, and counts
/// once; one that keeps colliding ends with CatalogConflict and leaves nothing behind. The deadlocks are real:
/// another session locks two rows in the opposite order to the unit, step by step with it.
/// </summary>
[Trait("Catalog", "PostgreSqlOnly")]
[Collection(nameof(CatalogConflictTests))]
public sealed class CatalogConflictTests : IDisposable
{
    private const string Action = "ProbeDeadlock";
    private readonly TempFolder _temp = new();
    private readonly ConversationCatalog? _catalog;

    public CatalogConflictTests()
    {
        if (TestCatalog.Provider != CatalogProvider.PostgreSql) return;
        _catalog = TestCatalog.Create(_temp);
        using var admin = TestPostgres.Open(_catalog.Info);
        Execute(admin, null, "CREATE TABLE deadlock_probe (id INT PRIMARY KEY, touched INT NOT NULL); INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)");
    }

    public void Dispose() => _temp.Dispose();

    private ConversationCatalog Catalog => _catalog!;

    [PostgreSqlFact]
    public void A_unit_chosen_as_a_deadlock_victim_is_redone_and_its_effect_counts_once()
    {
        using var duel = new Duel(Catalog.Info, rounds: 1);

        var attempts = 0;
        var result = Catalog.AuditedWrite(Callers.Alice, Action, "probe", null, (connection, transaction) =>
        {
            attempts++;
            duel.UnitStep(connection, transaction, collide: attempts == 1);
            return attempts;
        });
        duel.Finish();

        Assert.Equal(2, attempts);
        Assert.Equal(2, result);
        // Each row: the unit's +10 once (its first attempt was rolled back whole), the other session's +1 once.
        Assert.Equal([11, 11], Touched());
        Assert.Equal([("Succeeded", 1)], AuditRows());
    }

    [PostgreSqlFact]
    public void A_unit_that_keeps_colliding_ends_with_CatalogConflict_after_its_bounded_attempts_and_leaves_nothing()
    {
        using var duel = new Duel(Catalog.Info, rounds: ConversationCatalog.ConflictAttempts);

        var attempts = 0;
        var error = Assert.Throws<ConversationExportException>(() => Catalog.AuditedWrite(Callers.Alice, Action, "probe", null, (connection, transaction) =>
        {
            attempts++;
            duel.UnitStep(connection, transaction, collide: true);
            return 0;
        }));
        duel.Finish();

        Assert.Equal(ConversationCatalog.ConflictAttempts, attempts);
        Assert.Equal(ErrorId.CatalogConflict, error.Id);
        Assert.Equal(ErrorKind.ResourceBusy, error.Kind);
        Assert.Contains($"gave up on {Action} 'probe'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{ConversationCatalog.ConflictAttempts} times", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot be reached", error.Message, StringComparison.Ordinal);
        Assert.Equal("40P01", Assert.IsType<PostgresException>(error.InnerException).SqlState);
        // Only the other session's changes; no Succeeded audit row, and the failure recorded once, naming its id.
        Assert.Equal([ConversationCatalog.ConflictAttempts, ConversationCatalog.ConflictAttempts], Touched());
        Assert.Equal([("Failed", 1)], AuditRows());
        Assert.Contains("CatalogConflict", Scalar<string>($"SELECT detail FROM audit_log WHERE action = '{Action}'"), StringComparison.Ordinal);
    }

    [PostgreSqlFact]
    public void Deadlocks_and_serialization_failures_are_conflicts_and_work_outside_a_unit_reports_them_as_such()
    {
        Assert.True(PostgreSqlDialect.Instance.IsConflict(Raise("40P01")));
        Assert.True(PostgreSqlDialect.Instance.IsConflict(Raise("40001")));
        Assert.False(PostgreSqlDialect.Instance.IsConflict(Raise("23505"))); // unique violation: not worth a redo
        Assert.False(PostgreSqlDialect.Instance.IsConflict(Raise("57P01"))); // admin shutdown: transient, but not a conflict

        // Guarded work that is not a unit is not redone, and a conflict there is not "cannot be reached".
        var attempts = 0;
        Func<int> work = () =>
        {
            attempts++;
            throw Raise("40001");
        };
        var error = Assert.Throws<ConversationExportException>(() => Catalog.Guard(work));
        Assert.Equal(1, attempts);
        Assert.Equal(ErrorId.CatalogConflict, error.Id);
        Assert.Equal(ErrorKind.ResourceBusy, error.Kind);
    }

    /// <summary>A real server error with <paramref name="sqlState"/>, raised by PostgreSQL.</summary>
    private PostgresException Raise(string sqlState)
    {
        using var connection = TestPostgres.Open(Catalog.Info);
        return Assert.Throws<PostgresException>(() => Execute(connection, null, $"DO $$ BEGIN RAISE EXCEPTION 'probe' USING ERRCODE = '{sqlState}'; END $$"));
    }

    private List<int> Touched()
    {
        using var connection = TestPostgres.Open(Catalog.Info);
        using var command = new NpgsqlCommand("SELECT touched FROM deadlock_probe ORDER BY id", connection);
        using var reader = command.ExecuteReader();
        var values = new List<int>();
        while (reader.Read()) values.Add(reader.GetInt32(0));
        return values;
    }

    private List<(string Outcome, long Count)> AuditRows()
    {
        using var connection = TestPostgres.Open(Catalog.Info);
        using var command = new NpgsqlCommand($"SELECT outcome, COUNT(*) FROM audit_log WHERE action = '{Action}' GROUP BY outcome ORDER BY outcome", connection);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, long)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetInt64(1)));
        return rows;
    }

    private T Scalar<T>(string sql)
    {
        using var connection = TestPostgres.Open(Catalog.Info);
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }

    private static void Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Another session that, in each of its rounds, locks row 2 then row 1 while the unit locks row 1 then row 2.
    /// The steps are ordered by barriers, not by time: the other session blocks on row 1 first, and only then does
    /// the unit ask for row 2. The unit, waiting last, is the one whose deadlock check finds the cycle (the other
    /// session's check is a minute away), so PostgreSQL rolls the unit back and the other session goes on.
    /// </summary>
    private sealed class Duel : IDisposable
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
        private readonly SemaphoreSlim _otherHoldsRow2 = new(0);
        private readonly SemaphoreSlim _unitHoldsRow1 = new(0);
        private readonly NpgsqlConnection _observer;
        private readonly Task _other;
        private int _otherPid;

        public Duel(CatalogInfo catalog, int rounds)
        {
            _observer = TestPostgres.Open(catalog);
            using var ready = new ManualResetEventSlim();
            _other = Task.Factory.StartNew(() =>
            {
                using var connection = TestPostgres.Open(catalog);
                Execute(connection, null, "SET deadlock_timeout = '60s'");
                _otherPid = connection.ProcessID;
                ready.Set();
                for (var round = 0; round < rounds; round++)
                {
                    using var transaction = connection.BeginTransaction();
                    Execute(connection, transaction, "UPDATE deadlock_probe SET touched = touched + 1 WHERE id = 2");
                    _otherHoldsRow2.Release();
                    if (!_unitHoldsRow1.Wait(Patience)) throw new TimeoutException("the unit never locked row 1");
                    Execute(connection, transaction, "UPDATE deadlock_probe SET touched = touched + 1 WHERE id = 1"); // waits until the unit is rolled back
                    transaction.Commit();
                }
            }, TaskCreationOptions.LongRunning);
            if (!ready.Wait(Patience)) _other.GetAwaiter().GetResult(); // its error, if it failed to start
        }

        /// <summary>The unit's writes: row 1, then row 2 — colliding with the other session's round when asked to.</summary>
        public void UnitStep(DbConnection connection, DbTransaction transaction, bool collide)
        {
            Execute(connection, transaction, "UPDATE deadlock_probe SET touched = touched + 10 WHERE id = 1");
            if (collide)
            {
                _unitHoldsRow1.Release();
                Assert.True(_otherHoldsRow2.Wait(Patience), "the other session never locked row 2");
                WaitUntilOtherWaitsForALock();
            }
            Execute(connection, transaction, "UPDATE deadlock_probe SET touched = touched + 10 WHERE id = 2");
        }

        /// <summary>The other session has played every round without an error.</summary>
        public void Finish() => Assert.True(_other.Wait(Patience), "the other session did not finish its rounds");

        private void WaitUntilOtherWaitsForALock()
        {
            using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = @pid AND wait_event_type = 'Lock'", _observer);
            command.Parameters.AddWithValue("pid", _otherPid);
            var deadline = DateTime.UtcNow + Patience;
            while (Convert.ToInt64(command.ExecuteScalar()) == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the other session never waited for row 1");
                Thread.Sleep(10);
            }
        }

        public void Dispose()
        {
            _observer.Dispose();
            _otherHoldsRow2.Dispose();
            _unitHoldsRow1.Dispose();
        }
    }
}
