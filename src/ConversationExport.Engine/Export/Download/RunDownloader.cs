using System.Globalization;
using System.Security.Cryptography;
using ConversationExport.Engine.Archive;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Security;
using ConversationExport.Engine.Targets;

namespace ConversationExport.Engine.Export.Download;

/// <summary>What Save-ExportArchive asks for.</summary>
/// <param name="Destination">Full path of the folder to deliver into; created when missing.</param>
/// <param name="Method">For a run that kept loose files: the archive method to build now (default Zip). For an archived run: must be the run's own, or null.</param>
/// <param name="Password">For ZipCrypto/Aes256 built now; for an archived run, must be the run's own password, or null.</param>
/// <param name="Force">Replace files of the same names in the destination.</param>
public sealed record DownloadRequest(long RunId, string Destination, ArchiveMethod? Method = null, string? Password = null, bool Force = false, int Parallelism = 2);

/// <summary>
/// Delivers a finished Download-type run from the export server's download area to a folder (SPEC §10,
/// seed §4.1 "Export and Download as ZIP File"). A run that was archived while it ran is copied as it is;
/// a run that kept loose files (ArchiveMethod None) is archived now, with the method and password chosen
/// at download time, through the same archive writers an export uses, its manifest and CDR inside.
/// Everything is built in a private folder inside the destination ("…​.partial"), verified against the
/// run's manifest there, and only then renamed to its final names: a reader never sees a half file.
/// </summary>
public sealed class RunDownloader
{
    private readonly ConversationCatalog _catalog;
    private readonly CallerIdentity _caller;
    private readonly RunCatalog _runs;

    public RunDownloader(ConversationCatalog catalog, CallerIdentity caller)
    {
        _catalog = catalog;
        _caller = caller;
        _runs = new RunCatalog(catalog);
    }

    /// <summary>The catalog's download policy, after deleting what it says has expired.</summary>
    public DownloadSettings SweepExpired()
    {
        var settings = DownloadSettings.Load(new SettingCatalog(_catalog, _caller));
        DownloadRetention.Sweep(_runs, settings, DateTime.UtcNow);
        return settings;
    }

