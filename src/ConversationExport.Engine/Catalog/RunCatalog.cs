using System.Data.Common;
using System.Text.Json;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Security;
using static ConversationExport.Engine.Catalog.DbExtensions;

namespace ConversationExport.Engine.Catalog;

/// <summary>A run item ready to process: which conversation, and the base name its files get.</summary>
public sealed record PendingItem(long Sequence, long ConversationPk, string BasePath);

/// <summary>What processing decided for one item; <paramref name="Container"/> holds its last file (a Written item is exported when that container is delivered).</summary>
public sealed record ItemOutcome(long Sequence, RunItemState State, string? Reason, IReadOnlyList<ArchivedFileRecord> Files, string? Container = null, string? ProblemFile = null);

/// <summary>A file of an item as recorded in the run log and the manifest.</summary>
public sealed record ArchivedFileRecord(string Path, long Size, string Sha256, string Container);

/// <summary>
/// Runs and run items in the catalog. Every state change of a batch is one transaction, so a
/// killed process leaves the run exactly at its last committed batch (SPEC §6.1, §11).
/// </summary>
public sealed class RunCatalog
{
    /// <summary>A running run whose heartbeat is older than this is reported Interrupted.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    private static readonly HashSet<string> ReservedRootNames = new(StringComparer.OrdinalIgnoreCase) { "cdr", "manifest" };

    private readonly ConversationCatalog _catalog;
    private readonly CallerIdentity _caller;

    /// <param name="caller">Who ends, resumes or stops runs, for the audit log; default: this process's user.</param>
    public RunCatalog(ConversationCatalog catalog, CallerIdentity? caller = null)
    {
        _catalog = catalog;
        _caller = caller ?? CallerIdentity.Current();
    }

    internal ConversationCatalog Catalog => _catalog;

    /// <summary>
    /// Creates a run in one write transaction: first the task's runs whose process is gone are marked
    /// Interrupted, then — if none of the task's runs is still alive — the run is inserted under the
    /// first free base name "&lt;stem&gt;[_n]" of its destination. The transaction holds the catalog's
    /// write lock throughout (and unique indexes back both rules), so two callers starting at the same
    /// instant can never both get a run of one task, nor one base name.
    /// </summary>
    /// <param name="taken">Whether a base name is already used on disk in the destination (by anything, catalogued or not).</param>
    /// <param name="server">
    /// For a task shared by several export servers (SPEC §9): this server's name. It joins the task's
    /// unfinished run when there is one (Joined) instead of being refused, and is registered as one of the run's workers.
    /// </param>
    public (long RunId, string BaseName, bool Joined) Create(long? taskId, string taskName, string trigger, ExportSettings settings, string destination, string stem,
        Func<string, bool> taken, CallerIdentity caller, string? server = null) => _catalog.WriteUnit($"starting a run of '{taskName}'", () =>
    {
        using var connection = _catalog.OpenConnection();
        using var transaction = _catalog.BeginWrite(connection);
        if (taskId is { } shared && server is not null && RunWorkerCatalog.OpenSharedRun(connection, transaction, shared) is { } open)
        {
            RunWorkerCatalog.Join(connection, transaction, open.RunId, server, taskName);
            _catalog.Audit(connection, caller, "JoinExportRun", taskName, $"run {open.RunId} joined by server {server}", transaction);
            transaction.Commit();
            return (open.RunId, open.BaseName, true);
        }
        if (taskId is { } task)
        {
            InterruptDead(connection, transaction, task);
            if (LiveRun(connection, transaction, task) is { } live) throw AlreadyActive(taskName, live);
        }
        var baseName = FreeBaseName(connection, transaction, _catalog.Dialect, destination, stem, taken);
        var now = DateTime.UtcNow.ToUnixMilliseconds();
        // "trigger" is quoted wherever it is named: TRIGGER is a reserved word in T-SQL.
        using var command = Command(connection, transaction, _catalog.Dialect.InsertReturningId("export_run",
            "task_id, task_name, \"trigger\", settings, state, destination, base_name, started_utc, heartbeat_utc, started_by, machine, process_id, incremental, snapshot_done",
            "@task, @name, @trigger, @settings, 'Queued', @destination, @base, @now, @now, @by, @machine, @pid, @incremental, 0"));
        command.AddParameter("@task", taskId);
        command.AddParameter("@name", taskName);
        command.AddParameter("@trigger", trigger);
        command.AddParameter("@settings", settings.ToJson());
        command.AddParameter("@destination", destination);
        command.AddParameter("@base", baseName);
        command.AddParameter("@now", now);
        command.AddParameter("@by", caller.Name);
        command.AddParameter("@machine", Environment.MachineName);
        command.AddParameter("@pid", Environment.ProcessId);
        command.AddParameter("@incremental", settings.Incremental && taskId is not null ? 1 : 0);
        var id = Convert.ToInt64(command.ExecuteScalar());
        if (server is not null) RunWorkerCatalog.Join(connection, transaction, id, server, taskName);
        _catalog.Audit(connection, caller, "StartExportRun", taskName, $"run {id} ({trigger}) to {destination}{(server is null ? "" : $" by server {server}")}", transaction);
        transaction.Commit();
        return (id, baseName, false);
    });

