namespace ConversationExport.Engine.Targets;

/// <summary>A file written under its temporary name in the staging folder, ready to be committed under <paramref name="Name"/>.</summary>
/// <param name="Name">Final name, relative to the target, '/'-separated.</param>
/// <param name="Durable">Already flushed to stable storage by its writer.</param>
public sealed record StagedFile(string Name, bool Durable = false);

/// <summary>
/// Where a run's output goes (SPEC §8): the one seam between the export and a destination. Writers
/// build each part or loose file under its temporary name (<see cref="TemporaryPath"/>) in the local
/// <see cref="StagingFolder"/>, streaming, then <see cref="Commit"/> makes it appear under its final name
/// atomically: a rename on a file system, an upload under a temporary name then a commit on a service.
/// Names are relative to the target and '/'-separated.
/// </summary>
public interface IStorageTarget : IDisposable
{
    /// <summary>What runs record as their destination and messages show: a folder, or a URI without secrets.</summary>
    string Location { get; }

    /// <summary>
    /// Local folder holding temporaries until they are committed. For a file system it is the
    /// destination itself (a commit is a rename); for a service, a private folder of this machine.
    /// </summary>
    string StagingFolder { get; }

    /// <summary>Whether temporaries must be on stable storage before a commit (they become the delivered files themselves).</summary>
    bool DurableStaging { get; }

    /// <summary>Connects, writes and deletes a probe; throws <see cref="ErrorId.DestinationNotWritable"/> or <see cref="ErrorId.StorageTargetUnavailable"/> naming what failed.</summary>
    void Probe();

    /// <summary>Whether anything named <paramref name="stem"/>… exists (a base name in use, catalogued or not).</summary>
    bool IsTaken(string stem);

    /// <summary>Full local path of <paramref name="name"/>'s temporary in the staging folder.</summary>
    string TemporaryPath(string name);

    /// <summary>What a delivered name is called in outputs, manifests of runs and messages.</summary>
    string PathOf(string name);

    /// <summary>
    /// Makes the staged temporaries appear under their final names, verified (size, and hash where the
    /// service gives one), retrying transient faults; the local temporaries are gone afterwards.
    /// <paramref name="replace"/>: a file of that name may be overwritten (a resumed run's own loose file); never for archive parts.
    /// </summary>
    void Commit(IReadOnlyList<StagedFile> files, bool replace, CancellationToken cancellation);

    /// <summary>Makes an (empty) folder of loose files exist.</summary>
    void CreateFolder(string name);

    /// <summary>Delivered names starting with <paramref name="prefix"/> (files only, recursively for folders).</summary>
    IReadOnlyList<string> List(string prefix);

    /// <summary>Deletes a delivered file; one already gone is fine.</summary>
    void Delete(string name);

    /// <summary>
    /// Deletes what an interrupted writer of <paramref name="baseName"/> left undelivered (temporaries,
    /// unfinished uploads). Delivered files are never touched. Returns how many were removed.
    /// </summary>
    int DeleteUndelivered(string baseName);

    /// <summary>Opens a delivered file for reading (verification, download).</summary>
    Stream OpenRead(string name);
}
