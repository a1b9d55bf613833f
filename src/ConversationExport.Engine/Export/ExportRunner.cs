using ConversationExport.Engine.Output;
using System.Collections.Concurrent;
using System.Globalization;
using ConversationExport.Engine.Archive;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Export.Download;
using ConversationExport.Engine.Export.Naming;
using ConversationExport.Engine.Notify;
using ConversationExport.Engine.Query;
using ConversationExport.Engine.Security;
using ConversationExport.Engine.Targets;

namespace ConversationExport.Engine.Export;

/// <summary>What a run would do (-WhatIf): how many conversations, how many bytes, where.</summary>
public sealed record ExportPreview(string Task, long Conversations, long Files, long Bytes, string Destination);

/// <summary>
/// Starts, runs and resumes exports (SPEC §6.1, §11). A run first snapshots the selected
/// conversation ids with their final names into run items, then processes them in batches; every
/// batch is committed, and files count as exported only once their container is delivered.
/// </summary>
public sealed partial class ExportRunner
{
    public const int BatchSize = 100;
    public const string ManualTrigger = "Manual";
    public const string AutomaticTrigger = "Automatic";

    private readonly ConversationCatalog _catalog;
    private readonly CallerIdentity _caller;
    private readonly RunCatalog _runs;
    private readonly TaskCatalog _tasks;
    private readonly AccessCatalog _access;
    // The conversations of the run in hand, seen as its owner sees them (SPEC §12); set by every entry point
    // before it selects or reads one, so no run reads outside its owner's scope.
    private ConversationStore _store;

    public ExportRunner(ConversationCatalog catalog, CallerIdentity caller)
    {
        _catalog = catalog;
        _caller = caller;
        _runs = new RunCatalog(catalog, caller);
        _tasks = new TaskCatalog(catalog, caller);
        _access = new AccessCatalog(catalog, caller);
        _store = new ConversationStore(catalog, new AccessScope(false, [], [])); // nothing, until authorized
    }

    // ---- permissions ---------------------------------------------------------------------

    /// <summary>
    /// Who a run works for: the task's owner (its creator), whoever or whatever starts it; an ad-hoc
    /// run's starter. The caller must hold ConversationExport and own the task or be an administrator.
    /// </summary>
    private PrincipalAccess AuthorizeStart(StoredTask? task, ExportSettings settings, string action, string target)
    {
        var caller = _access.Demand(ExportPermission.ConversationExport, action, target);
        var owner = caller;
        if (task is not null)
        {
            _access.DemandOwnerOrAdministrator(task.Task.CreatedBy, action, target);
            owner = AuthorizeOwner(task.Task.CreatedBy, settings, action, target);
        }
        else _tasks.DemandSettings(owner, settings, action, target, adHoc: true);
        _store = new ConversationStore(_catalog, owner.Scope);
        return owner;
    }

    /// <summary>The owner's permissions as they are now: revoked ones stop the run with the reason.</summary>
    private PrincipalAccess AuthorizeOwner(string owner, ExportSettings settings, string action, string target)
    {
        var access = _access.DemandOwner(owner, ExportPermission.ConversationExport, action, target);
        if (settings.Incremental) _access.DemandOwner(owner, ExportPermission.RecurringConversationExport, action, target);
        _tasks.DemandSettings(access, settings, action, target, adHoc: settings.Destination is not null);
        return access;
    }

    private string OwnerOf(RunRecord record) =>
        record.TaskId is { } id && _tasks.FindTask(id) is { } task ? task.Task.CreatedBy : record.Run.StartedBy;

    public RunCatalog Runs => _runs;

    /// <summary>Chunks compressed at once; defaults to the core count.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Attempts at opening a source file that fails with a transient I/O error.</summary>
    public int Retries { get; init; } = 3;

    // ---- starting ------------------------------------------------------------------------

    public ExportPreview Preview(string taskName, ExportSettings settings, IReadOnlyList<long>? ids)
    {
        AuthorizeStart(ids is null && settings.Destination is null ? _tasks.FindTask(taskName) : null, settings, "InvokeConversationExport", taskName);
        ExportValidator.Validate(settings, _tasks);
        EnsureDownloadAllowed(taskName, settings, LoadDownloadSettings());
        long conversations = 0, files = 0, bytes = 0;
        foreach (var conversation in Select(settings, ids))
        {
            conversations++;
            var (planned, _) = ExportPlan.For(conversation, settings);
            files += planned.Count;
            bytes += planned.Sum(RecordedSource.SizeOf);
        }
        using var target = OpenTarget(settings);
        return new ExportPreview(taskName, conversations, files, bytes, target.Location);
    }

