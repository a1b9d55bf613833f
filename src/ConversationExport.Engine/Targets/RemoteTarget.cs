using System.Security.Cryptography;
using System.Text;

namespace ConversationExport.Engine.Targets;

/// <summary>
/// A target on a service (SFTP, Azure Blob, S3). Writers build parts and loose files in a local staging
/// folder of this machine (one per target location, so a resumed run finds what a killed one left);
/// <see cref="Commit"/> streams each staged file to the service under a temporary name (or as
/// uncommitted blocks / an open multipart upload), commits it atomically, checks its size (and hash where
/// the service gives one), retrying transient faults with backoff, and only then deletes the staged copy.
/// </summary>
public abstract class RemoteTarget : IStorageTarget
{
    private readonly FileSystemTarget _staging;

    protected RemoteTarget(string name, string location, int retries)
    {
        Name = name;
        Location = location;
        Retries = Math.Max(1, retries);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(location)))[..16].ToLowerInvariant();
        var folder = Path.Combine(Path.GetTempPath(), "ConversationExport", "staging", key);
        Directory.CreateDirectory(folder);
        _staging = new FileSystemTarget(folder);
    }

    /// <summary>The stored target's name.</summary>
    public string Name { get; }
    public string Location { get; }
    public string StagingFolder => _staging.Folder;
    public bool DurableStaging => false;
    /// <summary>Attempts per operation before a transient fault fails it.</summary>
    protected int Retries { get; }

    public string TemporaryPath(string name) => _staging.TemporaryPath(name);

    public string PathOf(string name) => $"{Location.TrimEnd('/')}/{name}";

    public void Probe()
    {
        var probe = $".ce-probe-{Guid.NewGuid():N}.tmp";
        Run("Writing a probe", () =>
        {
            Prepare();
            var path = TemporaryPath(probe);
            File.WriteAllBytes(path, "probe"u8.ToArray());
            try
            {
                Upload(path, probe, replace: true, CancellationToken.None);
            }
            finally
            {
                File.Delete(path);
            }
            Remove(probe);
        });
    }

    public void Commit(IReadOnlyList<StagedFile> files, bool replace, CancellationToken cancellation)
    {
        foreach (var file in files)
        {
            var staged = TemporaryPath(file.Name);
            var size = new FileInfo(staged).Length;
            var uploadStarted = false;
            Run($"Delivering '{file.Name}'", () =>
            {
                if (!replace && Exists(file.Name))
                {
                    // An earlier attempt of this very commit may have committed it and lost only the answer
                    // (the connection dropped after the rename or the commit): the file is then ours, whole.
                    if (uploadStarted && SizeOf(file.Name) == size) return;
                    throw new ConversationExportException(ErrorId.ArchiveWriteFailed, ErrorKind.InvalidData,
                        $"'{PathOf(file.Name)}' already exists; a delivered part is never replaced.", PathOf(file.Name));
                }
                uploadStarted = true;
                Upload(staged, file.Name, replace, cancellation);
                var found = SizeOf(file.Name);
                if (found != size)
                    throw new ConversationExportException(ErrorId.StorageTargetVerifyFailed, ErrorKind.InvalidData,
                        $"'{PathOf(file.Name)}' holds {found} bytes after the upload; {size} were sent. It was not counted as delivered.", PathOf(file.Name));
            }, cancellation);
            File.Delete(staged);
        }
    }

    public int DeleteUndelivered(string baseName)
    {
        var removed = _staging.DeleteUndelivered(baseName);
        return removed + Run("Removing unfinished uploads", () => AbortUploads(baseName));
    }

    public IReadOnlyList<string> List(string prefix) => Run("Listing", () => ListNames(prefix).Where(n => !n.EndsWith(PartNames.TemporarySuffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList());

    public bool IsTaken(string stem) => List(stem).Count > 0;

    public void Delete(string name) => Run($"Deleting '{name}'", () => Remove(name));

    public Stream OpenRead(string name)
    {
        // Downloaded into a temporary file first: verification reads ZIPs at random offsets.
        var local = Path.Combine(StagingFolder, $".download-{Guid.NewGuid():N}.partial");
        Run($"Downloading '{name}'", () =>
        {
            using var output = new FileStream(local, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            Download(name, output);
        });
        return new FileStream(local, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose);
    }

    public virtual void CreateFolder(string name) { }

    /// <summary>Before the probe: whatever the service needs in place (a container the account may create).</summary>
    protected virtual void Prepare() { }

    /// <summary>Streams a staged file to the service and commits it under <paramref name="name"/> atomically.</summary>
    protected abstract void Upload(string stagedPath, string name, bool replace, CancellationToken cancellation);
    protected abstract bool Exists(string name);
    protected abstract long SizeOf(string name);
    protected abstract IEnumerable<string> ListNames(string prefix);
    protected abstract void Remove(string name);
    protected abstract void Download(string name, Stream output);
    /// <summary>Removes the service's leftovers of unfinished uploads of a base name; returns how many.</summary>
    protected abstract int AbortUploads(string baseName);
    /// <summary>Whether trying again may help (a dropped connection, a busy service), or the credentials were refused, or neither.</summary>
    private protected abstract TargetFault Classify(Exception error);
    /// <summary>Drops a broken connection so the next attempt makes a new one.</summary>
    protected virtual void Reset() { }

    /// <summary>The target as messages name it: its stored name, and where it is.</summary>
    private string Display => $"'{Name}' ({Location})";

    /// <summary>Runs a target operation under the retry policy (see <see cref="TargetFaults"/>).</summary>
    protected T Run<T>(string what, Func<T> operation, CancellationToken cancellation = default) =>
        TargetFaults.Run(Display, Location, what, Retries, Classify, Reset, operation, cancellation);

    protected void Run(string what, Action operation, CancellationToken cancellation = default) =>
        TargetFaults.Run(Display, Location, what, Retries, Classify, Reset, operation, cancellation);

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
