using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Import;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Import;

/// <summary>
/// The file system is hostile input too: links and special files inside a recording folder must
/// never bring anything from outside it into the catalog or an export, and must never hang a run.
/// POSIX only (links and FIFOs are made with the system's own tools).
/// </summary>
public sealed class HostileRecordingFolderTests : IDisposable
{
    private const string Secret = "root:$6$secret-hash-that-must-never-leave:19000:0:99999:7:::\n";

    private readonly TempFolder _temp = new();
    private readonly ConversationCatalog _catalog;
    private readonly RecordingTree _recordings;
    private readonly CollectingListener _listener = new();
    private readonly string _secretFile;

    public HostileRecordingFolderTests()
    {
        _catalog = ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(_temp.Combine("catalog.db")), Callers.Alice);
        _recordings = new RecordingTree(_temp.Combine("recordings"));
        Directory.CreateDirectory(_temp.Combine("outside"));
        _secretFile = _temp.Combine("outside", "shadow");
        File.WriteAllText(_secretFile, Secret);
    }

    public void Dispose() => _temp.Dispose();

    private ImportSummary Import() => new ConversationImporter(_catalog, Callers.Alice).Import(_recordings.Root, _listener);

    private static string Id(int n) => $"{n:00000000}-1111-4111-8111-111111111111";

    private void Sidecar(string folder, string name, int n, params (string Kind, string File)[] files) =>
        _recordings.WriteSidecar($"{folder}/{name}.xml", Support.Sidecar.Minimal(Id(n), Support.Sidecar.Files(files)));

    private string Link(string relativePath, string target)
    {
        var path = Path.Combine(_recordings.Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
        return path;
    }

    private static void Run(string tool, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {process.StandardError.ReadToEnd()}");
    }

    /// <summary>Everything the catalog holds, as text: no byte of the secret and no path outside the root may be in it.</summary>
    private string CatalogText() => Encoding.UTF8.GetString(File.ReadAllBytes(_catalog.Info.Path!));

    private void AssertNothingOutsideImported()
    {
        foreach (var conversation in Store.All(_catalog))
        {
            Assert.StartsWith(_recordings.Root + "/", conversation.SidecarPath);
            foreach (var file in conversation.Files) Assert.StartsWith(_recordings.Root + "/", file.Location);
        }
        Assert.DoesNotContain("secret-hash", CatalogText());
        Assert.DoesNotContain(_temp.Combine("outside"), CatalogText());
    }

    [Fact]
    public void A_media_link_to_a_file_outside_the_folder_is_refused_without_saying_its_size()
    {
        if (OperatingSystem.IsWindows()) return; // links need privileges there; the same code path is tested on POSIX
        Link("day/call.wav", _secretFile);
        Sidecar("day", "call", 1, ("Media", "call.wav"));
        _recordings.WriteMedia("day/good.wav", 64);
        Sidecar("day", "good", 2, ("Media", "good.wav"));

        var summary = Import();

        Assert.Equal((1, 1), (summary.Imported, summary.Failed));
        var failure = Assert.Single(_listener.Failures);
        Assert.Equal(ErrorId.SidecarFileOutsideRoot, failure.Id);
        Assert.Contains("call.xml", failure.Message);
        Assert.Contains("call.wav", failure.Message);
        Assert.DoesNotContain(Secret.Length.ToString(), failure.Message);
        Assert.DoesNotContain("shadow", failure.Message);
        AssertNothingOutsideImported();
    }

    [Fact]
    public void A_link_to_a_system_file_padded_to_the_recorded_size_is_refused()
    {
        if (OperatingSystem.IsWindows()) return;
        // The size a recording server would have written for the real call matches the target's size.
        var size = (int)new FileInfo("/etc/passwd").Length;
        Link("day/call.wav", "/etc/passwd");
        _recordings.WriteSidecar("day/call.xml", Support.Sidecar.Minimal(Id(1), Support.Sidecar.Files(("Media", "call.wav"))));
        _recordings.WriteMedia("day/padding.bin", size);

        Import();

        Assert.Equal(ErrorId.SidecarFileOutsideRoot, Assert.Single(_listener.Failures).Id);
        Assert.Empty(Store.All(_catalog));
        Assert.DoesNotContain("root:x:", CatalogText());
    }

    [Fact]
    public void A_linked_sidecar_outside_the_folder_is_refused()
    {
        if (OperatingSystem.IsWindows()) return;
        var foreign = _temp.Combine("outside", "foreign.xml");
        File.WriteAllText(foreign, Support.Sidecar.Minimal(Id(9), ""));
        Link("day/foreign.xml", foreign);

        Import();

        Assert.Equal(ErrorId.SidecarFileOutsideRoot, Assert.Single(_listener.Failures).Id);
        Assert.Empty(Store.All(_catalog));
    }

    [Fact]
    public void A_linked_folder_leading_out_of_the_root_is_not_entered()
    {
        if (OperatingSystem.IsWindows()) return;
        // /etc through a link: nothing under it may be imported, and its files are not even listed.
        Link("etcdir", "/etc");
        var outside = _temp.Combine("outside", "day");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "x.xml"), Support.Sidecar.Minimal(Id(3), Support.Sidecar.Files(("Media", "../shadow"))));
        Link("linked-day", outside);
        _recordings.WriteMedia("day/good.wav", 64);
        Sidecar("day", "good", 2, ("Media", "good.wav"));

        var summary = Import();

        Assert.Equal((1, 0), (summary.Imported, summary.Failed));
        Assert.Equal(2, _listener.Warnings.Count(w => w.Contains("is a link to a folder")));
        Assert.DoesNotContain(_listener.Warnings, w => w.Contains("passwd"));
        AssertNothingOutsideImported();
    }

    [Fact]
    public void A_link_loop_ends_the_walk_at_once_without_duplicates()
    {
        if (OperatingSystem.IsWindows()) return;
        _recordings.WriteMedia("day/good.wav", 64);
        Sidecar("day", "good", 2, ("Media", "good.wav"));
        Link("day/loop", "..");
        Link("day/self", "self");
        Sidecar("day", "selfref", 4, ("Media", "self"));

        var summary = Import();

        Assert.Equal(1, summary.Imported);
        Assert.DoesNotContain(_listener.Failures, f => f.Id == ErrorId.SidecarDuplicateId);
        Assert.Equal(ErrorId.SidecarFileNotRegular, Assert.Single(_listener.Failures).Id);
    }

    [Fact]
    public async Task Special_files_are_refused_without_blocking_the_import()
    {
        if (OperatingSystem.IsWindows()) return;
        Directory.CreateDirectory(Path.Combine(_recordings.Root, "day"));
        Run("mkfifo", Path.Combine(_recordings.Root, "day", "fifo.wav"));
        Sidecar("day", "fifo", 1, ("Media", "fifo.wav"));
        Run("mkfifo", Path.Combine(_recordings.Root, "day", "pipe.xml"));
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(_recordings.Root, "day", "socket.wav")));
            Sidecar("day", "socket", 2, ("Media", "socket.wav"));
            Sidecar("day", "folder", 3, ("Media", "."));
            Link("day/null.wav", "/dev/null");
            Sidecar("day", "null", 5, ("Media", "null.wav"));

            // WaitAsync throws when the import blocked on a special file.
            await Task.Run(Import).WaitAsync(TimeSpan.FromSeconds(60));
        }

        Assert.Empty(Store.All(_catalog));
        var ids = _listener.Failures.Select(f => (Path.GetFileName((string)f.Target!), f.Id)).OrderBy(f => f.Item1).ToList();
        Assert.Equal(
            [("fifo.xml", ErrorId.SidecarFileNotRegular), ("folder.xml", ErrorId.SidecarFileNotRegular), ("null.xml", ErrorId.SidecarFileOutsideRoot),
             ("pipe.xml", ErrorId.SidecarFileNotRegular), ("socket.xml", ErrorId.SidecarFileNotRegular)],
            ids);
    }

    [Fact]
    public void A_link_inside_the_folder_is_imported_by_its_real_path()
    {
        if (OperatingSystem.IsWindows()) return;
        var media = _recordings.WriteMedia("store/real.wav", 64);
        Link("day/call.wav", media);
        Sidecar("day", "call", 1, ("Media", "call.wav"));

        Import();

        Assert.Empty(_listener.Failures);
        Assert.Equal(media, Assert.Single(Assert.Single(Store.All(_catalog)).Files).Location);
    }

    [Fact]
    public void A_file_name_that_is_not_utf8_is_reported_as_such()
    {
        if (!OperatingSystem.IsLinux()) return; // macOS normalizes names; Linux keeps bytes
        _recordings.WriteMedia("day/good.wav", 64);
        Sidecar("day", "good", 2, ("Media", "good.wav"));
        var folder = Encoding.UTF8.GetBytes(Path.Combine(_recordings.Root, "day") + "/");
        Run("/bin/sh", "-c", $"printf '<conversation xmlns=\"urn:conversation-export:recording:1\"><id>x</id></conversation>' > \"$(printf '{Encoding.UTF8.GetString(folder)}bad\\377name.xml')\"");

        try
        {
            Import();

            var failure = Assert.Single(_listener.Failures);
            Assert.Equal(ErrorId.SidecarNameNotUtf8, failure.Id);
            Assert.Contains("not valid UTF-8", failure.Message);
            Assert.DoesNotContain("Could not find", failure.Message);
        }
        finally
        {
            // .NET cannot name the file to delete it either.
            Run("/bin/sh", "-c", $"rm -f '{Encoding.UTF8.GetString(folder)}'bad*name.xml");
        }
    }

    // ---- at export: a link swapped in after import -------------------------------------------

    private ExportRun Export(string destination, ArchiveMethod method)
    {
        Directory.CreateDirectory(destination);
        var runner = new ExportRunner(_catalog, Callers.Alice) { Parallelism = 2 };
        var settings = new ExportSettings { Destination = destination, ArchiveMethod = method, NoSubfolders = true, SourceDataset = SourceDataset.Both };
        var runId = runner.StartAdHoc("Swap", settings, null);
        return runner.RunAsync(runId, null, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Theory]
    [InlineData(ArchiveMethod.None)]
    [InlineData(ArchiveMethod.Zip)]
    public void A_link_swapped_in_after_import_is_refused_at_export(ArchiveMethod method)
    {
        if (OperatingSystem.IsWindows()) return;
        // Same size as the secret, so a size check alone would let the link through.
        var media = _recordings.WriteMedia("day/call.wav", Secret.Length);
        Sidecar("day", "call", 1, ("Media", "call.wav"));
        _recordings.WriteMedia("day/good.wav", 64);
        Sidecar("day", "good", 2, ("Media", "good.wav"));
        Import();
        Assert.Empty(_listener.Failures);
        File.Delete(media);
        File.CreateSymbolicLink(media, _secretFile);

        var run = Export(_temp.Combine("out"), method);

        Assert.Equal(RunState.CompletedWithErrors, run.State);
        Assert.Equal((1, 1), (run.Exported, run.Failed));
        var reason = Assert.Single(new RunCatalog(_catalog).Log(run.RunId), e => e.State == RunItemState.Failed).Reason!;
        Assert.Contains("call.wav", reason);
        Assert.Contains("refused", reason);
        Assert.DoesNotContain("shadow", reason);
        foreach (var file in Directory.EnumerateFiles(_temp.Combine("out"), "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.DoesNotContain("secret-hash", Encoding.Latin1.GetString(bytes));
            Assert.DoesNotContain(_temp.Combine("outside"), Encoding.UTF8.GetString(bytes));
        }
    }

    [Fact]
    public async Task A_fifo_swapped_in_after_import_fails_its_conversation_without_blocking_the_run()
    {
        if (OperatingSystem.IsWindows()) return;
        var media = _recordings.WriteMedia("day/call.wav", 64);
        Sidecar("day", "call", 1, ("Media", "call.wav"));
        Import();
        File.Delete(media);
        Run("mkfifo", media);

        // WaitAsync throws when the export blocked on the FIFO.
        var run = await Task.Run(() => Export(_temp.Combine("out"), ArchiveMethod.Zip)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((0, 1), (run.Exported, run.Failed));
        Assert.Contains("not a regular file", Assert.Single(new RunCatalog(_catalog).Log(run.RunId)).Reason);
    }
}