    /// <summary>Creates a run of a stored task and snapshots its conversations; returns the run id.</summary>
    public long StartTask(string taskName, string trigger)
    {
        var task = _tasks.GetTask(taskName);
        AuthorizeStart(task, task.Settings, "InvokeConversationExport", task.Task.Name);
        return Start(task.Task.Id, task.Task.Name, trigger, task.Settings, null);
    }

    /// <summary>What a scheduled start did: resumed an unfinished run or started a new one, and anything the operator must hear.</summary>
    public sealed record ScheduledStart(long RunId, bool Resumed, string? Warning);

    /// <summary>
    /// A scheduled run (SPEC §6.2): always incremental. An Interrupted or Failed last run of the task is
    /// resumed first, up to the task's MaxResumeAttempts; after that it is given up (its undelivered
    /// files discarded, the operator warned) and a new run starts from the task's watermark, which
    /// still covers everything the given-up run did not deliver.
    /// </summary>
    public ScheduledStart StartScheduled(string taskName)
    {
        var task = _tasks.GetTask(taskName);
        AuthorizeStart(task, task.Settings with { Incremental = true }, "InvokeConversationExport", task.Task.Name);
        string? warning = null;
        // A shared task's next start joins its unfinished run (taking over what dead servers left), so there is nothing to give up.
        if (RunWorkerCatalog.IsShared(task.Settings))
            return new ScheduledStart(Start(task.Task.Id, task.Task.Name, AutomaticTrigger, task.Settings with { Incremental = true }, null), false, null);
        if (_runs.List(task.Task.Name, null, 1).FirstOrDefault() is { Run.State: RunState.Interrupted or RunState.Failed } last)
        {
            if (last.SnapshotDone && last.ResumeAttempts < task.Settings.MaxResumeAttempts)
                return new ScheduledStart(PrepareResume(last.Run.RunId, null, AutomaticTrigger), true, null);
            warning = last.SnapshotDone
                ? $"Run {last.Run.RunId} of '{task.Task.Name}' was {last.Run.State} after {last.ResumeAttempts} resume attempt(s) ({last.Run.Message}); it was given up and a new run takes over what it did not deliver."
                : null;
            GiveUp(last);
        }
        var runId = Start(task.Task.Id, task.Task.Name, AutomaticTrigger, task.Settings with { Incremental = true }, null);
        return new ScheduledStart(runId, false, warning);
    }

    /// <summary>Discards what a run left undelivered and records that it was given up; what it delivered stays, recorded.</summary>
    private void GiveUp(RunRecord run)
    {
        _runs.MarkGivenUp(run.Run.RunId); // first: refused while another process is using the run
        using var target = OpenTarget(run);
        target.DeleteUndelivered(run.BaseName);
        DiscardUnrecordedParts(run, target);
    }

    /// <summary>Creates an ad-hoc run over the given conversations (or the settings' query when null).</summary>
    public long StartAdHoc(string name, ExportSettings settings, IReadOnlyList<long>? ids)
    {
        AuthorizeStart(null, settings, "InvokeConversationExport", name);
        return Start(null, name, ManualTrigger, settings, ids);
    }

    /// <summary>
    /// What an ad-hoc run records about its selection, so the manifest and the CDR say what was
    /// chosen instead of "All conversations". The ids themselves are the run's items (and the
    /// manifest's file list), so they are not copied into the settings read at every batch.
    /// </summary>
    private static ExportSettings Recorded(ExportSettings settings, IReadOnlyList<long>? ids) => ids is null
        ? settings
        : settings with { Selection = $"{ids.Distinct().Count()} conversation(s) chosen ad hoc{(settings.Query.Criteria.Length > 0 ? " AND " + settings.Query.Text : "")}" };