    public async Task<IReadOnlyList<SavedExportArchive>> SaveAsync(DownloadRequest request, DownloadSettings settings, CancellationToken cancellation)
    {
        settings.EnsureAllowed($"Downloading run {request.RunId}");
        var record = _runs.Get(request.RunId);
        Authorize(record);
        var outputs = Downloadable(record, settings);
        var destination = PrepareDestination(request.Destination);
        var runPassword = record.Settings.ProtectedPassword is { } secret ? SecretProtector.Unprotect(secret) : null;
        var (method, password, archiveNow) = Choose(record, request, runPassword);

        var staging = Path.Combine(destination, $".{record.BaseName}.{Guid.NewGuid():N}{PartNames.TemporarySuffix}");
        Directory.CreateDirectory(staging);
        try
        {
            var staged = archiveNow
                ? await ArchiveAsync(record, outputs[0], staging, method, password, request.Parallelism, cancellation)
                : await CopyAsync(outputs, staging, cancellation);
            var verification = Verify(record, staged, password, cancellation);
            var names = staged.Select(s => Path.GetFileName(s.Path)).ToList();
            if (!request.Force && names.FirstOrDefault(n => File.Exists(Path.Combine(destination, n)) || Directory.Exists(Path.Combine(destination, n))) is { } taken)
                throw new ConversationExportException(ErrorId.DownloadFileExists, ErrorKind.ResourceExists,
                    $"'{Path.Combine(destination, taken)}' already exists; nothing of run {record.Run.RunId} was delivered. Give -Force to replace it, or choose another -Destination.", Path.Combine(destination, taken));
            var delivered = Deliver(staged, destination, request.Force);
            Audit(record, destination, method, password is not null, delivered.Count);
            return delivered.Select(d => new SavedExportArchive
            {
                RunId = record.Run.RunId,
                Task = record.Run.Task,
                Path = d.Path,
                Size = d.Size,
                Sha256 = d.Sha256,
                ArchiveMethod = method,
                ArchivedAtDownload = archiveNow,
                FilesVerified = verification?.FilesChecked ?? 0,
                Verified = verification is not null,
            }).ToList();
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>The run's delivered outputs, once it is a finished, unexpired Download run whose files are all here.</summary>
    private static IReadOnlyList<string> Downloadable(RunRecord record, DownloadSettings settings)
    {
        var run = record.Run;
        if (!DownloadRetention.IsDownload(record.Settings))
            throw new ConversationExportException(ErrorId.RunNotDownloadable, ErrorKind.InvalidArgument,
                $"Run {run.RunId} of '{run.Task}' is not a Download-type export: it delivered its files to '{run.Destination}' itself. Only runs of tasks made with -TargetType Download are kept for Save-ExportArchive.", run.RunId);
        if (run.State is RunState.Running or RunState.Queued)
            throw new ConversationExportException(ErrorId.RunNotFinished, ErrorKind.ResourceUnavailable,
                $"Run {run.RunId} of '{run.Task}' is {run.State}; it can be downloaded once it has completed (Get-ExportStatus -RunId {run.RunId} -Wait).", run.RunId);
        if (run.State is not (RunState.Completed or RunState.CompletedWithErrors) || run.EndedUtc is not { } ended)
            throw new ConversationExportException(ErrorId.RunNotFinished, ErrorKind.InvalidArgument,
                $"Run {run.RunId} of '{run.Task}' is {run.State}, so its export is incomplete; resume it (Invoke-ConversationExport -Resume -RunId {run.RunId}) and download it once it has completed.", run.RunId);
        var expires = settings.ExpiresUtc(ended);
        if (DateTime.UtcNow >= expires)
            throw new ConversationExportException(ErrorId.DownloadExpired, ErrorKind.NotFound,
                $"The download of run {run.RunId} of '{run.Task}' expired on {expires.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC: downloads are kept {settings.RetentionDays} day(s) after the run ended " +
                $"({ended.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC; Set-ExportSetting -DownloadRetentionDays), and its files were deleted. Run the task again to export anew.", run.RunId);
        var missing = run.Outputs.Where(o => !File.Exists(o) && !Directory.Exists(o)).ToList();
        if (run.Outputs.Length == 0 || missing.Count > 0)
            throw new ConversationExportException(ErrorId.DownloadFilesMissing, ErrorKind.NotFound,
                $"Run {run.RunId} of '{run.Task}' is not in this server's download area ({DownloadArea.Location()}): " +
                (missing.Count > 0 ? $"{string.Join(", ", missing.Select(Path.GetFileName))} is missing" : "it recorded no files") +
                $". Download it on the export server that ran it ({string.Join(", ", run.Servers)}).", run.RunId);
        return run.Outputs.OrderBy(o => PartNames.Order(Path.GetFileName(o))).ToList();
    }

    private static string PrepareDestination(string destination)
    {
        if (File.Exists(destination))
            throw new ConversationExportException(ErrorId.DestinationNotWritable, ErrorKind.InvalidArgument,
                $"-Destination '{destination}' is a file; give a folder (it is created when missing).", destination);
        try
        {
            Directory.CreateDirectory(destination);
            return Path.GetFullPath(destination);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ConversationExportException(ErrorId.DestinationNotWritable, ErrorKind.PermissionDenied,
                $"Cannot create the destination folder '{destination}': {error.Message}", destination, error);
        }
    }

    /// <summary>
    /// The method and password of what is delivered. A run that kept loose files takes them from the request
    /// (Zip by default); an archived run is delivered as it was made, so a different method or password is refused.
    /// </summary>
    private static (ArchiveMethod Method, string? Password, bool ArchiveNow) Choose(RunRecord record, DownloadRequest request, string? runPassword)
    {
        var run = record.Run;
        var runMethod = record.Settings.ArchiveMethod;
        if (runMethod != ArchiveMethod.None)
        {
            if (request.Method is { } asked && asked != runMethod)
                throw Conflict($"Run {run.RunId} of '{run.Task}' was archived with ArchiveMethod {runMethod} when it ran and is delivered as it was made; -ArchiveMethod {asked} is refused. " +
                    "Leave -ArchiveMethod out: only runs made with -ArchiveMethod None choose the method at download time.", asked);
            if (request.Password is not null && runPassword is null)
                throw Conflict($"Run {run.RunId} of '{run.Task}' was archived with ArchiveMethod {runMethod}, which does not encrypt, and is delivered as it was made; leave -ZipPassword out.", run.RunId);
            if (request.Password is not null && !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(request.Password), System.Text.Encoding.UTF8.GetBytes(runPassword!)))
                throw Conflict($"-ZipPassword is not the password run {run.RunId} of '{run.Task}' was encrypted with when it ran; the archive is delivered as it was made. Leave -ZipPassword out.", run.RunId);
            return (runMethod, runPassword, false);
        }
        var method = request.Method ?? ArchiveMethod.Zip;
        var encrypted = method is ArchiveMethod.ZipCrypto or ArchiveMethod.Aes256;
        if (encrypted && string.IsNullOrEmpty(request.Password))
            throw new ConversationExportException(ErrorId.InvalidArgument, ErrorKind.InvalidArgument,
                $"-ArchiveMethod {method} encrypts the archive and needs -ZipPassword.", method);
        if (!encrypted && request.Password is not null)
            throw new ConversationExportException(ErrorId.InvalidArgument, ErrorKind.InvalidArgument,
                $"-ZipPassword is not used with -ArchiveMethod {method}, which does not encrypt; choose ZipCrypto or Aes256 to encrypt, or leave the password out.", method);
        return (method, request.Password, method != ArchiveMethod.None);
    }

    private static ConversationExportException Conflict(string message, object? target) =>
        new(ErrorId.ArchiveMethodConflict, ErrorKind.InvalidArgument, message, target);

    /// <summary>A file or folder built in the staging folder, with what it measured.</summary>
    private sealed record Staged(string Path, long Size, string? Sha256);

    /// <summary>Copies the run's archive parts (or its loose-file folder) into the staging folder, checking each copy reads back as its source.</summary>
    private static async Task<List<Staged>> CopyAsync(IReadOnlyList<string> outputs, string staging, CancellationToken cancellation)
    {
        var staged = new List<Staged>();
        foreach (var output in outputs)
        {
            var target = Path.Combine(staging, Path.GetFileName(output));
            if (Directory.Exists(output))
            {
                long total = 0;
                foreach (var file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories))
                {
                    var copy = Path.Combine(target, Path.GetRelativePath(output, file));
                    Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                    total += (await CopyFileAsync(file, copy, cancellation)).Size;
                }
                Directory.CreateDirectory(target);
                staged.Add(new Staged(target, total, null));
            }
            else
            {
                var (size, sha) = await CopyFileAsync(output, target, cancellation);
                staged.Add(new Staged(target, size, sha));
            }
        }
        Durability.Flush(Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories).ToList());
        return staged;
    }

    /// <summary>Copies one file, streamed, and checks that the copy reads back with the source's SHA-256.</summary>
    private static async Task<(long Size, string Sha256)> CopyFileAsync(string source, string target, CancellationToken cancellation)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        await using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan))
        await using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await input.ReadAsync(buffer, cancellation)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), cancellation);
                size += read;
            }
        }
        var expected = Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
        var (copied, found) = await HashAsync(target, cancellation);
        if (copied != size || found != expected)
            throw new ConversationExportException(ErrorId.DownloadVerifyFailed, ErrorKind.InvalidData,
                $"The copy of '{source}' does not read back as the original (size {copied} of {size}, SHA-256 {found} instead of {expected}); nothing was delivered.", source);
        return (size, expected);
    }

    private static async Task<(long Size, string Sha256)> HashAsync(string path, CancellationToken cancellation)
    {
        await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var hash = await SHA256.HashDataAsync(input, cancellation);
        return (input.Length, Convert.ToHexString(hash).ToLowerInvariant());
    }

    /// <summary>
    /// Builds the ZIP of a run that kept loose files, as the run would have: the same archive writer, the
    /// run's part size, every file of its folder (media, sidecars, CDR) and its manifest last, unchanged,
    /// so the hashes it lists are still the chain of custody of what the run exported.
    /// </summary>
    private static async Task<List<Staged>> ArchiveAsync(RunRecord record, string folder, string staging, ArchiveMethod method, string? password, int parallelism, CancellationToken cancellation)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => (Full: f, Name: Path.GetRelativePath(folder, f).Replace('\\', '/')))
            .OrderBy(f => f.Name == RunManifest.FileName ? 1 : 0).ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        var options = new ArchiveOptions(staging, record.BaseName, method, password, record.Settings.MaxArchiveSize, 1, Math.Clamp(parallelism, 1, ArchiveWriters.MaximumParallelism));
        var writer = ArchiveWriters.Create(options);
        await using (writer)
        {
            try
            {
                var writes = files.Select(f => writer.AddAsync(f.Name, () => new FileStream(f.Full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 18, FileOptions.SequentialScan),
                    File.GetLastWriteTimeUtc(f.Full), cancellation)).ToList();
                await Task.WhenAll(writes);
                var containers = await writer.CompleteAsync(cancellation);
                var staged = new List<Staged>();
                foreach (var container in containers.OrderBy(c => PartNames.Order(Path.GetFileName(c))))
                {
                    var (size, sha) = await HashAsync(container, cancellation);
                    staged.Add(new Staged(container, size, sha));
                }
                return staged;
            }
            catch
            {
                await writer.AbortAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// Re-reads what was staged against the run's manifest (every file present, same size and SHA-256, nothing
    /// extra); null when the run was made with -NoManifest and there is nothing to check against.
    /// </summary>
    private static ArchiveVerification? Verify(RunRecord record, IReadOnlyList<Staged> staged, string? password, CancellationToken cancellation)
    {
        if (record.Settings.NoManifest) return null;
        var containers = staged.Select(s => s.Path).ToList();
        var result = ArchiveVerifier.Verify(containers[^1], containers, password, cancellation);
        if (!result.Passed)
            throw new ConversationExportException(ErrorId.DownloadVerifyFailed, ErrorKind.InvalidData,
                $"Run {record.Run.RunId} of '{record.Run.Task}' does not match its manifest, so nothing was delivered: {string.Join("; ", result.Problems.Take(5))}" +
                (result.Problems.Length > 5 ? $" … and {result.Problems.Length - 5} more" : "") + ". The files in the download area were changed or damaged after the run.", record.Run.RunId);
        return result;
    }

    /// <summary>Renames every staged file (or folder) to its final name in the destination and makes the renames durable.</summary>
    private static List<Staged> Deliver(IReadOnlyList<Staged> staged, string destination, bool force)
    {
        var delivered = new List<Staged>();
        foreach (var item in staged)
        {
            var final = Path.Combine(destination, Path.GetFileName(item.Path));
            try
            {
                if (Directory.Exists(item.Path))
                {
                    if (force && Directory.Exists(final)) Directory.Delete(final, recursive: true);
                    if (force && File.Exists(final)) File.Delete(final);
                    Directory.Move(item.Path, final);
                }
                else
                {
                    if (force && Directory.Exists(final)) Directory.Delete(final, recursive: true);
                    File.Move(item.Path, final, overwrite: force);
                }
            }
            catch (IOException error) when (!force && (File.Exists(final) || Directory.Exists(final)))
            {
                throw new ConversationExportException(ErrorId.DownloadFileExists, ErrorKind.ResourceExists,
                    $"'{final}' appeared while the download was being prepared; {delivered.Count} of {staged.Count} file(s) were delivered before it. Give -Force to replace it.", final, error);
            }
            delivered.Add(item with { Path = final });
        }
        Durability.FlushFolders([destination]);
        return delivered;
    }

    /// <summary>
    /// DownloadConversation, and the run must be the caller's: a run of their task (or one they started ad hoc),
    /// unless they are an administrator. What a run holds was chosen with its owner's scope, not the caller's.
    /// </summary>
    private void Authorize(RunRecord record)
    {
        var access = new AccessCatalog(_catalog, _caller);
        var target = record.Run.RunId.ToString(CultureInfo.InvariantCulture);
        access.Demand(ExportPermission.DownloadConversation, "SaveExportArchive", target);
        var owner = record.TaskId is { } id && new TaskCatalog(_catalog, _caller).FindTask(id) is { } task ? task.Task.CreatedBy : record.Run.StartedBy;
        access.DemandOwnerOrAdministrator(owner, "SaveExportArchive", target);
    }

    private void Audit(RunRecord record, string destination, ArchiveMethod method, bool encrypted, int files) => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        _catalog.Audit(connection, _caller, "SaveExportArchive", record.Run.RunId.ToString(CultureInfo.InvariantCulture),
            $"'{record.Run.Task}' to {destination}: {files} file(s), {method}{(encrypted ? " (encrypted)" : "")}");
        return 0;
    });
}