    private static string FreeBaseName(DbConnection connection, DbTransaction transaction, ICatalogDialect dialect, string destination, string stem, Func<string, bool> taken)
    {
        for (var n = 1; ; n++)
        {
            var candidate = n == 1 ? stem : $"{stem}_{n}";
            using var used = Command(connection, transaction, $"SELECT COUNT(*) FROM export_run WHERE destination = @destination AND {dialect.TextEquals("base_name", "@base")}");
            used.AddParameter("@destination", destination);
            used.AddParameter("@base", candidate);
            if (Convert.ToInt64(used.ExecuteScalar()) == 0 && !taken(candidate)) return candidate;
        }
    }

    /// <summary>Runs of the task still marked Queued or Running whose process is gone (stale heartbeat, or dead here) become Interrupted.</summary>
    private void InterruptDead(DbConnection connection, DbTransaction transaction, long taskId)
    {
        foreach (var (id, live) in ActiveRows(connection, transaction, taskId))
        {
            if (live) continue;
            using var update = Command(connection, transaction, "UPDATE export_run SET state = 'Interrupted' WHERE id = @id");
            update.AddParameter("@id", id);
            update.ExecuteNonQuery();
            AuditEnd(_catalog, connection, transaction, _caller, id, RunState.Interrupted, "its process is gone (found by a later start)");
        }
    }

    /// <summary>
    /// The audit entry of a run's end (SPEC §12), in the transaction that records its final state, so a run
    /// has exactly one end per time it ran however many servers shared it: Succeeded when it Completed, else Failed.
    /// </summary>
    internal static void AuditEnd(ConversationCatalog catalog, DbConnection connection, DbTransaction transaction, CallerIdentity caller, long runId, RunState state, string? message)
    {
        using var command = Command(connection, transaction, "SELECT task_name, selected, exported, skipped, failed, bytes FROM export_run WHERE id = @id");
        command.AddParameter("@id", runId);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return;
        var task = reader.GetString(0);
        var detail = $"run {runId} {state}: {reader.GetLong(2)} of {reader.GetLong(1)} exported, {reader.GetLong(3)} skipped, {reader.GetLong(4)} failed, {reader.GetLong(5)} bytes"
            + (string.IsNullOrEmpty(message) ? "" : $"; {message}");
        reader.Close();
        catalog.Audit(connection, caller, "EndExportRun", task, detail, transaction, state == RunState.Completed ? AuditOutcome.Succeeded : AuditOutcome.Failed);
    }

    /// <summary>An audit entry about a run (resumed, stopped, given up), in <paramref name="transaction"/> when given.</summary>
    private void AuditRun(DbConnection connection, DbTransaction? transaction, string action, string taskName, string detail) =>
        _catalog.Audit(connection, _caller, action, taskName, detail, transaction);

    private static long? LiveRun(DbConnection connection, DbTransaction transaction, long taskId, long? except = null) =>
        ActiveRows(connection, transaction, taskId).Where(r => r.Live && r.Id != except).Select(r => (long?)r.Id).FirstOrDefault();

    private static List<(long Id, bool Live)> ActiveRows(DbConnection connection, DbTransaction transaction, long taskId)
    {
        using var command = Command(connection, transaction, "SELECT id, heartbeat_utc, machine, process_id FROM export_run WHERE task_id = @task AND state IN ('Queued', 'Running')");
        command.AddParameter("@task", taskId);
        using var reader = command.ExecuteReader();
        var rows = new List<(long, bool)>();
        while (reader.Read()) rows.Add((reader.GetLong(0), IsLive(DbExtensions.FromUnixMilliseconds(reader.GetLong(1)), reader.GetString(2), (int)reader.GetLong(3))));
        return rows;
    }

    private static ConversationExportException AlreadyActive(string taskName, long runId) => new(ErrorId.RunAlreadyActive, ErrorKind.ResourceUnavailable,
        $"The export task '{taskName}' is already running (run {runId}); a task never runs twice at once. Get-ExportStatus -RunId {runId} shows its progress.", taskName);

    /// <summary>One conversation of a run's snapshot, with the base path its files are named after.</summary>
    internal readonly record struct SnapshotItem(long Sequence, Conversation Conversation, string BasePath);

    private string InsertItemSql => _catalog.Dialect.InsertUnlessExists("run_item",
        "run_id, seq, conversation_pk, conversation_id, base_path, base_key, state", "@run, @seq, @pk, @cid, @path, @key, 'Pending'",
        [("run_id", "@run"), ("base_key", "@key")]);