    private long Start(long? taskId, string name, string trigger, ExportSettings settings, IReadOnlyList<long>? ids)
    {
        ExportValidator.Validate(settings, _tasks);
        var downloads = LoadDownloadSettings();
        EnsureDownloadAllowed(name, settings, downloads);
        DownloadRetention.Sweep(_runs, downloads, DateTime.UtcNow);
        string? server = null;
        if (taskId is not null && settings.Server.Length > 0)
        {
            CheckSharedServer(name, settings);
            if (RunWorkerCatalog.IsShared(settings)) server = RunWorkerCatalog.ThisServer;
        }
        var zone = ExportTimeZone.Find(settings.TimeZone);
        var namer = ExportFileNamer.Create(settings.RenamePattern, settings.TimeZone, settings.NoSubfolders);
        long runId;
        bool joined;
        // An ad-hoc destination is created like any output folder; -WhatIf (Preview) creates nothing.
        if (settings.Destination is { } destination) OutputFolders.EnsureFolder(destination, "destination folder");
        try
        {
            using var target = OpenTarget(settings);
            target.Probe();
            var stamp = ExportTimeZone.ToZone(DateTime.UtcNow, zone).ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture);
            // Anything already named so in the destination (from another catalog, or by hand) keeps the name too.
            (runId, _, joined) = _runs.Create(taskId, name, trigger, Recorded(settings, ids), target.Location, $"{ExportPath.Sanitize(name)}_{stamp}", target.IsTaken, _caller, server);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The start reached the target or the catalog and failed there (unreachable, refused, already running): audited as a failed start.
            _catalog.AuditFailure(_caller, "StartExportRun", name, $"({trigger})", error);
            throw;
        }
        if (joined) return runId; // the server that created the shared run takes (or took) its snapshot

