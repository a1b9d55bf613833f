using System.Collections.Concurrent;
using ConversationExport.Engine.Archive;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Export.Naming;
using ConversationExport.Engine.Security;
using ConversationExport.Engine.Targets;

namespace ConversationExport.Engine.Export;

/// <summary>
/// Runs shared by several export servers (SPEC §9). Each server that runs the task joins the task's
/// current run, leases batches of its items, writes them into its own archive parts
/// (&lt;base&gt;_&lt;server&gt;[_partN].zip) and commits only what is still leased to it. A server that
/// dies is reaped by the others: its leased and undelivered items go back to pending and its
/// undelivered files are deleted. The last server to finish writes the run's CDR and manifest,
/// covering every part of every server, into a final part of its own.
/// </summary>
public sealed partial class ExportRunner
{
    private RunWorkerCatalog Workers => new(_catalog);

    /// <summary>Refuses a shared task on this server when it is not one of the task's servers, or the catalog cannot share runs.</summary>
    private void CheckSharedServer(string taskName, ExportSettings settings)
    {
        if (RunWorkerCatalog.IsShared(settings) && _catalog.Info.Provider == CatalogProvider.Sqlite)
            throw new ConversationExportException(ErrorId.MultiServerNeedsServerCatalog, ErrorKind.InvalidArgument,
                $"The export task '{taskName}' names several servers ({string.Join(", ", settings.Server)}), but its catalog is an embedded SQLite file, which one server uses at a time. Keep one -Server, or move the catalog to PostgreSQL or SQL Server.", taskName);
        var self = RunWorkerCatalog.ThisServer;
        if (!settings.Server.Contains(self, StringComparer.OrdinalIgnoreCase))
            throw new ConversationExportException(ErrorId.RunServerNotListed, ErrorKind.PermissionDenied,
                $"This server ('{self}') is not one of the servers of the export task '{taskName}' ({string.Join(", ", settings.Server)}), so it does not run it. Run it on one of those, or add this server with Set-ExportTask -Server.", taskName);
    }

    /// <summary>Server name in the names of its parts: file-name safe, so it never changes where a part lands.</summary>
    private static string ServerBase(string baseName, string server) => $"{baseName}_{ExportPath.Sanitize(server)}";

    /// <summary>Deletes what a server that died left undelivered: its temporaries, and parts it renamed into place after its last commit.</summary>
    private static void DiscardServerLeftovers(IStorageTarget target, RunRecord record, RunWorker worker)
    {
        var serverBase = ServerBase(record.BaseName, worker.Server);
        target.DeleteUndelivered(serverBase);
        if (record.Settings.ArchiveMethod == ArchiveMethod.None) return;
        foreach (var name in target.List(serverBase))
            if (PartNames.PartNumber(name, serverBase) is { } n && n >= worker.NextPart) target.Delete(name);
    }

