using ConversationExport.Engine.Targets;

namespace ConversationExport.Engine.Archive;

/// <summary>Where and how one run writes its output.</summary>
/// <param name="Folder">Existing local folder the writer builds its temporaries in: the destination itself, or the <see cref="IStorageTarget.StagingFolder"/> of <paramref name="Target"/>.</param>
/// <param name="BaseName">"&lt;Task&gt;_&lt;yyyyMMdd_HHmmss&gt;": the archive is BaseName.zip (BaseName_partN.zip when split); loose files go under Folder/BaseName/.</param>
/// <param name="Password">For ZipCrypto and Aes256; held only in memory for the run.</param>
/// <param name="MaxPartSize">Split into parts of at most this many bytes; null: one archive.</param>
/// <param name="FirstPart">Number of the first part this writer creates (a resumed run continues the numbering).</param>
/// <param name="Parallelism">Pieces of data compressed at once (1–64): whole files for loose files, 512 KiB chunks of a ZIP entry; files are still stored in call order.</param>
/// <param name="Target">Where parts and files are committed; null: the local <paramref name="Folder"/>.</param>
public sealed record ArchiveOptions(
    string Folder,
    string BaseName,
    ArchiveMethod Method,
    string? Password = null,
    long? MaxPartSize = null,
    int FirstPart = 1,
    int Parallelism = 2,
    IStorageTarget? Target = null)
{
    /// <summary>The target the writer commits to: <see cref="Target"/>, or a file system target on <see cref="Folder"/>.</summary>
    internal IStorageTarget ResolveTarget() => Target ?? new FileSystemTarget(Folder);
}

/// <summary>
/// A file as it now stands in the export: relative path ('/'-separated), original size, SHA-256 of
/// the original bytes (lower-case hex), and the container holding it: the part's file name
/// (BaseName.zip, BaseName_partN.zip) or, for loose files, the folder name BaseName — both relative
/// to <see cref="ArchiveOptions.Folder"/>.
/// </summary>
public sealed record ArchivedFile(string Path, long Size, string Sha256, string Container);

/// <summary>
/// A container that became visible: a ZIP part renamed into place with <paramref name="Files"/>
/// entries, or (loose files) the run folder BaseName after one more file was renamed into it.
/// Only the name and the count: what each file is was already returned by its own task, and a part
/// of a million files must not be held in memory twice.
/// </summary>
public sealed record DeliveredContainer(string Container, int Files);

/// <summary>
/// Writes a run's files into its container: loose files or ZIP parts. Files become visible only
/// when complete (temporary name, then rename); <see cref="ArchiveOptions"/> decides the rest.
/// Every temporary file ends in ".partial" (see <see cref="IStorageTarget.DeleteUndelivered"/>).
/// </summary>
/// <remarks>
/// Failures: a source that cannot be opened or read faults only its own task, with the source's
/// exception; the archive is unaffected and later files go on. A failure of the destination fails
/// the writer: every pending and later task, and <see cref="CompleteAsync"/>, throw one
/// <see cref="ConversationExportException"/> (<see cref="ErrorId.ArchiveDiskFull"/> or
/// <see cref="ErrorId.ArchiveWriteFailed"/>), and everything undelivered has been deleted.
/// An exception thrown by a <see cref="Delivered"/> handler fails the writer the same way.
/// </remarks>
public interface IArchiveWriter : IAsyncDisposable
{
    /// <summary>
    /// Raised (on a writer thread, never concurrently with itself, in call order) when files are
    /// delivered: a loose file once renamed in place, a ZIP part once complete, flushed to disk and
    /// renamed. Until then nothing of theirs is visible to readers. Every file added and written is
    /// counted in exactly one delivery.
    /// </summary>
    event Action<DeliveredContainer>? Delivered;

    /// <summary>
    /// Queues one file. The returned task completes when the file is written into the current part
    /// (or in place); several may be in flight at once and are stored in call order. Awaiting each
    /// task is not needed for progress: the writer bounds its own memory however many are queued.
    /// </summary>
    /// <param name="path">Relative path inside the export, '/'-separated, already safe (see Export/ExportPath);
    /// unique within the writer, ignoring case.</param>
    /// <param name="open">Opens the source; called once, on a worker thread; the writer disposes the stream.</param>
    /// <param name="cancellation">Cancels this file only, until it is written; its task is then cancelled.</param>
    Task<ArchivedFile> AddAsync(string path, Func<Stream> open, DateTime modifiedUtc, CancellationToken cancellation);

    /// <summary>
    /// Waits for every queued file, finishes the last part and delivers it. Returns the full paths of
    /// every container this writer completed (a writer given no file leaves one empty archive).
    /// Cancelling it aborts the writer.
    /// </summary>
    Task<IReadOnlyList<string>> CompleteAsync(CancellationToken cancellation);

    /// <summary>
    /// Deletes whatever is not yet delivered (temporary files, the open part); pending tasks are
    /// cancelled. Delivered files stay. Safe to call twice, and after completion (then it does nothing).
    /// </summary>
    Task AbortAsync();
}