        // Snapshot: the exact set (and the names) the run will deliver, fixed before the first byte
        // is written, so progress has a true total and new recordings cannot slip in mid-run. An
        // incremental run takes what changed after its task's watermark up to a bound read first:
        // whatever commits later is above the bound and left to the next run (SPEC §6.2).
        long sequence = 0, totalBytes = 0;
        var watermark = 0L;
        ChangeWindow? window = settings.Incremental && taskId is { } incrementalTask
            ? new ChangeWindow(_runs.TaskWatermark(incrementalTask), _runs.ChangeSequenceBound(), incrementalTask)
            : null;
        if (window is not null) watermark = window.UpTo;
        // The servers joining a shared run meanwhile must not take its creator for dead while it chooses.
        using var snapshotBeat = server is null ? null : new Timer(_ =>
        {
            try { Workers.Heartbeat(runId, server, 0); }
            catch (Exception) { } // never throw on the thread pool; the next beat tries again
        }, null, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3));
        _catalog.Guard(() =>
        {
            using var connection = _catalog.OpenConnection();
            var transaction = _catalog.BeginWrite(connection);
            try
            {
                // Collisions are resolved against the catalog (unique per run), not in memory, so a
                // million-conversation snapshot needs no name set; a taken name gets a counter (x_1, x_2 …).
                var pending = new List<RunCatalog.SnapshotItem>(SnapshotBatch);
                foreach (var conversation in Select(settings, ids, window))
                {
                    sequence++;
                    pending.Add(new RunCatalog.SnapshotItem(sequence, conversation, namer.RelativeBase(conversation, sequence)));
                    totalBytes += ExportPlan.For(conversation, settings).Files.Sum(RecordedSource.SizeOf);
                    if (window is null) watermark = Math.Max(watermark, conversation.ChangeSequence);
                    if (pending.Count == SnapshotBatch)
                    {
                        _runs.AddItems(connection, transaction, runId, pending, WithCounter);
                        pending.Clear();
                    }
                    if (sequence % 5000 == 0)
                    {
                        transaction.Commit();
                        transaction.Dispose();
                        transaction = _catalog.BeginWrite(connection);
                    }
                }
                _runs.AddItems(connection, transaction, runId, pending, WithCounter);
                transaction.Commit();
            }
            finally
            {
                transaction.Dispose();
            }
            return 0;
        });
        _runs.SetSnapshot(runId, sequence, totalBytes, watermark);
        return runId;
    }

    // ---- running ------------------------------------------------------------------------

    /// <summary>Processes a run's pending items until done, stopped or failed; returns the run as it ended.</summary>
    public async Task<ExportRun> RunAsync(long runId, IProgress<ExportRun>? progress, CancellationToken cancellation)
    {
        var record = _runs.Get(runId);
        try
        {
            // Checked again as the run starts or resumes: permissions revoked meanwhile end it (SPEC §12).
            _store = new ConversationStore(_catalog, AuthorizeOwner(OwnerOf(record), record.Settings, "RunConversationExport", record.Run.Task).Scope);
        }
        catch (ConversationExportException error) when (error.Kind == ErrorKind.PermissionDenied)
        {
            _runs.Finish(runId, RunState.Failed, error.Message, dropItems: false);
            return _runs.Get(runId).Run;
        }
        if (record.Shared) return await RunSharedAsync(runId, progress, cancellation);
        var settings = record.Settings;
        string? password;
        try
        {
            password = settings.ProtectedPassword is null ? null : SecretProtector.Unprotect(settings.ProtectedPassword);
        }
        catch (ConversationExportException error)
        {
            _runs.Finish(runId, RunState.Failed, error.Message, dropItems: false);
            return _runs.Get(runId).Run;
        }
        using var target = OpenTarget(record);
        var options = new ArchiveOptions(target.StagingFolder, record.BaseName, settings.ArchiveMethod, password, settings.MaxArchiveSize, record.NextPart, Math.Max(1, Parallelism), target);
        var zip = settings.ArchiveMethod != ArchiveMethod.None;
        var delivered = new ConcurrentQueue<string>();
        // The part numbers the catalog has seen delivered: a resume starts after them and discards any part
        // that was renamed into place after the last commit (its items are redone, so it must not stay).
        var nextPart = record.NextPart;
        void Commit(IEnumerable<ItemOutcome> outcomes)
        {
            var containers = Drain(delivered);
            Interlocked.Exchange(ref _bytesSinceCommit, 0);
            if (zip) nextPart += containers.Count;
            var outputs = zip ? containers.Select(target.PathOf).ToList() : [];
            _runs.Commit(runId, outcomes, containers, nextPart, outputs);
        }

        _bytesSinceCommit = 0;
        await using var heartbeat = new RunHeartbeat(() => _runs.Heartbeat(runId, Interlocked.Read(ref _bytesSinceCommit)),
            "it is no longer this process's run", cancellation);
        cancellation = heartbeat.Token;
        var stopped = false;
        IArchiveWriter? writer = null;
        try
        {
            writer = ArchiveWriters.Create(options);
            writer.Delivered += part => delivered.Enqueue(part.Container);
            var batches = 0;
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                var batch = _runs.NextBatch(runId, BatchSize);
                if (batch.Count == 0) break;
                // A stop takes effect between batches, and only while there is something left: a run that
                // did everything completes, with its CDR and manifest, even when a stop came with its last batch.
                if (batches > 0 && (_runs.StopRequested(runId) || (record.Trigger != ManualTrigger && record.TaskId is { } taskId && _tasks.FindTask(taskId)?.Task.Enabled == false)))
                {
                    stopped = true;
                    break;
                }
                var (outcomes, writerFailure) = await ProcessBatch(batch, settings, writer, target, cancellation);
                // Settled items and delivered parts are recorded even when the writer failed: counters match the disk.
                Commit(outcomes);
                if (writerFailure is not null) throw writerFailure;
                // Measured on the export memory bench: peak 223 → 192 MB at 100,000 conversations.
                if (++batches % 10 == 0) NativeHeap.Trim();
                progress?.Report(_runs.Get(runId).Run);
            }
            if (!stopped)
            {
                var extras = await RunCdr.AddAsync(writer, target, record, _runs, _store, cancellation);
                if (!settings.NoManifest) await AddManifest(writer, target, record, runId, extras, cancellation);
            }
            var completed = await writer.CompleteAsync(cancellation);
            Commit([]);
            if (!zip) _runs.Commit(runId, [], [], nextPart, completed);
        }
        catch (OperationCanceledException)
        {
            if (writer is not null) await writer.AbortAsync();
            _runs.Finish(runId, heartbeat.AbandonReason is null ? RunState.Cancelled : RunState.Interrupted,
                $"{(heartbeat.AbandonReason is null ? "Cancelled" : "Interrupted: " + heartbeat.AbandonReason)}; nothing of the open part was delivered. Resume with Invoke-ConversationExport -Resume -RunId {runId}.",
                dropItems: false);
            return _runs.Get(runId).Run;
        }
        catch (Exception error) when (error is ConversationExportException or IOException or UnauthorizedAccessException)
        {
            if (writer is not null) await writer.AbortAsync();
            _runs.Finish(runId, RunState.Failed, $"{error.Message} Resume with Invoke-ConversationExport -Resume -RunId {runId}.", dropItems: false);
            return _runs.Get(runId).Run;
        }
        finally
        {
            if (writer is not null) await writer.DisposeAsync();
        }

        var after = _runs.Get(runId).Run;
        var state = stopped ? RunState.Cancelled : after.Failed > 0 ? RunState.CompletedWithErrors : RunState.Completed;
        var message = stopped
            ? $"Stopped after a batch on request; {after.Processed} of {after.Selected} processed. Resume with Invoke-ConversationExport -Resume -RunId {runId}."
            : after.Failed > 0 ? $"{after.Failed} conversation(s) failed; Get-ExportLog -RunId {runId} lists why." : null;
        _runs.Finish(runId, state, message, dropItems: !stopped && settings.NoDatabaseLog);
        var final = _runs.Get(runId).Run;
        progress?.Report(final);
        return final;
    }

    /// <summary>
    /// Sends the e-mail its task asks for about a run that ended (call it after <see cref="RunAsync"/>);
    /// null when none is due. Never throws for a mail problem and never changes the run: a failure is
    /// in the outcome (and the audit log), for the caller to show as a warning.
    /// </summary>
    public Task<NotifyOutcome?> NotifyAsync(ExportRun run) => new RunNotifier(_catalog, _caller).NotifyAsync(run);

    /// <summary>
    /// Makes an unfinished run continue after its last committed batch: claims it for this process
    /// (atomically: of two callers at once, one gets it), then discards its half-written part.
    /// </summary>
    public long PrepareResume(long? runId, string? taskName, string trigger = ManualTrigger)
    {
        var id = runId ?? _runs.List(taskName, [RunState.Interrupted, RunState.Failed, RunState.Cancelled], 1).FirstOrDefault()?.Run.RunId
            ?? throw new ConversationExportException(ErrorId.RunNotFound, ErrorKind.NotFound,
                taskName is null ? "No interrupted, failed or cancelled run to resume." : $"The export task '{taskName}' has no interrupted, failed or cancelled run to resume.", taskName);
        var existing = _runs.Get(id);
        EnsureDownloadAllowed(existing.Run.Task, existing.Settings, LoadDownloadSettings());
        _access.Demand(ExportPermission.ConversationExport, "InvokeConversationExport", existing.Run.Task);
        _access.DemandOwnerOrAdministrator(OwnerOf(existing), "InvokeConversationExport", existing.Run.Task);
        using var target = OpenTarget(existing);
        target.Probe();
        if (existing.Shared)
        {
            // This server joins the run; dead servers' leftovers are reaped by the run itself.
            CheckSharedServer(existing.Run.Task, existing.Settings);
            Workers.JoinForResume(id, RunWorkerCatalog.ThisServer, existing.Run.Task);
            return id;
        }
        var record = _runs.ClaimForResume(id, trigger);
        // Only after the claim: the files of a run being resumed by someone else are not ours to touch.
        target.DeleteUndelivered(record.BaseName);
        DiscardUnrecordedParts(record, target);
        return id;
    }

    /// <summary>
    /// Parts renamed into place after the last commit hold items the catalog still has as pending;
    /// they are redone, so those parts go (a reader never saw them recorded as delivered).
    /// </summary>
    private static void DiscardUnrecordedParts(RunRecord record, IStorageTarget target)
    {
        if (record.Settings.ArchiveMethod == ArchiveMethod.None) return;
        foreach (var name in target.List(record.BaseName))
            if (PartNames.PartNumber(name, record.BaseName) is { } n && n >= record.NextPart) target.Delete(name);
    }

    /// <summary>
    /// Writes one batch; returns the outcomes of the items that were settled, and the writer's own failure
    /// (disk full, destination gone) if one happened: the caller commits what was settled before it fails.
    /// </summary>
    private async Task<(List<ItemOutcome> Outcomes, ConversationExportException? WriterFailure)> ProcessBatch(IReadOnlyList<PendingItem> batch, ExportSettings settings, IArchiveWriter writer, IStorageTarget target, CancellationToken cancellation)
    {
        var conversations = _store.Enumerate(new ConversationSelection(Ids: batch.Select(i => i.ConversationPk).ToList()), cancellation).ToDictionary(c => c.Id);
        var queued = new List<(PendingItem Item, ItemOutcome? Done, List<(string Path, Task<ArchivedFile> Write)> Writes, string? Note)>();
        foreach (var item in batch)
        {
            if (!conversations.TryGetValue(item.ConversationPk, out var conversation))
            {
                queued.Add((item, new ItemOutcome(item.Sequence, RunItemState.Failed, "the conversation is no longer in the catalog", []), [], null));
                continue;
            }
            var (files, skip) = ExportPlan.For(conversation, settings);
            if (skip is not null)
            {
                queued.Add((item, new ItemOutcome(item.Sequence, RunItemState.Skipped, skip, []), [], null));
                continue;
            }
            // Check every source before writing any: a conversation is exported whole or reported, not half.
            // Names first, from the full plan, so a failure can name the export file it concerns; the
            // reason gives the file's name, not the recording server's path (the manifest leaves the site).
            var allNames = ExportPlan.Names(item.BasePath, files);
            string? problem = null, problemFile = null, note = null;
            var present = new List<PlannedFile>();
            var names = new List<string>();
            for (var i = 0; i < files.Count; i++)
            {
                var finding = RecordedSource.Check(files[i]);
                if (finding.Problem is not null)
                {
                    problem = finding.Problem;
                    problemFile = allNames[i];
                    break;
                }
                if (finding.Note is not null)
                {
                    note = finding.Note;
                    continue;
                }
                present.Add(files[i]);
                names.Add(allNames[i]);
            }
            if (problem is not null)
            {
                queued.Add((item, new ItemOutcome(item.Sequence, RunItemState.Failed, problem, [], ProblemFile: problemFile), [], null));
                continue;
            }
            if (names.FirstOrDefault(n => !ExportPath.IsSafeRelative(n)) is { } unsafeName)
            {
                // Naming never produces this; the guard keeps a future bug from writing outside the export root.
                queued.Add((item, new ItemOutcome(item.Sequence, RunItemState.Failed, $"refused unsafe export path '{unsafeName}'", [], ProblemFile: unsafeName), [], null));
                continue;
            }
            var writes = present.Select((file, i) => (names[i], Counted(writer.AddAsync(names[i], () => OpenSource(file),
                file.SourcePath is null ? DateTime.UtcNow : File.GetLastWriteTimeUtc(file.SourcePath), cancellation)))).ToList();
            queued.Add((item, null, writes, note));
        }

        var outcomes = new List<ItemOutcome>(batch.Count);
        ConversationExportException? writerFailure = null;
        foreach (var (item, done, writes, note) in queued)
        {
            if (done is not null)
            {
                outcomes.Add(done);
                continue;
            }
            var written = new List<ArchivedFileRecord>();
            string? failure = null, failedPath = null;
            var writerFailed = false;
            foreach (var (path, write) in writes)
            {
                try
                {
                    var file = await write;
                    written.Add(new ArchivedFileRecord(file.Path, file.Size, file.Sha256, file.Container));
                }
                // The destination's failures (a full disk, a storage target gone or refusing) fail the writer, not the conversation.
                catch (ConversationExportException error) when (error.Id is ErrorId.ArchiveDiskFull or ErrorId.ArchiveWriteFailed
                    or ErrorId.StorageTargetUnavailable or ErrorId.StorageTargetAccessDenied or ErrorId.StorageTargetVerifyFailed or ErrorId.SftpHostKeyMismatch)
                {
                    writerFailure ??= error;
                    writerFailed = true;
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException or ConversationExportException { Kind: ErrorKind.InvalidData })
                {
                    failure ??= $"{path}: {error.Message}";
                    failedPath ??= path;
                }
                catch (OperationCanceledException) when (writerFailure is not null)
                {
                    writerFailed = true;
                }
            }
            if (writerFailed)
            {
                // The item stays Pending and is redone on resume; loose files of it already in place are not
                // recorded anywhere, so they go: what is on disk must match what the run counts.
                DiscardLoose(target, settings, written);
                continue;
            }
            if (failure is not null)
            {
                outcomes.Add(new ItemOutcome(item.Sequence, RunItemState.Failed, failure, written, ProblemFile: failedPath));
                continue;
            }
            outcomes.Add(new ItemOutcome(item.Sequence, RunItemState.Written, note, written, written[^1].Container));
        }
        return (outcomes, writerFailure);
    }

    private static void DiscardLoose(IStorageTarget target, ExportSettings settings, IEnumerable<ArchivedFileRecord> placed)
    {
        if (settings.ArchiveMethod != ArchiveMethod.None) return;
        foreach (var file in placed) target.Delete($"{file.Container}/{file.Path}");
    }

    /// <summary>
    /// Writes the manifest last, into the final part (or the run folder), once every conversation is
    /// in: it is spooled to a temporary file beside the output first, because it is read from the
    /// catalog as a stream and may be far larger than memory should hold.
    /// </summary>
    private async Task AddManifest(IArchiveWriter writer, IStorageTarget target, RunRecord record, long runId, IReadOnlyList<RunManifest.ExtraFile> extras, CancellationToken cancellation)
    {
        var spool = target.TemporaryPath($"{record.BaseName}.spool-manifest");
        await using (var output = new FileStream(spool, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            _catalog.Guard(() => { RunManifest.Write(output, _runs, runId, _caller, extras); return 0; });
        Stream Open() => new FileStream(spool, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose);
        await writer.AddAsync(RunManifest.FileName, Open, DateTime.UtcNow, cancellation);
    }

    // Bytes written since the last commit: the heartbeat reports them, so progress moves between batches.
    private long _bytesSinceCommit;

    private async Task<ArchivedFile> Counted(Task<ArchivedFile> write)
    {
        var file = await write;
        Interlocked.Add(ref _bytesSinceCommit, file.Size);
        return file;
    }

    private static List<string> Drain(ConcurrentQueue<string> delivered)
    {
        var containers = new List<string>();
        while (delivered.TryDequeue(out var container)) containers.Add(container);
        return containers;
    }

    /// <summary>Opens a source with retries for transient faults; a refused or missing file is not retried.</summary>
    private Stream OpenSource(PlannedFile file)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return RecordedSource.Open(file, 1 << 18);
            }
            catch (IOException error) when (attempt < Retries && error is not (FileNotFoundException or DirectoryNotFoundException or SourceRefusedException))
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt - 1)));
            }
        }
    }

    /// <summary>What an incremental run of a task selects from: changes after its watermark, up to a committed bound, not yet delivered by it.</summary>
    private sealed record ChangeWindow(long After, long UpTo, long TaskId);

    private IEnumerable<Conversation> Select(ExportSettings settings, IReadOnlyList<long>? ids, ChangeWindow? window = null)
    {
        var criteria = settings.Query.Criteria.ToList();
        if (settings.SourceDataset != SourceDataset.Both)
            criteria.Add(QueryBuilder.Criterion("Dataset", "In", [settings.SourceDataset.ToString()]));
        var query = QueryBuilder.Query(criteria);
        if (ids is null)
            return _store.Enumerate(new ConversationSelection(query, ChangedAfter: window?.After, ChangedUpTo: window?.UpTo, NotDeliveredByTask: window?.TaskId));
        // Ad hoc: the conversations piped in, in chunks so a large pipeline does not make one huge IN list.
        return ids.Distinct().Chunk(500).SelectMany(chunk => _store.Enumerate(new ConversationSelection(query, Ids: chunk)));
    }

    /// <summary>Where a new run of these settings goes: an ad-hoc folder, the download area, or the task's storage target.</summary>
    private IStorageTarget OpenTarget(ExportSettings settings)
    {
        if (settings.Destination is { } folder) return new FileSystemTarget(folder);
        if (settings.TargetType == ExportTargetType.Download) return new FileSystemTarget(DownloadArea.Folder());
        return OpenStored(settings.StorageTarget!);
    }

    private IStorageTarget OpenStored(string name) => new StorageTargetCatalog(_catalog, _caller).Open(name, Retries);

    /// <summary>Where an existing run went: a local folder is the one it recorded; a service is reopened by its stored target.</summary>
    private IStorageTarget OpenTarget(RunRecord record)
    {
        var settings = record.Settings;
        if (settings.Destination is null && settings.TargetType == ExportTargetType.StorageTarget
            && _tasks.FindTarget(settings.StorageTarget!) is { Type: not StorageTargetType.FileSystem } remote)
            return OpenStored(remote.Name);
        return new FileSystemTarget(record.Run.Destination!);
    }

    /// <summary>
    /// Re-verifies what a run delivered against its manifest, with the password the run used (decrypted
    /// from the catalog, so a scheduled script needs none): one check per archive set or run folder.
    /// </summary>
    public IReadOnlyList<ArchiveVerification> VerifyRun(long runId, CancellationToken cancellation)
    {
        var record = _runs.Get(runId);
        if (!_access.VisibleRuns("TestExportArchive")(record))
            throw new ConversationExportException(ErrorId.RunNotFound, ErrorKind.NotFound, $"No export run with id {runId} (or not one of {_caller.Name}'s).", runId);
        if (record.Run.Outputs.Length == 0)
            throw new ConversationExportException(ErrorId.ManifestMissing, ErrorKind.InvalidData,
                $"Run {runId} of '{record.Run.Task}' is {record.Run.State} and delivered nothing to verify.", runId);
        var password = record.Settings.ProtectedPassword is { } secret ? SecretProtector.Unprotect(secret) : null;
        using var target = OpenTarget(record);
        var shared = record.Shared && record.Settings.ArchiveMethod != ArchiveMethod.None;
        if (target is FileSystemTarget) return VerifyOutputs(record.Run.Outputs, password, shared, cancellation);
        // A service: the run's files come back into a private folder, are verified there like any local export, and go.
        var copy = Path.Combine(target.StagingFolder, $".verify-{Guid.NewGuid():N}");
        try
        {
            foreach (var name in target.List(record.BaseName))
            {
                var local = Path.Combine(copy, name.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(local)!);
                using var input = target.OpenRead(name);
                using var output = File.Create(local);
                input.CopyTo(output);
            }
            var outputs = record.Run.Outputs.Select(o => Path.Combine(copy, o[(target.PathOf("").Length)..])).ToArray();
            return VerifyOutputs(outputs, password, shared, cancellation).Select(result =>
            {
                result.Path = target.PathOf(Path.GetRelativePath(copy, result.Path).Replace('\\', '/'));
                result.Containers = result.Containers.Select(c => target.PathOf(Path.GetRelativePath(copy, c).Replace('\\', '/'))).ToArray();
                return result;
            }).ToList();
        }
        finally
        {
            if (Directory.Exists(copy)) Directory.Delete(copy, recursive: true);
        }
    }

    private static List<ArchiveVerification> VerifyOutputs(IReadOnlyList<string> outputs, string? password, bool shared, CancellationToken cancellation)
    {
        // A shared run's parts come from several servers, under as many names; its one manifest covers them all.
        if (shared) return [ArchiveVerifier.Verify(outputs[^1], outputs, password, cancellation)];
        var results = new List<ArchiveVerification>();
        var verified = new HashSet<string>(StringComparer.Ordinal);
        foreach (var output in outputs)
        {
            if (verified.Contains(output)) continue;
            var result = ArchiveVerifier.Verify(output, password, cancellation);
            verified.UnionWith(result.Containers);
            results.Add(result);
        }
        return results;
    }

    private DownloadSettings LoadDownloadSettings() => DownloadSettings.Load(new SettingCatalog(_catalog, _caller));

    /// <summary>Set-ExportSetting -DisableDirectDownload forbids Download-type runs: new ones, resumed ones and their previews alike.</summary>
    private static void EnsureDownloadAllowed(string name, ExportSettings settings, DownloadSettings downloads) => downloads.EnsureRunAllowed(name, settings);

    /// <summary>Where Download-type runs are kept for Save-ExportArchive (see <see cref="DownloadArea"/>).</summary>
    public static string DownloadFolder() => DownloadArea.Folder();

    // Snapshot items sent to the catalog in one round trip; 5000 (a transaction) is a multiple of it.
    private const int SnapshotBatch = 500;

    private static string WithCounter(string basePath, int counter) => $"{basePath}_{counter}";

}
