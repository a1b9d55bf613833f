using System.Security.Cryptography;
using System.Text.Json;
using ConversationExport.Engine.Targets;
using ICSharpCode.SharpZipLib.Zip;

namespace ConversationExport.Engine.Archive;

/// <summary>
/// Re-reads an export (its ZIP parts or its folder) and checks every file against the run's
/// manifest: present, same size, same SHA-256, nothing extra (SPEC §5, chain of custody).
/// Reading uses SharpZipLib, which opens Zip, ZipCrypto and WinZip AES alike.
/// </summary>
public static class ArchiveVerifier
{
    private const string Manifest = "manifest.json";

    public static ArchiveVerification Verify(string path, string? password, CancellationToken cancellation = default)
    {
        var full = Path.GetFullPath(path);
        return Verify(full, Containers(full), password, cancellation);
    }

    /// <summary>
    /// Verifies an explicit set of containers as one export: the parts several servers wrote for one
    /// shared run (SPEC §9), whose manifest sits in the last server's final part.
    /// </summary>
    public static ArchiveVerification Verify(string path, IReadOnlyList<string> containers, string? password, CancellationToken cancellation = default)
    {
        var full = path;
        var expected = ReadManifest(containers, password, out var task, out var runId);
        var problems = new List<ArchiveProblem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var checkedFiles = 0;

        foreach (var container in containers)
        {
            foreach (var (name, open) in Entries(container, password))
            {
                cancellation.ThrowIfCancellationRequested();
                if (name == Manifest) continue;
                if (!expected.TryGetValue(name, out var file))
                {
                    problems.Add(new ArchiveProblem { File = name, Problem = ArchiveProblemKind.Extra, Found = Path.GetFileName(container) });
                    continue;
                }
                seen.Add(name);
                checkedFiles++;
                var (size, hash, error) = Measure(open);
                if (error is not null)
                    problems.Add(new ArchiveProblem { File = name, Problem = ArchiveProblemKind.Unreadable, Expected = file.Sha256, Found = error });
                else if (size != file.Size)
                    problems.Add(new ArchiveProblem { File = name, Problem = ArchiveProblemKind.SizeMismatch, Expected = file.Size.ToString(), Found = size.ToString() });
                else if (!string.Equals(hash, file.Sha256, StringComparison.OrdinalIgnoreCase))
                    problems.Add(new ArchiveProblem { File = name, Problem = ArchiveProblemKind.HashMismatch, Expected = file.Sha256, Found = hash });
            }
        }
        foreach (var (name, file) in expected.Where(e => !seen.Contains(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal))
            problems.Add(new ArchiveProblem { File = name, Problem = ArchiveProblemKind.Missing, Expected = file.Container });

        return new ArchiveVerification
        {
            Path = full,
            Containers = containers.ToArray(),
            Task = task,
            RunId = runId,
            FilesChecked = checkedFiles,
            Problems = problems.ToArray(),
        };
    }

    private sealed record ExpectedFile(long Size, string Sha256, string Container);

    /// <summary>A run folder, or every part of the run a ZIP belongs to (Name.zip or Name_partN.zip).</summary>
    private static IReadOnlyList<string> Containers(string path)
    {
        if (Directory.Exists(path)) return [path];
        if (!File.Exists(path))
            throw new ConversationExportException(ErrorId.ArchiveUnreadable, ErrorKind.NotFound,
                $"'{path}' does not exist; give an export's ZIP (any part of it) or its folder.", path);
        var folder = Path.GetDirectoryName(path)!;
        var name = Path.GetFileName(path);
        if (PartNames.Stem(name) is not { } stem) return [path];
        return Directory.EnumerateFiles(folder, stem + "*.zip")
            .Where(f => PartNames.Stem(Path.GetFileName(f)) == stem)
            .OrderBy(f => PartNames.Order(Path.GetFileName(f)))
            .ToList();
    }

    private static Dictionary<string, ExpectedFile> ReadManifest(IReadOnlyList<string> containers, string? password, out string? task, out long? runId)
    {
        foreach (var container in containers.Reverse())
        {
            foreach (var (name, open) in Entries(container, password))
            {
                if (name != Manifest) continue;
                using var stream = open();
                using var document = JsonDocument.Parse(stream);
                var root = document.RootElement;
                task = root.TryGetProperty("task", out var t) ? t.GetString() : null;
                runId = root.TryGetProperty("runId", out var r) && r.TryGetInt64(out var id) ? id : null;
                var files = new Dictionary<string, ExpectedFile>(StringComparer.Ordinal);
                foreach (var file in root.GetProperty("files").EnumerateArray())
                    files[file.GetProperty("path").GetString()!] = new ExpectedFile(file.GetProperty("size").GetInt64(), file.GetProperty("sha256").GetString()!, file.GetProperty("container").GetString()!);
                return files;
            }
        }
        throw new ConversationExportException(ErrorId.ManifestMissing, ErrorKind.InvalidData,
            $"No {Manifest} in {string.Join(", ", containers)}: the export was made with -NoManifest, or this is not a ConversationExport export.", containers[0]);
    }

    private static IEnumerable<(string Name, Func<Stream> Open)> Entries(string container, string? password)
    {
        if (Directory.Exists(container))
        {
            foreach (var file in Directory.EnumerateFiles(container, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                yield return (Path.GetRelativePath(container, file).Replace('\\', '/'), () => File.OpenRead(file));
            yield break;
        }
        ZipFile zip;
        try
        {
            zip = new ZipFile(container) { Password = password };
        }
        catch (Exception error) when (error is ZipException or IOException or UnauthorizedAccessException)
        {
            throw new ConversationExportException(ErrorId.ArchiveUnreadable, ErrorKind.InvalidData, $"'{container}' cannot be read as a ZIP archive: {error.Message}", container, error);
        }
        using (zip)
        {
            foreach (ZipEntry entry in zip)
            {
                if (!entry.IsFile) continue;
                if (entry.IsCrypted && password is null)
                    throw new ConversationExportException(ErrorId.ArchivePasswordWrong, ErrorKind.InvalidArgument,
                        $"'{container}' is encrypted; give its password with -Password.", container);
                yield return (entry.Name, () => Open(zip, entry, container));
            }
        }
    }

    private static Stream Open(ZipFile zip, ZipEntry entry, string container)
    {
        try
        {
            return zip.GetInputStream(entry);
        }
        catch (ZipException error) when (error.Message.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConversationExportException(ErrorId.ArchivePasswordWrong, ErrorKind.InvalidArgument,
                $"The password does not open '{container}'.", container, error);
        }
    }

    private static (long Size, string? Hash, string? Error) Measure(Func<Stream> open)
    {
        try
        {
            using var stream = open();
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            long size = 0;
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                size += read;
            }
            return (size, Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant(), null);
        }
        catch (ConversationExportException)
        {
            throw;
        }
        catch (Exception error) when (error is ZipException or IOException or InvalidDataException or CryptographicException)
        {
            return (0, null, error.Message);
        }
    }
}
