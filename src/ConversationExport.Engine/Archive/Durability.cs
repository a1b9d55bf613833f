using System.Runtime.InteropServices;

namespace ConversationExport.Engine.Archive;

/// <summary>Puts written files on stable storage before they are renamed into place.</summary>
internal static class Durability
{
    /// <summary>
    /// Flushes every file to disk. On Linux one syncfs of their file system does it in a single
    /// journal commit (the files of one writer share a folder, so one file system); where that is
    /// not available, each file is flushed on its own.
    /// </summary>
    public static void Flush(IReadOnlyList<string> files)
    {
        if (files.Count == 0) return;
        if (OperatingSystem.IsLinux() && TrySyncFileSystem(files[0])) return;
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            stream.Flush(flushToDisk: true);
        }
    }

    private static bool TrySyncFileSystem(string anyFile)
    {
        try
        {
            using var handle = File.OpenHandle(anyFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (SyncFs((int)handle.DangerousGetHandle()) == 0) return true;
            throw new IOException($"Flushing '{anyFile}' to disk failed: {Marshal.GetLastPInvokeErrorMessage()}", Marshal.GetLastPInvokeError());
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    // DllImport rather than LibraryImport: the generated stub would need unsafe code for one int.
    [DllImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static extern int SyncFs(int fd);
}
