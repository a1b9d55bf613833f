namespace ConversationExport;

/// <summary>Seed §4.1 Target Type: a storage target, or kept on the export server for Save-ExportArchive.</summary>
public enum ExportTargetType : long { StorageTarget, Download }

public enum SourceDataset : long { Online, Archived, Both }

/// <summary>Which files a run exports: Media = the content files (media and IM transcripts), Metadata = the sidecars.</summary>
public enum ExportScope : long { MediaAndMetadata, Media, Metadata }

public enum StorageTargetType : long { FileSystem, Sftp, AzureBlob, S3 }

public enum RunState : long { Queued, Running, Completed, CompletedWithErrors, Failed, Cancelled, Interrupted }

/// <summary>
/// Which ended runs of a task send its notification e-mail: Failure (the default) those that ended
/// Failed or CompletedWithErrors; Always every ended run, also Completed, Cancelled and Interrupted.
/// </summary>
public enum NotifyOn : long { Failure, Always }

/// <summary>Per-conversation outcome in a run.</summary>
public enum RunItemState : long { Pending, Written, Exported, Skipped, Failed }

/// <summary>A named place exports are written to (design §8).</summary>
public sealed class StorageTarget
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public StorageTargetType Type { get; set; }
    /// <summary>FileSystem: a local folder or UNC share.</summary>
    public string? Path { get; set; }
    /// <summary>Users and groups the target is restricted to (seed §1); both empty: every user who may export.</summary>
    public string[] AllowedUser { get; set; } = [];
    public string[] AllowedGroup { get; set; } = [];
    public string? Description { get; set; }
    /// <summary>Where exports go, as runs record it: a folder, or a URI without any secret.</summary>
    public string? Location { get; set; }
    /// <summary>Sftp: server, port, account, pinned host key (SHA256:…) and folder.</summary>
    public string? Host { get; set; }
    public int? Port { get; set; }
    public string? UserName { get; set; }
    public string? HostKeyFingerprint { get; set; }
    public string? RemoteFolder { get; set; }
    /// <summary>AzureBlob: container and name prefix; S3: name prefix.</summary>
    public string? Container { get; set; }
    public string? Prefix { get; set; }
    /// <summary>S3: service URL (S3-compatible services), region, bucket, Object Lock retention.</summary>
    public string? Endpoint { get; set; }
    public string? Region { get; set; }
    public string? Bucket { get; set; }
    public int? ObjectLockDays { get; set; }
    public string? ObjectLockMode { get; set; }
    /// <summary>Whether a credential (password, key, connection string, SAS, access keys) is stored, encrypted; it is never shown.</summary>
    public bool HasCredential { get; set; }
    public DateTime CreatedUtc { get; set; }
    public string CreatedBy { get; set; } = "";

    public override string ToString() => Name;
}

/// <summary>What Test-StorageTarget found: whether a probe could be written and deleted, how long it took, and what failed.</summary>
public sealed class StorageTargetTest
{
    public string Name { get; set; } = "";
    public StorageTargetType Type { get; set; }
    public string? Location { get; set; }
    public bool Succeeded { get; set; }
    public TimeSpan Latency { get; set; }
    /// <summary>The step that failed (Connect, Write probe, …) and why; null when it succeeded.</summary>
    public string? Failure { get; set; }
    public string? ErrorId { get; set; }

    public override string ToString() => $"{Name}: {(Succeeded ? "OK" : Failure)}";
}

/// <summary>Every configuration item of seed §4.1; secrets are never readable from it.</summary>
public sealed class ExportTask : ExportSettingsView
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public bool Enabled { get; set; }
    /// <summary>Whether a ZIP password is stored (encrypted at rest); the password itself is never shown.</summary>
    public bool HasZipPassword { get; set; }
    /// <summary>Who can decrypt the stored password: User (the account that saved it) or Machine; null without one.</summary>
    public SecretScope? ZipPasswordScope { get; set; }
    /// <summary>
    /// The export template whose values were last loaded into the task (New-ExportTask -Template, Set-ExportTask
    /// -Template); null when none was. A record only: the values were copied, so a later change to the template
    /// changes nothing here.
    /// </summary>
    public string? Template { get; set; }
    /// <summary>Whose permissions and conversations the task's runs use (SPEC §12): the user who created it.</summary>
    public string Owner => CreatedBy;

    public override string ToString() => Name;
}

