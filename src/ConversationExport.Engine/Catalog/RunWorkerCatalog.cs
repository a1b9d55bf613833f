using System.Data.Common;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Security;
using static ConversationExport.Engine.Catalog.DbExtensions;

namespace ConversationExport.Engine.Catalog;

/// <summary>One export server's part in a shared run (SPEC §9).</summary>
public sealed record RunWorker(string Server, string Machine, int ProcessId, string State, DateTime HeartbeatUtc, int NextPart, bool Live);

/// <summary>What a server that found nothing more to lease does next.</summary>
public enum WorkerNext { LeaseAgain, Leave, WriteCdrAndManifest }

/// <summary>
/// The servers of a run shared by several export servers (SPEC §9), and the leases on its items. Each
/// server registers as a worker, leases batches of pending items (skipping rows another server is
/// leasing at that instant), renews its leases with its heartbeat, and commits only items still leased
/// to it. A server whose heartbeat stops (or whose process is gone, on this machine) is reaped by the
/// others: its leased items and the items of its undelivered part go back to pending, for another
/// server to redo. The last server to finish writes the run's CDR and manifest.
/// </summary>
public sealed class RunWorkerCatalog
{
    /// <summary>A lease lasts as long as a heartbeat keeps a run alive; the heartbeat renews it every few seconds.</summary>
    public static TimeSpan LeaseTime => RunCatalog.StaleAfter;

    private readonly ConversationCatalog _catalog;

    public RunWorkerCatalog(ConversationCatalog catalog) => _catalog = catalog;

    /// <summary>This export server's name: CONVERSATIONEXPORT_SERVER_NAME, or the machine name.</summary>
    public static string ThisServer => Environment.GetEnvironmentVariable("CONVERSATIONEXPORT_SERVER_NAME") is { Length: > 0 } name ? name : Environment.MachineName;

    /// <summary>Whether a task is shared by several export servers: it names more than one.</summary>
    public static bool IsShared(ExportSettings settings) => settings.Server.Length > 1;

    /// <summary>The task's shared run still to finish (live, possibly still taking its snapshot, or left behind by servers that died), if any.</summary>
    internal static (long RunId, string BaseName)? OpenSharedRun(DbConnection connection, DbTransaction transaction, long taskId)
    {
        using var command = Command(connection, transaction,
            "SELECT id, base_name FROM export_run WHERE task_id = @task AND state IN ('Queued', 'Running', 'Interrupted') AND EXISTS (SELECT 1 FROM run_worker w WHERE w.run_id = export_run.id) ORDER BY id DESC");
        command.AddParameter("@task", taskId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetLong(0), reader.GetString(1)) : null;
    }

    /// <summary>Registers <paramref name="server"/> as working on the run (again, keeping its part numbering); refused while it already works on it.</summary>
    internal static void Join(DbConnection connection, DbTransaction transaction, long runId, string server, string taskName)
    {
        var existing = Workers(connection, transaction, runId).FirstOrDefault(w => string.Equals(w.Server, server, StringComparison.OrdinalIgnoreCase));
        if (existing is { State: "Working", Live: true })
            throw new ConversationExportException(ErrorId.RunAlreadyActive, ErrorKind.ResourceUnavailable,
                $"Server {server} is already working on run {runId} of '{taskName}' (process {existing.ProcessId} on {existing.Machine}); a server runs a task once at a time.", taskName);
        var now = DateTime.UtcNow.ToUnixMilliseconds();
        using var command = Command(connection, transaction, existing is null
            ? "INSERT INTO run_worker (run_id, server, machine, process_id, state, heartbeat_utc, started_utc, next_part) VALUES (@run, @server, @machine, @pid, 'Working', @now, @now, 1)"
            : "UPDATE run_worker SET machine = @machine, process_id = @pid, state = 'Working', heartbeat_utc = @now, started_utc = @now WHERE run_id = @run AND server = @server");
        command.AddParameter("@run", runId);
        command.AddParameter("@server", existing?.Server ?? server);
        command.AddParameter("@machine", Environment.MachineName);
        command.AddParameter("@pid", Environment.ProcessId);
        command.AddParameter("@now", now);
        command.ExecuteNonQuery();
        // A run left behind by servers that all died is running again now.
        using var revive = Command(connection, transaction, "UPDATE export_run SET state = 'Running', heartbeat_utc = @now WHERE id = @run AND state = 'Interrupted'");
        revive.AddParameter("@run", runId);
        revive.AddParameter("@now", now);
        revive.ExecuteNonQuery();
    }