    /// <summary>
    /// Adds snapshot items. Where the provider sends several statements in one round trip (PostgreSQL,
    /// SQL Server) they go as one batch, each inserted unless its base path is taken; the few whose path
    /// was taken then get a counter one by one (<see cref="AddItem"/>). A server catalog across a network
    /// would otherwise spend a round trip per conversation.
    /// </summary>
    internal void AddItems(DbConnection connection, DbTransaction transaction, long runId, IReadOnlyList<SnapshotItem> items, Func<string, int, string> withCounter)
    {
        if (!connection.CanCreateBatch)
        {
            foreach (var item in items) AddItem(connection, transaction, runId, item, withCounter);
            return;
        }
        // A reserved name (cdr.*, manifest.json) never goes as it is: those items get a counter below.
        var batched = items.Where(item => !ReservedRootNames.Contains(item.BasePath)).ToList();
        using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var item in batched)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = InsertItemSql;
            command.AddParameter("@run", runId);
            command.AddParameter("@seq", item.Sequence);
            command.AddParameter("@pk", item.Conversation.Id);
            command.AddParameter("@cid", item.Conversation.ConversationId);
            command.AddParameter("@path", item.BasePath);
            command.AddParameter("@key", item.BasePath.ToUpperInvariant());
            batch.BatchCommands.Add(command);
        }
        if (batched.Count > 0) batch.ExecuteNonQuery();
        var inserted = new HashSet<long>();
        for (var i = 0; i < batched.Count; i++)
            if (batch.BatchCommands[i].RecordsAffected == 1) inserted.Add(batched[i].Sequence);
        foreach (var item in items)
            if (!inserted.Contains(item.Sequence)) AddItem(connection, transaction, runId, item, withCounter);
    }

    /// <summary>
    /// Adds one snapshot item; the base path is made unique within the run (case-insensitively,
    /// for Windows and macOS targets) by suffixing _1, _2 … and returns the name it got.
    /// </summary>
    internal string AddItem(DbConnection connection, DbTransaction transaction, long runId, SnapshotItem item, Func<string, int, string> withCounter)
    {
        for (var attempt = 0; ; attempt++)
        {
            var candidate = attempt == 0 ? item.BasePath : withCounter(item.BasePath, attempt);
            // cdr.* and manifest.json at the export root belong to the run itself.
            if (ReservedRootNames.Contains(candidate)) continue;
            using var command = Command(connection, transaction, InsertItemSql);
            command.AddParameter("@run", runId);
            command.AddParameter("@seq", item.Sequence);
            command.AddParameter("@pk", item.Conversation.Id);
            command.AddParameter("@cid", item.Conversation.ConversationId);
            command.AddParameter("@path", candidate);
            command.AddParameter("@key", candidate.ToUpperInvariant());
            if (command.ExecuteNonQuery() == 1) return candidate;
        }
    }

    /// <summary>Where the task's incremental runs start: the change sequence its last completed incremental run selected up to.</summary>
    public long TaskWatermark(long taskId) => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        using var command = Command(connection, null, "SELECT watermark FROM export_task WHERE id = @id");
        command.AddParameter("@id", taskId);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L);
    });

    /// <summary>The change sequence bound: every change up to it is committed and visible (see ICatalogDialect).</summary>
    public long ChangeSequenceBound() => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        using var command = Command(connection, null, _catalog.Dialect.ChangeSequenceBoundSql);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L);
    });

    public void SetSnapshot(long runId, long selected, long totalBytes, long watermark) => Update(runId,
        "UPDATE export_run SET selected = @a, total_bytes = @b, watermark = @c, state = 'Running', snapshot_done = 1 WHERE id = @id", selected, totalBytes, watermark);

    public IReadOnlyList<PendingItem> NextBatch(long runId, int size) => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        using var command = Command(connection, null, _catalog.Dialect.Page("SELECT seq, conversation_pk, base_path FROM run_item WHERE run_id = @run AND state = 'Pending' ORDER BY seq", size));
        command.AddParameter("@run", runId);
        using var reader = command.ExecuteReader();
        var items = new List<PendingItem>(size);
        while (reader.Read()) items.Add(new PendingItem(reader.GetLong(0), reader.GetLong(1), reader.GetString(2)));
        return items;
    });

    /// <summary>Records a batch's outcomes and the items whose files were delivered, then refreshes the run's counters.</summary>
    /// <param name="worker">The export server committing its own batch of a shared run (SPEC §9): the items must still be leased to it, or nothing is recorded.</param>
    public void Commit(long runId, IEnumerable<ItemOutcome> outcomes, IEnumerable<string> deliveredContainers, int nextPart, IEnumerable<string> newOutputs, string? worker = null)
    {
        // Read once: a conflict redoes the unit below, and a second pass over a lazy sequence could differ.
        var outcomeList = outcomes.ToList();
        var containerList = deliveredContainers.ToList();
        var outputList = newOutputs.ToList();
        _catalog.WriteUnit($"recording a batch of run {runId}", () => RecordBatch(runId, outcomeList, containerList, nextPart, outputList, worker));
    }

    private int RecordBatch(long runId, List<ItemOutcome> outcomes, List<string> deliveredContainers, int nextPart, List<string> newOutputs, string? worker)
    {
        using var connection = _catalog.OpenConnection();
        using var transaction = _catalog.BeginWrite(connection);
        if (worker is null) EnsureOwned(connection, transaction, runId);
        else RunWorkerCatalog.EnsureWorking(connection, transaction, runId, worker);
        foreach (var outcome in outcomes)
        {
            using var command = Command(connection, transaction, "UPDATE run_item SET state = @state, reason = @reason, files = @files, bytes = @bytes, container = @container, problem_file = @problem WHERE run_id = @run AND seq = @seq"
                + (worker is null ? "" : " AND worker = @worker AND state = 'Pending'"));
            if (worker is not null) command.AddParameter("@worker", worker);
            command.AddParameter("@container", outcome.Container);
            command.AddParameter("@problem", outcome.ProblemFile);
            command.AddParameter("@state", outcome.State.ToString());
            command.AddParameter("@reason", outcome.Reason);
            command.AddParameter("@files", JsonSerializer.Serialize(outcome.Files));
            command.AddParameter("@bytes", outcome.Files.Sum(f => f.Size));
            command.AddParameter("@run", runId);
            command.AddParameter("@seq", outcome.Sequence);
            // Rolled back whole: the server lost its lease (it looked dead and its items went to another server).
            if (command.ExecuteNonQuery() != 1 && worker is not null)
                throw new ConversationExportException(ErrorId.RunAlreadyActive, ErrorKind.ResourceUnavailable,
                    $"Server {worker} lost its lease on items of run {runId} (it looked dead to the other servers, which took them over); it stopped without recording them.", runId);
        }
        // Delivery is tracked per container in the catalog, not per file in memory: a run of a
        // million conversations into one archive keeps nothing per conversation in the process.
        foreach (var container in deliveredContainers)
        {
            // The task remembers what it delivered, whatever the run (SPEC §6.2): no later run of it delivers these again.
            using (var remember = Command(connection, transaction, """
                INSERT INTO task_export (task_id, conversation_pk, run_id)
                SELECT r.task_id, i.conversation_pk, i.run_id FROM run_item i JOIN export_run r ON r.id = i.run_id
                WHERE i.run_id = @run AND i.container = @container AND i.state = 'Written' AND r.task_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM task_export t WHERE t.task_id = r.task_id AND t.conversation_pk = i.conversation_pk)
                """))
            {
                remember.AddParameter("@run", runId);
                remember.AddParameter("@container", container);
                remember.ExecuteNonQuery();
            }
            using var command = Command(connection, transaction, "UPDATE run_item SET state = 'Exported' WHERE run_id = @run AND container = @container AND state = 'Written'");
            command.AddParameter("@run", runId);
            command.AddParameter("@container", container);
            command.ExecuteNonQuery();
        }
        var outputs = ReadOutputs(connection, transaction, runId).Concat(newOutputs).Distinct().ToList();
        if (worker is not null) RunWorkerCatalog.SetNextPart(connection, transaction, runId, worker, nextPart);
        using (var totals = Command(connection, transaction, $"""
            UPDATE export_run SET
              exported = (SELECT COUNT(*) FROM run_item WHERE run_id = @run AND state = 'Exported'),
              written = (SELECT COUNT(*) FROM run_item WHERE run_id = @run AND state = 'Written'),
              skipped = (SELECT COUNT(*) FROM run_item WHERE run_id = @run AND state = 'Skipped'),
              failed = (SELECT COUNT(*) FROM run_item WHERE run_id = @run AND state = 'Failed'),
              bytes = (SELECT COALESCE(SUM(bytes), 0) FROM run_item WHERE run_id = @run AND state = 'Exported'),
              written_bytes = (SELECT COALESCE(SUM(bytes), 0) FROM run_item WHERE run_id = @run AND state IN ('Exported', 'Written')),
              {(worker is null ? "next_part = @part, " : "")}outputs = @outputs, heartbeat_utc = @now
            WHERE id = @run
            """))
        {
            totals.AddParameter("@run", runId);
            totals.AddParameter("@part", nextPart);
            totals.AddParameter("@outputs", JsonSerializer.Serialize(outputs));
            totals.AddParameter("@now", DateTime.UtcNow.ToUnixMilliseconds());
            totals.ExecuteNonQuery();
        }
        transaction.Commit();
        return 0;
    }

    /// <summary>
    /// Says the run is alive, and how many bytes it has written beyond its last committed batch, so
    /// another session sees progress every few seconds even while a batch of long recordings runs.
    /// </summary>
    /// <returns>False when the run is no longer this process's (another process took it over after this one looked dead): stop at once.</returns>
    public bool Heartbeat(long runId, long bytesSinceCommit) => _catalog.WriteUnit($"the heartbeat of run {runId}", () =>
    {
        using var connection = _catalog.OpenConnection();
        using var command = Command(connection, null, $"""
            UPDATE export_run SET heartbeat_utc = @now,
              written_bytes = (SELECT COALESCE(SUM(bytes), 0) FROM run_item WHERE run_id = @id AND state IN ('Exported', 'Written')) + @bytes
            WHERE id = @id AND {Owned}
            """);
        command.AddParameter("@now", DateTime.UtcNow.ToUnixMilliseconds());
        command.AddParameter("@bytes", bytesSinceCommit);
        command.AddParameter("@id", runId);
        AddOwner(command);
        return command.ExecuteNonQuery() == 1;
    });

    // A run belongs to the process that created or resumed it; only that process may change it while it runs.
    private const string Owned = "state IN ('Queued', 'Running') AND machine = @machine AND process_id = @pid";

    private static void AddOwner(DbCommand command)
    {
        command.AddParameter("@machine", Environment.MachineName);
        command.AddParameter("@pid", Environment.ProcessId);
    }

    private static void EnsureOwned(DbConnection connection, DbTransaction transaction, long runId)
    {
        using var command = Command(connection, transaction, $"SELECT COUNT(*) FROM export_run WHERE id = @id AND {Owned}");
        command.AddParameter("@id", runId);
        AddOwner(command);
        if (Convert.ToInt64(command.ExecuteScalar()) == 0)
            throw new ConversationExportException(ErrorId.RunAlreadyActive, ErrorKind.ResourceUnavailable,
                $"Run {runId} is no longer this process's: it was marked interrupted (its heartbeat stopped) and resumed or ended elsewhere. This process stopped without changing it.", runId);
    }

    /// <summary>Ends this process's run; a run another process has taken over is left as it is.</summary>
    /// <param name="worker">The export server that ends a shared run (the last to finish, or the last to fail): ownership is its worker registration.</param>
    public void Finish(long runId, RunState state, string? message, bool dropItems, string? worker = null) => _catalog.WriteUnit($"ending run {runId}", () =>
    {
        using var connection = _catalog.OpenConnection();
        using var transaction = _catalog.BeginWrite(connection);
        if (worker is not null && !RunWorkerCatalog.IsWorking(connection, transaction, runId, worker)) return 0;
        using (var command = Command(connection, transaction, $"UPDATE export_run SET state = @state, message = @message, ended_utc = @now, heartbeat_utc = @now, written = 0, written_bytes = bytes WHERE id = @id AND {(worker is null ? Owned : "state IN ('Queued', 'Running', 'Interrupted')")}"))
        {
            command.AddParameter("@state", state.ToString());
            command.AddParameter("@message", message);
            command.AddParameter("@now", DateTime.UtcNow.ToUnixMilliseconds());
            command.AddParameter("@id", runId);
            if (worker is null) AddOwner(command);
            if (command.ExecuteNonQuery() == 0) return 0;
        }
        AuditEnd(_catalog, connection, transaction, _caller, runId, state, message);
        if (worker is not null) RunWorkerCatalog.Leave(connection, transaction, runId, worker, "Done");
        // A completed incremental run moves its task's watermark to the bound it selected up to; a run that did
        // not complete leaves it, so the next run takes its conversations again (minus what it delivered).
        if (state is RunState.Completed or RunState.CompletedWithErrors)
        {
            using var advance = Command(connection, transaction, """
                UPDATE export_task SET watermark = (SELECT r.watermark FROM export_run r WHERE r.id = @id)
                WHERE id = (SELECT r.task_id FROM export_run r WHERE r.id = @id AND r.incremental = 1)
                  AND watermark < (SELECT r.watermark FROM export_run r WHERE r.id = @id)
                """);
            advance.AddParameter("@id", runId);
            advance.ExecuteNonQuery();
        }
        // A run ends with nothing in an open part: it was delivered (and counted) or discarded. Do Not Create
        // Log in the Database: the per-conversation rows go once the run is over; its summary stays.
        if (dropItems)
        {
            using var delete = Command(connection, transaction, "DELETE FROM run_item WHERE run_id = @id");
            delete.AddParameter("@id", runId);
            delete.ExecuteNonQuery();
        }
        transaction.Commit();
        return 0;
    });

    /// <summary>
    /// Claims an unfinished run for this process, atomically: it must be Interrupted (marked so, or
    /// Running with its process gone), Failed or Cancelled, and no other run of its task may be alive.
    /// Items written into a part that was never delivered go back to Pending (their part is
    /// discarded by the caller, after the claim); the run is Running again, owned by this process.
    /// Two processes resuming one run at the same instant: exactly one gets it.
    /// </summary>
    public RunRecord ClaimForResume(long runId, string trigger) => _catalog.WriteUnit($"resuming run {runId}", () =>
    {
        using var connection = _catalog.OpenConnection();
        using var transaction = _catalog.BeginWrite(connection);
        var record = List(connection, transaction, "WHERE r.id = @id", c => c.AddParameter("@id", runId)).FirstOrDefault()
            ?? throw new ConversationExportException(ErrorId.RunNotFound, ErrorKind.NotFound, $"No export run with id {runId}. Get-ExportStatus lists the runs.", runId);
        if (record.Run.State is RunState.Running or RunState.Queued)
            throw new ConversationExportException(ErrorId.RunAlreadyActive, ErrorKind.ResourceUnavailable,
                $"Run {runId} of '{record.Run.Task}' is already being run or resumed (by process {record.ProcessId} on {record.Run.Servers.FirstOrDefault()}); it continues there.", runId);
        if (record.Run.State is not (RunState.Interrupted or RunState.Failed or RunState.Cancelled))
            throw new ConversationExportException(ErrorId.RunNotResumable, ErrorKind.InvalidArgument,
                $"Run {runId} of '{record.Run.Task}' is {record.Run.State}: there is nothing to resume (only Interrupted, Failed or Cancelled runs can be resumed)." +
                (record.TaskId is null ? "" : $" Invoke-ConversationExport -Task '{record.Run.Task}' starts a new run."), runId);
        if (!record.SnapshotDone)
            throw new ConversationExportException(ErrorId.RunNotResumable, ErrorKind.InvalidArgument,
                $"Run {runId} ended while it was still choosing its conversations, so it exported nothing and cannot be resumed; start a new run of '{record.Run.Task}'.", runId);
        if (record.TaskId is { } taskId)
        {
            InterruptDead(connection, transaction, taskId);
            if (LiveRun(connection, transaction, taskId, except: runId) is { } live)
                throw new ConversationExportException(ErrorId.RunAlreadyActive, ErrorKind.ResourceUnavailable,
                    $"The export task '{record.Run.Task}' is running now (run {live}); resume run {runId} when it has ended.", runId);
        }
        using (var command = Command(connection, transaction, "UPDATE run_item SET state = 'Pending', files = NULL, bytes = 0, container = NULL, problem_file = NULL WHERE run_id = @id AND state = 'Written'"))
        {
            command.AddParameter("@id", runId);
            command.ExecuteNonQuery();
        }
        // What another run of the task delivered meanwhile (a fresh run after this one was given up) is not delivered twice.
        using (var command = Command(connection, transaction, """
            UPDATE run_item SET state = 'Skipped', reason = 'already exported by another run of the task'
            WHERE run_id = @id AND state = 'Pending'
              AND conversation_pk IN (SELECT t.conversation_pk FROM task_export t JOIN export_run r ON r.task_id = t.task_id WHERE r.id = @id)
            """))
        {
            command.AddParameter("@id", runId);
            command.ExecuteNonQuery();
        }
        using (var command = Command(connection, transaction, """
            UPDATE export_run SET state = 'Running', stop_requested = 0, ended_utc = NULL, message = NULL, "trigger" = @trigger,
              heartbeat_utc = @now, process_id = @pid, machine = @machine, resume_attempts = resume_attempts + 1 WHERE id = @id
            """))
        {
            command.AddParameter("@now", DateTime.UtcNow.ToUnixMilliseconds());
            command.AddParameter("@trigger", trigger);
            command.AddParameter("@id", runId);
            AddOwner(command);
            command.ExecuteNonQuery();
        }
        AuditRun(connection, transaction, "ResumeExportRun", record.Run.Task, $"run {runId} ({trigger}), {record.Run.State} before");
        transaction.Commit();
        return record;
    });

    /// <summary>
    /// Records that a scheduled start gave up on this run, atomically: refused (RunAlreadyActive) when another
    /// process runs or resumes it now, so its files are only discarded while nobody is using them.
    /// </summary>
    public void MarkGivenUp(long runId) => _catalog.WriteUnit($"giving up run {runId}", () =>
    {
        using var connection = _catalog.OpenConnection();
        using var transaction = _catalog.BeginWrite(connection);
        var record = List(connection, transaction, "WHERE r.id = @id", c => c.AddParameter("@id", runId)).Single();
        if (record.TaskId is { } taskId) InterruptDead(connection, transaction, taskId);
        using var command = Command(connection, transaction, $"""
            UPDATE export_run SET state = 'Failed', message = CASE WHEN message IS NULL THEN @given_up ELSE {_catalog.Dialect.Concat("message", "' '", "@given_up")} END
            WHERE id = @id AND state NOT IN ('Queued', 'Running')
            """);
        command.AddParameter("@given_up", "Given up by a scheduled start; a newer run exported what it had not delivered.");
        command.AddParameter("@id", runId);
        if (command.ExecuteNonQuery() == 0)
            throw new ConversationExportException(ErrorId.RunAlreadyActive, ErrorKind.ResourceUnavailable,
                $"Run {runId} of '{record.Run.Task}' is being run or resumed by another process now; it continues there.", runId);
        AuditRun(connection, transaction, "GiveUpExportRun", record.Run.Task, $"run {runId} ({record.Run.State}) given up by a scheduled start: Failed");
        transaction.Commit();
        return 0;
    });

    /// <summary>Asks the run to stop after its current batch; the request is audited (who stopped it).</summary>
    public void RequestStop(long runId) => _catalog.WriteUnit($"stopping run {runId}", () =>
    {
        using var connection = _catalog.OpenConnection();
        using var transaction = _catalog.BeginWrite(connection);
        using var command = Command(connection, transaction, "UPDATE export_run SET stop_requested = 1 WHERE id = @id");
        command.AddParameter("@id", runId);
        if (command.ExecuteNonQuery() == 0)
            throw new ConversationExportException(ErrorId.RunNotFound, ErrorKind.NotFound, $"No export run with id {runId}.", runId);
        using var name = Command(connection, transaction, "SELECT task_name FROM export_run WHERE id = @id");
        name.AddParameter("@id", runId);
        AuditRun(connection, transaction, "StopExportRun", Convert.ToString(name.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "", $"run {runId}: stop requested");
        transaction.Commit();
        return 0;
    });

    public bool StopRequested(long runId) => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        using var command = Command(connection, null, "SELECT stop_requested FROM export_run WHERE id = @id");
        command.AddParameter("@id", runId);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L) != 0;
    });

    public RunRecord Get(long runId) => Find(runId) ?? throw new ConversationExportException(ErrorId.RunNotFound, ErrorKind.NotFound,
        $"No export run with id {runId}. Get-ExportStatus lists the runs.", runId);

    public RunRecord? Find(long runId) => List("WHERE r.id = @id", c => c.AddParameter("@id", runId)).FirstOrDefault();

    /// <summary>Runs recorded as delivered to the local folder <paramref name="destination"/> that ended before <paramref name="cutoffUtc"/> (the download area's expired runs).</summary>
    public IReadOnlyList<RunRecord> EndedBefore(string destination, DateTime cutoffUtc) =>
        List("WHERE r.destination = @destination AND r.ended_utc < @cutoff", c =>
        {
            c.AddParameter("@destination", destination);
            c.AddParameter("@cutoff", cutoffUtc.ToUnixMilliseconds());
        });

    /// <summary>Runs, newest first, optionally of one task and in given states (Interrupted is derived from a stale heartbeat).</summary>
    public IReadOnlyList<RunRecord> List(string? taskName, IReadOnlyCollection<RunState>? states, int? last)
    {
        var runs = List(taskName is null ? "" : "WHERE " + _catalog.Dialect.TextEquals("r.task_name", "@task"),
            c => { if (taskName is not null) c.AddParameter("@task", taskName); });
        var filtered = runs.Where(r => states is null || states.Count == 0 || states.Contains(r.Run.State));
        return (last is { } n ? filtered.Take(n) : filtered).ToList();
    }

    /// <summary>A run of this task that is running now (fresh heartbeat), if any.</summary>
    public RunRecord? Active(string taskName) => List(taskName, [RunState.Running, RunState.Queued], null).FirstOrDefault();

    public IReadOnlyList<ExportLogEntry> Log(long runId) => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        using var command = Command(connection, null, "SELECT seq, conversation_id, state, reason, files, bytes FROM run_item WHERE run_id = @id ORDER BY seq");
        command.AddParameter("@id", runId);
        using var reader = command.ExecuteReader();
        var entries = new List<ExportLogEntry>();
        while (reader.Read())
        {
            var files = reader.IsDBNull(4) ? [] : JsonSerializer.Deserialize<ArchivedFileRecord[]>(reader.GetString(4)) ?? [];
            entries.Add(new ExportLogEntry
            {
                RunId = runId,
                Sequence = reader.GetLong(0),
                ConversationId = reader.GetString(1),
                State = Enum.Parse<RunItemState>(reader.GetString(2)),
                Reason = reader.GetNullableString(3),
                Files = files.Select(f => f.Path).ToArray(),
                Bytes = reader.GetLong(5),
            });
        }
        return entries;
    });

    /// <summary>Items exported or written into the part being finished, in run order (the CDR's rows).</summary>
    public IEnumerable<PendingItem> ExportedItems(long runId)
    {
        using var connection = _catalog.OpenConnection();
        using var command = Command(connection, null, "SELECT seq, conversation_pk, base_path FROM run_item WHERE run_id = @id AND state IN ('Exported', 'Written') ORDER BY seq");
        command.AddParameter("@id", runId);
        using var reader = _catalog.Guard(command.ExecuteReader);
        while (_catalog.Guard(reader.Read))
            yield return new PendingItem(reader.GetLong(0), reader.GetLong(1), reader.GetString(2));
    }

    /// <summary>Counts by outcome, counting items in the part being finished as exported.</summary>
    public (long Exported, long Skipped, long Failed) ItemCounts(long runId) => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        using var command = Command(connection, null,
            "SELECT COUNT(CASE WHEN state IN ('Exported', 'Written') THEN 1 END), COUNT(CASE WHEN state = 'Skipped' THEN 1 END), COUNT(CASE WHEN state = 'Failed' THEN 1 END) FROM run_item WHERE run_id = @id");
        command.AddParameter("@id", runId);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetLong(0), reader.GetLong(1), reader.GetLong(2));
    });

    /// <summary>A processed item as the manifest shows it.</summary>
    public sealed record ManifestItem(string ConversationId, RunItemState State, string? Reason, IReadOnlyList<ArchivedFileRecord> Files, string? ProblemFile);

    /// <summary>Every processed item in run order, streamed from one statement (a manifest of a million files is never held in memory).</summary>
    public IEnumerable<ManifestItem> ManifestItems(long runId)
    {
        using var connection = _catalog.OpenConnection();
        using var command = Command(connection, null, "SELECT conversation_id, state, reason, files, problem_file FROM run_item WHERE run_id = @id AND state <> 'Pending' ORDER BY seq");
        command.AddParameter("@id", runId);
        using var reader = _catalog.Guard(command.ExecuteReader);
        while (_catalog.Guard(reader.Read))
            yield return new ManifestItem(reader.GetString(0), Enum.Parse<RunItemState>(reader.GetString(1)), reader.GetNullableString(2),
                reader.IsDBNull(3) ? [] : JsonSerializer.Deserialize<ArchivedFileRecord[]>(reader.GetString(3)) ?? [], reader.GetNullableString(4));
    }

    private List<RunRecord> List(string where, Action<DbCommand> bind) => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        return List(connection, null, where, bind);
    });

    private static List<RunRecord> List(DbConnection connection, DbTransaction? transaction, string where, Action<DbCommand> bind)
    {
        using var command = Command(connection, transaction, $"""
            SELECT r.id, r.task_id, r.task_name, r."trigger", r.settings, r.state, r.destination, r.base_name, r.selected, r.exported,
                   r.skipped, r.failed, r.bytes, r.total_bytes, r.next_part, r.outputs, r.message, r.started_utc, r.ended_utc,
                   r.heartbeat_utc, r.started_by, r.machine, r.process_id, r.stop_requested, r.written, r.written_bytes, r.resume_attempts, r.snapshot_done,
                   (SELECT COUNT(*) FROM run_worker w WHERE w.run_id = r.id)
            FROM export_run r {where} ORDER BY r.id DESC
            """);
        bind(command);
        using var reader = command.ExecuteReader();
        var runs = new List<RunRecord>();
        while (reader.Read()) runs.Add(ReadRun(reader));
        reader.Close();
        foreach (var run in runs.Where(r => r.Shared)) AddServers(connection, transaction, run.Run);
        return runs;
    }

    /// <summary>The servers of a shared run, with what each delivered.</summary>
    private static void AddServers(DbConnection connection, DbTransaction? transaction, ExportRun run)
    {
        var workers = RunWorkerCatalog.Workers(connection, transaction, run.RunId);
        using var command = Command(connection, transaction,
            "SELECT worker, COUNT(*), COALESCE(SUM(bytes), 0) FROM run_item WHERE run_id = @run AND state = 'Exported' AND worker IS NOT NULL GROUP BY worker");
        command.AddParameter("@run", run.RunId);
        var delivered = new Dictionary<string, (long Count, long Bytes)>(StringComparer.OrdinalIgnoreCase);
        using (var reader = command.ExecuteReader())
            while (reader.Read()) delivered[reader.GetString(0)] = (reader.GetLong(1), reader.GetLong(2));
        run.Servers = workers.Select(w => w.Server).ToArray();
        run.ServerProgress = workers.Select(w => new ExportServerProgress
        {
            Server = w.Server,
            State = w.State == "Working" && !w.Live ? "Lost" : w.State,
            Exported = delivered.GetValueOrDefault(w.Server).Count,
            Bytes = delivered.GetValueOrDefault(w.Server).Bytes,
            LastHeartbeatUtc = w.HeartbeatUtc,
        }).ToArray();
    }

    private static RunRecord ReadRun(DbDataReader r)
    {
        var settings = ExportSettings.FromJson(r.GetString(4));
        var state = Enum.Parse<RunState>(r.GetString(5));
        // A shared run is alive while any of its servers beats (each beat refreshes the run's heartbeat), whichever process created it.
        var shared = r.GetLong(28) > 0;
        var heartbeat = DbExtensions.FromUnixMilliseconds(r.GetLong(19));
        if (state is RunState.Running or RunState.Queued && !(shared ? DateTime.UtcNow - heartbeat <= StaleAfter : IsLive(heartbeat, r.GetString(21), (int)r.GetLong(22))))
            state = RunState.Interrupted;
        var started = DbExtensions.FromUnixMilliseconds(r.GetLong(17));
        var run = new ExportRun
        {
            RunId = r.GetLong(0),
            Task = r.GetString(2),
            State = state,
            Destination = r.GetString(6),
            Selected = r.GetLong(8),
            Exported = r.GetLong(9),
            Skipped = r.GetLong(10),
            Failed = r.GetLong(11),
            Bytes = r.GetLong(12),
            // A run whose process is gone has lost its open part: only what was delivered counts.
            Written = state == RunState.Interrupted ? 0 : r.GetLong(24),
            BytesWritten = state == RunState.Interrupted ? r.GetLong(12) : r.GetLong(25),
            TotalBytes = r.GetLong(13),
            Outputs = JsonSerializer.Deserialize<string[]>(r.GetString(15)) ?? [],
            Message = r.GetNullableString(16),
            StartedUtc = started,
            EndedUtc = r.IsDBNull(18) ? null : DbExtensions.FromUnixMilliseconds(r.GetLong(18)),
            StartedBy = r.GetString(20),
            Servers = [r.GetString(21)],
            ArchiveMethod = settings.ArchiveMethod,
        };
        if (state == RunState.Running && run.BytesWritten > 0 && run.TotalBytes > run.BytesWritten)
        {
            var rate = run.BytesWritten / Math.Max(1, (DateTime.UtcNow - started).TotalSeconds);
            run.Eta = TimeSpan.FromSeconds((run.TotalBytes - run.BytesWritten) / rate);
        }
        return new RunRecord(run, r.IsDBNull(1) ? null : r.GetLong(1), r.GetString(3), settings, r.GetString(7), (int)r.GetLong(14), r.GetLong(23) != 0, (int)r.GetLong(22), (int)r.GetLong(26), r.GetLong(27) != 0)
        {
            Shared = shared,
        };
    }

    /// <summary>A run marked Queued or Running is alive while its heartbeat is fresh and, on this machine, its process exists.</summary>
    internal static bool IsLive(DateTime heartbeatUtc, string machine, int processId) =>
        DateTime.UtcNow - heartbeatUtc <= StaleAfter && (machine != Environment.MachineName || ProcessAlive(processId));

    /// <summary>A run on this machine whose process is gone is interrupted now, not only once its heartbeat goes stale.</summary>
    private static bool ProcessAlive(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static List<string> ReadOutputs(DbConnection connection, DbTransaction transaction, long runId)
    {
        using var command = Command(connection, transaction, "SELECT outputs FROM export_run WHERE id = @id");
        command.AddParameter("@id", runId);
        return JsonSerializer.Deserialize<List<string>>((string)command.ExecuteScalar()!) ?? [];
    }

    private void Update(long runId, string sql, params object?[] values) => _catalog.WriteUnit($"updating run {runId}", () =>
    {
        using var connection = _catalog.OpenConnection();
        using var command = Command(connection, null, sql);
        var names = new[] { "@a", "@b", "@c" };
        for (var i = 0; i < values.Length; i++) command.AddParameter(names[i], values[i]);
        command.AddParameter("@id", runId);
        if (command.ExecuteNonQuery() == 0)
            throw new ConversationExportException(ErrorId.RunNotFound, ErrorKind.NotFound, $"No export run with id {runId}.", runId);
        return 0;
    });

}

/// <summary>A run with what the engine needs to continue it.</summary>
public sealed record RunRecord(ExportRun Run, long? TaskId, string Trigger, ExportSettings Settings, string BaseName, int NextPart, bool StopRequested, int ProcessId, int ResumeAttempts, bool SnapshotDone)
{
    /// <summary>Run by several export servers (SPEC §9): it has registered workers.</summary>
    public bool Shared { get; init; }
}