/// <summary>One run of an export (design §6.1, §10): what Invoke-ConversationExport returns and Get-ExportStatus lists.</summary>
public sealed class ExportRun
{
    public long RunId { get; set; }
    public string Task { get; set; } = "";
    public RunState State { get; set; }
    public long Selected { get; set; }
    /// <summary>Conversations delivered: in an archive part renamed into place, or loose files in place. Never counts what a failure discarded.</summary>
    public long Exported { get; set; }
    /// <summary>Conversations written into the archive part still being written; they count as exported once it is delivered.</summary>
    public long Written { get; set; }
    public long Skipped { get; set; }
    public long Failed { get; set; }
    public long Processed => Exported + Written + Skipped + Failed;
    /// <summary>Bytes of delivered files (original sizes).</summary>
    public long Bytes { get; set; }
    /// <summary>Bytes written so far, delivered or in the part still being written: the progress of a running run.</summary>
    public long BytesWritten { get; set; }
    /// <summary>Bytes of every selected file, known from the snapshot; the base of progress and ETA.</summary>
    public long TotalBytes { get; set; }
    public double PercentComplete => Selected == 0 ? (State is RunState.Completed or RunState.CompletedWithErrors ? 100 : 0) : Math.Round(100.0 * Processed / Selected, 1);
    public DateTime StartedUtc { get; set; }
    public DateTime? EndedUtc { get; set; }
    /// <summary>A TimeSpan for scripts; <see cref="DurationSeconds"/> carries the number, which is what JSON and CSV readers want.</summary>
    public TimeSpan Duration => (EndedUtc ?? DateTime.UtcNow) - StartedUtc;
    /// <summary>Seconds from start to end (or to now, while running); views show h:mm:ss.</summary>
    public double DurationSeconds => Math.Round(Duration.TotalSeconds, 3);
    /// <summary>Estimated time left while running, from the byte rate so far.</summary>
    public TimeSpan? Eta { get; set; }
    public double? EtaSeconds => Eta is { } eta ? Math.Round(eta.TotalSeconds, 3) : null;
    public string StartedBy { get; set; } = "";
    public string[] Servers { get; set; } = [];
    /// <summary>For a run shared by several export servers: each server's state and what it delivered.</summary>
    public ExportServerProgress[] ServerProgress { get; set; } = [];
    /// <summary>Where the export went: the destination folder of the run.</summary>
    public string? Destination { get; set; }
    /// <summary>The archives (or the run folder, for loose files) the run delivered.</summary>
    public string[] Outputs { get; set; } = [];
    /// <summary>Why a run failed or was stopped.</summary>
    public string? Message { get; set; }
    public ArchiveMethod ArchiveMethod { get; set; }
    /// <summary>Download-type runs only (null otherwise): whether Save-ExportArchive can fetch the run's files.</summary>
    public DownloadState? DownloadState { get; set; }
    /// <summary>Download-type runs that ended: when their files expire from the download area (the run's end plus DownloadRetentionDays).</summary>
    public DateTime? DownloadExpiresUtc { get; set; }

    public override string ToString() => $"{Task} #{RunId} {State}";
}

/// <summary>One export server's share of a run (SPEC §9).</summary>
public sealed class ExportServerProgress
{
    public string Server { get; set; } = "";
    /// <summary>Working, Done (finished its share), or Lost (stopped answering; its unfinished items went to the others).</summary>
    public string State { get; set; } = "";
    public long Exported { get; set; }
    public long Bytes { get; set; }
    public DateTime LastHeartbeatUtc { get; set; }

    public override string ToString() => $"{Server}: {State}, {Exported} exported";
}

/// <summary>One conversation's outcome in a run (Get-ExportLog).</summary>
public sealed class ExportLogEntry
{
    public long RunId { get; set; }
    public long Sequence { get; set; }
    public string ConversationId { get; set; } = "";
    public RunItemState State { get; set; }
    public string? Reason { get; set; }
    public string[] Files { get; set; } = [];
    public long Bytes { get; set; }

    public override string ToString() => $"{ConversationId} {State}";
}

