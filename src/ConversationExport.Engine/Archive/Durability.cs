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

    /// <summary>
    /// Makes renames into these folders durable: on Linux and macOS a rename lives in the folder's
    /// entry, which reaches the disk only when the folder itself is flushed — until then a power cut
    /// can bring back the temporary name of a file the catalog already counts as delivered. (NTFS
    /// journals its metadata; there nothing is needed.)
    /// </summary>
    public static void FlushFolders(IEnumerable<string> folders)
    {
        if (OperatingSystem.IsWindows()) return;
        foreach (var folder in folders.Distinct(StringComparer.Ordinal))
        {
            int fd;
            try
            {
                fd = Open(folder, 0); // O_RDONLY: enough to fsync a directory
            }
            catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
            {
                return;
            }
            if (fd < 0)
                throw new IOException($"Opening the folder '{folder}' to flush it failed: {Marshal.GetLastPInvokeErrorMessage()}", Marshal.GetLastPInvokeError());
            try
            {
                if (FSync(fd) != 0)
                    throw new IOException($"Flushing the folder '{folder}' to disk failed: {Marshal.GetLastPInvokeErrorMessage()}", Marshal.GetLastPInvokeError());
            }
            finally
            {
                Close(fd);
            }
        }
    }

    // DllImport rather than LibraryImport: the generated stubs would need unsafe code for a few ints.
    [DllImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static extern int SyncFs(int fd);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FSync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