    private async Task<ExportRun> RunSharedAsync(long runId, IProgress<ExportRun>? progress, CancellationToken cancellation)
    {
        var server = RunWorkerCatalog.ThisServer;
        var workers = Workers;
        var record = _runs.Get(runId);
        // A server that joined while the first one still takes the snapshot waits for it.
        while (!record.SnapshotDone)
        {
            if (record.Run.State is not (RunState.Running or RunState.Queued))
            {
                // The server taking the snapshot died (or failed) before it was complete: the run cannot be continued.
                workers.Quit(runId, server, "Done", RunState.Failed,
                    record.Run.Message ?? $"The server that created run {runId} stopped while it was still choosing the conversations; start the task again for a new run.");
                return _runs.Get(runId).Run;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellation);
            record = _runs.Get(runId);
        }
        var settings = record.Settings;
        string? password;
        try
        {
            password = settings.ProtectedPassword is null ? null : SecretProtector.Unprotect(settings.ProtectedPassword);
        }
        catch (ConversationExportException error)
        {
            workers.Quit(runId, server, "Failed", RunState.Failed, error.Message);
            return _runs.Get(runId).Run;
        }
        using var target = OpenTarget(record);
        var zip = settings.ArchiveMethod != ArchiveMethod.None;
        var serverBase = ServerBase(record.BaseName, server);

        _bytesSinceCommit = 0;
        await using var heartbeat = new RunHeartbeat(() => workers.Heartbeat(runId, server, Interlocked.Read(ref _bytesSinceCommit)),
            $"server {server} was taken for dead by the other servers, which took its items over", cancellation);
        var token = heartbeat.Token;
        var nextPart = workers.Workers(runId).First(w => string.Equals(w.Server, server, StringComparison.OrdinalIgnoreCase)).NextPart;
        IArchiveWriter? writer = null;
        var delivered = new ConcurrentQueue<string>();
        void Commit(IEnumerable<ItemOutcome> outcomes)
        {
            var containers = Drain(delivered);
            Interlocked.Exchange(ref _bytesSinceCommit, 0);
            if (zip) nextPart += containers.Count;
            _runs.Commit(runId, outcomes, containers, nextPart, zip ? containers.Select(target.PathOf).ToList() : [], server);
        }
        IArchiveWriter NewWriter()
        {
            var created = ArchiveWriters.Create(new ArchiveOptions(target.StagingFolder, serverBase, settings.ArchiveMethod, password, settings.MaxArchiveSize, nextPart, Math.Max(1, Parallelism), target));
            created.Delivered += part => delivered.Enqueue(part.Container);
            return created;
        }
        async Task Deliver()
        {
            var completed = await writer!.CompleteAsync(token);
            await writer.DisposeAsync();
            writer = null;
            Commit([]);
            if (!zip) _runs.Commit(runId, [], [], nextPart, completed, server);
        }

        try
        {
            var stopped = false;
            while (true)
            {
                foreach (var dead in workers.ReapDead(runId, server)) DiscardServerLeftovers(target, record, dead);
                writer = NewWriter();
                while (!stopped)
                {
                    token.ThrowIfCancellationRequested();
                    if (_runs.StopRequested(runId) || (record.Trigger != ManualTrigger && record.TaskId is { } taskId && _tasks.FindTask(taskId)?.Task.Enabled == false))
                    {
                        stopped = true;
                        break;
                    }
                    var batch = workers.Lease(runId, server, BatchSize);
                    if (batch.Count == 0) break;
                    var (outcomes, writerFailure) = await ProcessBatch(batch, settings, writer, target, token);
                    Commit(outcomes);
                    if (writerFailure is not null) throw writerFailure;
                    progress?.Report(_runs.Get(runId).Run);
                }
                await Deliver();
                if (stopped)
                {
                    var after = _runs.Get(runId).Run;
                    workers.Quit(runId, server, "Done", RunState.Cancelled,
                        $"Stopped after a batch on request; {after.Processed} of {after.Selected} processed. Resume with Invoke-ConversationExport -Resume -RunId {runId}.");
                    return _runs.Get(runId).Run;
                }
                var next = workers.NothingLeft(runId, server);
                if (next == WorkerNext.LeaseAgain)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), token); // a dead server's items come back once it is reaped
                    continue;
                }
                if (next == WorkerNext.Leave) return _runs.Get(runId).Run;

                // The last server: the CDR and manifest of the whole run, in a final part of its own.
                writer = NewWriter();
                var extras = await RunCdr.AddAsync(writer, target, record, _runs, _store, token);
                if (!settings.NoManifest) await AddManifest(writer, target, record, runId, extras, token);
                await Deliver();
                break;
            }
        }
        catch (OperationCanceledException)
        {
            if (writer is not null) await writer.AbortAsync();
            // Taken for dead: its items went to the others, so parts it delivered after its last commit must go.
            if (heartbeat.AbandonReason is not null && !heartbeat.LauncherGone
                && workers.Workers(runId).FirstOrDefault(w => string.Equals(w.Server, server, StringComparison.OrdinalIgnoreCase)) is { } reaped)
                DiscardServerLeftovers(target, record, reaped);
            if (heartbeat.AbandonReason is null || heartbeat.LauncherGone)
                workers.Quit(runId, server, "Done", heartbeat.AbandonReason is null ? RunState.Cancelled : RunState.Interrupted,
                    $"{(heartbeat.AbandonReason is null ? "Cancelled" : "Interrupted: " + heartbeat.AbandonReason)}; nothing of the open part was delivered. Resume with Invoke-ConversationExport -Resume -RunId {runId}.");
            return _runs.Get(runId).Run;
        }
        catch (Exception error) when (error is ConversationExportException or IOException or UnauthorizedAccessException)
        {
            if (writer is not null) await writer.AbortAsync();
            // Parts this server delivered after its last commit hold items that go back to the others.
            var self = workers.Workers(runId).FirstOrDefault(w => string.Equals(w.Server, server, StringComparison.OrdinalIgnoreCase));
            workers.Quit(runId, server, "Failed", RunState.Failed, $"{error.Message} Resume with Invoke-ConversationExport -Resume -RunId {runId}.");
            if (self is not null) DiscardServerLeftovers(target, record, self);
            return _runs.Get(runId).Run;
        }
        finally
        {
            if (writer is not null) await writer.DisposeAsync();
        }

        var ended = _runs.Get(runId).Run;
        var state = ended.Failed > 0 ? RunState.CompletedWithErrors : RunState.Completed;
        _runs.Finish(runId, state, ended.Failed > 0 ? $"{ended.Failed} conversation(s) failed; Get-ExportLog -RunId {runId} lists why." : null,
            dropItems: settings.NoDatabaseLog, worker: server);
        var final = _runs.Get(runId).Run;
        progress?.Report(final);
        return final;
    }
}