    internal static List<RunWorker> Workers(DbConnection connection, DbTransaction? transaction, long runId)
    {
        using var command = Command(connection, transaction, "SELECT server, machine, process_id, state, heartbeat_utc, next_part FROM run_worker WHERE run_id = @run ORDER BY started_utc, server");
        command.AddParameter("@run", runId);
        using var reader = command.ExecuteReader();
        var workers = new List<RunWorker>();
        while (reader.Read())
        {
            var heartbeat = FromUnixMilliseconds(reader.GetLong(4));
            var machine = reader.GetString(1);
            var pid = (int)reader.GetLong(2);
            var state = reader.GetString(3);
            workers.Add(new RunWorker(reader.GetString(0), machine, pid, state, heartbeat, (int)reader.GetLong(5),
                state == "Working" && RunCatalog.IsLive(heartbeat, machine, pid)));
        }
        return workers;
    }

    /// <summary>The workers of a run, as Get-ExportStatus shows them.</summary>
    public IReadOnlyList<RunWorker> Workers(long runId) => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        return Workers(connection, null, runId);
    });

    internal static bool IsWorking(DbConnection connection, DbTransaction transaction, long runId, string server)
    {
        using var command = Command(connection, transaction,
            "SELECT COUNT(*) FROM run_worker WHERE run_id = @run AND server = @server AND state = 'Working' AND machine = @machine AND process_id = @pid");
        command.AddParameter("@run", runId);
        command.AddParameter("@server", server);
        command.AddParameter("@machine", Environment.MachineName);
        command.AddParameter("@pid", Environment.ProcessId);
        return Convert.ToInt64(command.ExecuteScalar()) == 1;
    }

    internal static void EnsureWorking(DbConnection connection, DbTransaction transaction, long runId, string server)
    {
        if (!IsWorking(connection, transaction, runId, server))
            throw new ConversationExportException(ErrorId.RunAlreadyActive, ErrorKind.ResourceUnavailable,
                $"Server {server} is no longer working on run {runId}: it looked dead to the other servers, which took its items over. It stopped without recording anything more.", runId);
    }

    internal static void SetNextPart(DbConnection connection, DbTransaction transaction, long runId, string server, int nextPart)
    {
        using var command = Command(connection, transaction, "UPDATE run_worker SET next_part = @part WHERE run_id = @run AND server = @server");
        command.AddParameter("@part", nextPart);
        command.AddParameter("@run", runId);
        command.AddParameter("@server", server);
        command.ExecuteNonQuery();
    }

    /// <summary>Ends a server's work on the run; its items not yet delivered go back to pending for the others.</summary>
    internal static void Leave(DbConnection connection, DbTransaction transaction, long runId, string server, string state)
    {
        Release(connection, transaction, runId, server);
        using var command = Command(connection, transaction, "UPDATE run_worker SET state = @state WHERE run_id = @run AND server = @server");
        command.AddParameter("@state", state);
        command.AddParameter("@run", runId);
        command.AddParameter("@server", server);
        command.ExecuteNonQuery();
    }

    private static void Release(DbConnection connection, DbTransaction transaction, long runId, string server)
    {
        using var written = Command(connection, transaction,
            "UPDATE run_item SET state = 'Pending', files = NULL, bytes = 0, container = NULL, problem_file = NULL, worker = NULL, lease_until = NULL WHERE run_id = @run AND worker = @server AND state = 'Written'");
        written.AddParameter("@run", runId);
        written.AddParameter("@server", server);
        written.ExecuteNonQuery();
        using var leased = Command(connection, transaction, "UPDATE run_item SET worker = NULL, lease_until = NULL WHERE run_id = @run AND worker = @server AND state = 'Pending'");
        leased.AddParameter("@run", runId);
        leased.AddParameter("@server", server);
        leased.ExecuteNonQuery();
    }

    /// <summary>
    /// Marks the run's dead servers Lost and gives their items back (pending, unleased); returns them, so
    /// the caller deletes what they left undelivered at the target (their parts from NextPart on).
    /// </summary>
    public IReadOnlyList<RunWorker> ReapDead(long runId, string self) => _catalog.WriteUnit($"reaping the dead servers of run {runId}", () =>
    {
        using var connection = _catalog.OpenConnection();
        using var transaction = _catalog.BeginWrite(connection);
        var dead = Workers(connection, transaction, runId)
            .Where(w => w.State == "Working" && !w.Live && !string.Equals(w.Server, self, StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var worker in dead) Leave(connection, transaction, runId, worker.Server, "Lost");
        transaction.Commit();
        return dead;
    });

    /// <summary>
    /// Leases up to <paramref name="size"/> pending items that no live server holds, in run order. Rows
    /// another server is leasing at this instant are skipped (SKIP LOCKED / READPAST), not waited for.
    /// </summary>
    public IReadOnlyList<PendingItem> Lease(long runId, string server, int size) => _catalog.WriteUnit($"leasing items of run {runId} to server {server}", () =>
    {
        var now = DateTime.UtcNow.ToUnixMilliseconds();
        using var connection = _catalog.OpenConnection();
        using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.ReadCommitted);
        EnsureWorking(connection, transaction, runId, server);
        var items = new List<PendingItem>(size);
        using (var select = Command(connection, transaction, _catalog.Dialect.LockingPage("seq, conversation_pk, base_path", "run_item",
                   "run_id = @run AND state = 'Pending' AND (worker IS NULL OR worker = @server OR lease_until < @now)", "seq", size)))
        {
            select.AddParameter("@run", runId);
            select.AddParameter("@server", server);
            select.AddParameter("@now", now);
            using var reader = select.ExecuteReader();
            while (reader.Read()) items.Add(new PendingItem(reader.GetLong(0), reader.GetLong(1), reader.GetString(2)));
        }
        if (items.Count > 0)
        {
            using var lease = Command(connection, transaction,
                $"UPDATE run_item SET worker = @server, lease_until = @until WHERE run_id = @run AND seq IN ({string.Join(", ", items.Select(i => i.Sequence))})");
            lease.AddParameter("@server", server);
            lease.AddParameter("@until", now + (long)LeaseTime.TotalMilliseconds);
            lease.AddParameter("@run", runId);
            lease.ExecuteNonQuery();
        }
        transaction.Commit();
        return items;
    });

    /// <summary>Says the server is alive and renews its leases; false when it is no longer working on the run (reaped as dead): stop at once.</summary>
    /// <remarks>Two transactions, but a write unit all the same: both only set times to now, so redoing the first after a conflict in the second sets them again, nothing more.</remarks>
    public bool Heartbeat(long runId, string server, long bytesSinceCommit) => _catalog.WriteUnit($"the heartbeat of server {server} in run {runId}", () =>
    {
        var now = DateTime.UtcNow.ToUnixMilliseconds();
        using var connection = _catalog.OpenConnection();
        using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.ReadCommitted);
        using (var beat = Command(connection, transaction,
                   "UPDATE run_worker SET heartbeat_utc = @now WHERE run_id = @run AND server = @server AND state = 'Working' AND machine = @machine AND process_id = @pid"))
        {
            beat.AddParameter("@now", now);
            beat.AddParameter("@run", runId);
            beat.AddParameter("@server", server);
            beat.AddParameter("@machine", Environment.MachineName);
            beat.AddParameter("@pid", Environment.ProcessId);
            if (beat.ExecuteNonQuery() != 1) return false;
        }
        using (var renew = Command(connection, transaction, "UPDATE run_item SET lease_until = @until WHERE run_id = @run AND worker = @server AND state = 'Pending'"))
        {
            renew.AddParameter("@until", now + (long)LeaseTime.TotalMilliseconds);
            renew.AddParameter("@run", runId);
            renew.AddParameter("@server", server);
            renew.ExecuteNonQuery();
        }
        // Committed before the run's row is touched: a heartbeat never holds item locks while it waits for the
        // run's row, which a server committing a batch holds while it waits for items (a deadlock seen on PostgreSQL).
        transaction.Commit();
        // The run is alive while any of its servers is; its progress includes what this server has written since its last commit.
        using (var run = Command(connection, null, """
                   UPDATE export_run SET heartbeat_utc = @now,
                     written_bytes = (SELECT COALESCE(SUM(bytes), 0) FROM run_item WHERE run_id = @run AND state IN ('Exported', 'Written')) + @bytes
                   WHERE id = @run AND state IN ('Queued', 'Running')
                   """))
        {
            run.AddParameter("@now", now);
            run.AddParameter("@bytes", bytesSinceCommit);
            run.AddParameter("@run", runId);
            run.ExecuteNonQuery();
        }
        return true;
    });

    /// <summary>
    /// Decides, atomically, what a server that found nothing to lease does: lease again (a dead server's
    /// items came back), leave (others are still working), or — the last one — write the CDR and manifest.
    /// </summary>
    public WorkerNext NothingLeft(long runId, string server) => _catalog.WriteUnit($"server {server} finishing its part of run {runId}", () =>
    {
        using var connection = _catalog.OpenConnection();
        using var transaction = _catalog.BeginWrite(connection);
        EnsureWorking(connection, transaction, runId, server);
        using (var pending = Command(connection, transaction, "SELECT COUNT(*) FROM run_item WHERE run_id = @run AND state = 'Pending' AND (worker IS NULL OR worker = @server OR lease_until < @now)"))
        {
            pending.AddParameter("@run", runId);
            pending.AddParameter("@server", server);
            pending.AddParameter("@now", DateTime.UtcNow.ToUnixMilliseconds());
            if (Convert.ToInt64(pending.ExecuteScalar()) > 0) return WorkerNext.LeaseAgain;
        }
        var others = Workers(connection, transaction, runId).Where(w => w.Live && !string.Equals(w.Server, server, StringComparison.OrdinalIgnoreCase)).ToList();
        if (others.Count > 0)
        {
            Leave(connection, transaction, runId, server, "Done");
            transaction.Commit();
            return WorkerNext.Leave;
        }
        // Items another server still holds (it died without being reaped yet) must come back first.
        using (var held = Command(connection, transaction, "SELECT COUNT(*) FROM run_item WHERE run_id = @run AND state IN ('Pending', 'Written') AND worker <> @server"))
        {
            held.AddParameter("@run", runId);
            held.AddParameter("@server", server);
            if (Convert.ToInt64(held.ExecuteScalar()) > 0) return WorkerNext.LeaseAgain;
        }
        return WorkerNext.WriteCdrAndManifest;
    });

    /// <summary>
    /// A server stops working on the run (stopped, failed, cancelled): its undelivered items go back to pending.
    /// When no other server is working on it any more, the run ends in <paramref name="runState"/>; returns whether it did.
    /// </summary>
    public bool Quit(long runId, string server, string workerState, RunState runState, string message) => _catalog.WriteUnit($"server {server} leaving run {runId}", () =>
    {
        using var connection = _catalog.OpenConnection();
        using var transaction = _catalog.BeginWrite(connection);
        if (!IsWorking(connection, transaction, runId, server)) return false;
        Leave(connection, transaction, runId, server, workerState);
        var last = !Workers(connection, transaction, runId).Any(w => w.Live && !string.Equals(w.Server, server, StringComparison.OrdinalIgnoreCase));
        if (last)
        {
            using var end = Command(connection, transaction,
                "UPDATE export_run SET state = @state, message = @message, ended_utc = @now, heartbeat_utc = @now, written = 0, written_bytes = bytes WHERE id = @run AND state IN ('Queued', 'Running')");
            end.AddParameter("@state", runState.ToString());
            end.AddParameter("@message", message);
            end.AddParameter("@now", DateTime.UtcNow.ToUnixMilliseconds());
            end.AddParameter("@run", runId);
            if (end.ExecuteNonQuery() == 1) RunCatalog.AuditEnd(_catalog, connection, transaction, CallerIdentity.Current(), runId, runState, message);
        }
        transaction.Commit();
        return last;
    });

    /// <summary>Joins a shared run that ended Failed, Cancelled or Interrupted, to resume it: it runs again, with this server among its workers.</summary>
    public void JoinForResume(long runId, string server, string taskName) => _catalog.WriteUnit($"server {server} joining run {runId} to resume it", () =>
    {
        using var connection = _catalog.OpenConnection();
        using var transaction = _catalog.BeginWrite(connection);
        using (var command = Command(connection, transaction,
                   "UPDATE export_run SET state = 'Running', stop_requested = 0, ended_utc = NULL, message = NULL, heartbeat_utc = @now, resume_attempts = resume_attempts + 1 WHERE id = @run AND state IN ('Failed', 'Cancelled', 'Interrupted', 'Queued', 'Running')"))
        {
            command.AddParameter("@now", DateTime.UtcNow.ToUnixMilliseconds());
            command.AddParameter("@run", runId);
            if (command.ExecuteNonQuery() != 1)
                throw new ConversationExportException(ErrorId.RunNotResumable, ErrorKind.InvalidArgument, $"Run {runId} of '{taskName}' has ended; only an unfinished run can be resumed.", runId);
        }
        Join(connection, transaction, runId, server, taskName);
        _catalog.Audit(connection, CallerIdentity.Current(), "ResumeExportRun", taskName, $"run {runId} resumed by server {server}", transaction);
        transaction.Commit();
        return 0;
    });
}