/// <summary>Who can decrypt a stored secret: the user who stored it, or every account the machine allows.</summary>
public enum SecretScope : long
{
    /// <summary>The storing user only (DPAPI CurrentUser; a 0600 key file in the user's folder).</summary>
    User,
    /// <summary>
    /// Accounts of this machine: DPAPI LocalMachine on Windows; on Unix a key file under /etc that only
    /// root and one group may read, so a scheduled job's service account (in that group) can decrypt.
    /// </summary>
    Machine,
}

/// <summary>What a due schedule occurrence outside the allowed run window does: wait for the window, or be skipped.</summary>
public enum OutsideWindow : long { Wait, Skip }

/// <summary>A task's schedule (design §6.2): what Register-, Get- and Set-ExportSchedule return.</summary>
public sealed class ExportSchedule
{
    public string Task { get; set; } = "";
    /// <summary>Once, Every, Daily, Weekly, Monthly or Cron.</summary>
    public string Kind { get; set; } = "";
    /// <summary>The calendar in words, such as "Daily at 02:00 (Europe/Budapest)".</summary>
    public string Description { get; set; } = "";
    public string TimeZone { get; set; } = "UTC";
    public DateTime? StartDate { get; set; }
    public DateTime? EndDate { get; set; }
    /// <summary>TimeSpans for scripts; <see cref="Window"/> shows them as text.</summary>
    public TimeSpan? WindowStart { get; set; }
    public TimeSpan? WindowEnd { get; set; }
    /// <summary>The allowed run window in the schedule's time zone, such as "22:00-06:00"; null: any time.</summary>
    public string? Window => WindowStart is { } start && WindowEnd is { } end ? $"{start:hh\\:mm}-{end:hh\\:mm}" : null;
    public string OutsideWindow { get; set; } = "Wait";
    /// <summary>The account the OS scheduler runs the task as; null: the account that registered it.</summary>
    public string? RunAs { get; set; }
    /// <summary>The next occurrences, in UTC.</summary>
    public DateTime[] NextRunUtc { get; set; } = [];
    public long? LastRunId { get; set; }
    public RunState? LastRunState { get; set; }
    public DateTime? LastRunEndedUtc { get; set; }
    /// <summary>The operating system's trigger, as registered: the crontab lines, or the Task Scheduler task's name.</summary>
    public string Trigger { get; set; } = "";
    /// <summary>False when the OS trigger is missing (removed by hand): Set-ExportSchedule registers it again.</summary>
    public bool TriggerRegistered { get; set; }
    public DateTime CreatedUtc { get; set; }
    public string CreatedBy { get; set; } = "";

    public override string ToString() => $"{Task}: {Description}";
}

/// <summary>Whether a Download-type run's files can be fetched with Save-ExportArchive (SPEC §10).</summary>
public enum DownloadState : long
{
    /// <summary>The run has not completed yet (or failed): there is nothing to download until it does.</summary>
    Pending,
    /// <summary>Completed, within its retention, its files in the download area.</summary>
    Available,
    /// <summary>Older than Set-ExportSetting -DownloadRetentionDays: its files are deleted from the download area.</summary>
    Expired,
    /// <summary>Within its retention, but its files are not in this server's download area (removed by hand, or kept on another export server).</summary>
    Missing,
}

/// <summary>A file or folder Save-ExportArchive delivered, checked against the run's manifest.</summary>
public sealed class SavedExportArchive
{
    public long RunId { get; set; }
    public string Task { get; set; } = "";
    /// <summary>The delivered ZIP (one per part) or, for ArchiveMethod None, the run's folder.</summary>
    public string Path { get; set; } = "";
    /// <summary>Bytes of the file (of every file, for a folder).</summary>
    public long Size { get; set; }
    /// <summary>SHA-256 of the delivered ZIP as written to the destination (lower-case hex); null for a folder.</summary>
    public string? Sha256 { get; set; }
    public ArchiveMethod ArchiveMethod { get; set; }
    /// <summary>Whether the ZIP was made at download time (the run kept loose files), rather than copied as the run made it.</summary>
    public bool ArchivedAtDownload { get; set; }
    /// <summary>Files of the export checked against the manifest (in all parts together; the same number on each part's object).</summary>
    public int FilesVerified { get; set; }
    /// <summary>Every file matched the manifest; false only when the run has no manifest (-NoManifest) to check against.</summary>
    public bool Verified { get; set; }

    public override string ToString() => Path;
}
