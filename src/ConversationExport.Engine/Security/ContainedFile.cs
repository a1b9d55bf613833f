using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace ConversationExport.Engine.Security;

/// <summary>Why a recording file was not taken.</summary>
public enum FileRefusal
{
    /// <summary>Nothing is there.</summary>
    Missing,
    /// <summary>Its real path (every link resolved) is outside the folder it must stay in.</summary>
    OutsideRoot,
    /// <summary>A FIFO, device, socket or folder: reading it could block, or read what is not a recording.</summary>
    NotRegular,
    /// <summary>It is no longer the file recorded at import: a link or another file was put in its place.</summary>
    Replaced,
}

/// <summary>What a check of a recording file found: its real path and size, or why it was refused.</summary>
public readonly record struct FileCheck(string? RealPath, long Size, FileRefusal? Refusal)
{
    public bool Accepted => Refusal is null;
}

/// <summary>
/// Recording files are read only as regular files whose real path lies inside the folder they were
/// imported from. A path check on text is not enough: a link named call.wav may point anywhere, a
/// linked folder may lead out of the root, and a FIFO would block the reader. So every check opens
/// the file first (without blocking, whatever it is) and asks the open handle what it is and where
/// it really lives; the export then reads from that same handle, so a link swapped in after the
/// check cannot redirect it.
/// </summary>
public static class ContainedFile
{
    /// <summary>The real path of a folder, every link resolved; the root an import is contained in.</summary>
    public static string RealFolder(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (OperatingSystem.IsWindows())
            return Directory.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        return RealPathOf(full) ?? full;
    }

    /// <summary>True when <paramref name="realPath"/> lies strictly inside <paramref name="realRoot"/>.</summary>
    public static bool IsInside(string realPath, string realRoot)
    {
        var root = Path.TrimEndingDirectorySeparator(realRoot) + Path.DirectorySeparatorChar;
        return realPath.StartsWith(root, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    /// <summary>Checks a file a sidecar names (or the sidecar itself) before import.</summary>
    public static FileCheck Inspect(string path, string realRoot)
    {
        using var opened = TryOpen(path, out var refusal);
        if (opened is null) return new FileCheck(null, 0, refusal);
        if (!IsInside(opened.RealPath, realRoot)) return new FileCheck(null, 0, FileRefusal.OutsideRoot);
        if (!opened.Regular) return new FileCheck(null, 0, FileRefusal.NotRegular);
        return new FileCheck(opened.RealPath, opened.Size, null);
    }

    /// <summary>
    /// Opens a file by the real path recorded at import, for reading; null with the refusal when it
    /// is missing, not a regular file, or no longer the file at that real path (a link swapped in).
    /// </summary>
    public static FileStream? OpenRecorded(string recordedPath, int bufferSize, out FileRefusal? refusal)
    {
        var opened = TryOpenRecorded(recordedPath, out refusal);
        return opened?.ToStream(bufferSize);
    }

    /// <summary>What <see cref="OpenRecorded"/> would find now: the file's size, or why it would be refused.</summary>
    public static FileCheck CheckRecorded(string recordedPath)
    {
        using var opened = TryOpenRecorded(recordedPath, out var refusal);
        return opened is null ? new FileCheck(null, 0, refusal) : new FileCheck(opened.RealPath, opened.Size, null);
    }

    private static OpenedFile? TryOpenRecorded(string recordedPath, out FileRefusal? refusal)
    {
        var opened = TryOpen(recordedPath, out refusal);
        if (opened is null) return null;
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        refusal = !opened.Regular ? FileRefusal.NotRegular : !string.Equals(opened.RealPath, recordedPath, comparison) ? FileRefusal.Replaced : null;
        if (refusal is null) return opened;
        opened.Dispose();
        return null;
    }

    /// <summary>Opens a file within a root for reading: its stream and real path, or null with the refusal.</summary>
    public static (FileStream Stream, string RealPath)? OpenInside(string path, string realRoot, int bufferSize, out FileRefusal? refusal)
    {
        var opened = TryOpen(path, out refusal);
        if (opened is null) return null;
        refusal = !IsInside(opened.RealPath, realRoot) ? FileRefusal.OutsideRoot : !opened.Regular ? FileRefusal.NotRegular : null;
        if (refusal is not null)
        {
            opened.Dispose();
            return null;
        }
        return (opened.ToStream(bufferSize), opened.RealPath);
    }

    /// <summary>True for a link (symbolic link, junction) itself, not what it points to.</summary>
    public static bool IsLink(FileSystemInfo entry) => entry.LinkTarget is not null;

    /// <summary>An open handle with what the system says of it.</summary>
    private sealed class OpenedFile(SafeFileHandle handle, string realPath, bool regular, long size) : IDisposable
    {
        private SafeFileHandle? _handle = handle;
        public string RealPath { get; } = realPath;
        public bool Regular { get; } = regular;
        public long Size { get; } = size;

        public FileStream ToStream(int bufferSize)
        {
            var owned = _handle ?? throw new ObjectDisposedException(nameof(OpenedFile));
            _handle = null;
            return new FileStream(owned, FileAccess.Read, bufferSize);
        }

        public void Dispose() => _handle?.Dispose();
    }

    private static OpenedFile? TryOpen(string path, out FileRefusal? refusal)
    {
        refusal = null;
        try
        {
            return OperatingSystem.IsWindows() ? OpenWindows(path) : OpenUnix(path);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            refusal = FileRefusal.Missing;
            return null;
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(path))
        {
            refusal = FileRefusal.NotRegular;
            return null;
        }
        catch (SpecialFileException)
        {
            refusal = FileRefusal.NotRegular;
            return null;
        }
    }

    /// <summary>What cannot even be opened as a file: a socket, a link that leads back to itself.</summary>
    private sealed class SpecialFileException(string message) : IOException(message);

    // ---- Unix ------------------------------------------------------------------------------

    private static OpenedFile OpenUnix(string path)
    {
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer; O_NOCTTY: a
        // terminal device must not become ours. Both only matter for what is then refused.
        var flags = OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()
            ? MacNonBlock | MacNoCtty | MacCloseOnExec
            : LinuxNonBlock | LinuxNoCtty | LinuxCloseOnExec;
        var fd = Open(path, flags);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var message = $"'{path}' could not be opened: {Marshal.GetPInvokeErrorMessage(errno)}";
            throw errno switch
            {
                ENOENT or ENOTDIR => new FileNotFoundException(message, path),
                EACCES or EPERM => new UnauthorizedAccessException(message),
                ENXIO => new SpecialFileException(message), // a socket, or a device without its driver
                _ when errno == LinkLoop => new SpecialFileException(message),
                _ => new IOException(message, errno),
            };
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            if (FStat(handle, out var status) != 0)
                throw new IOException($"'{path}' could not be examined: {Marshal.GetLastPInvokeErrorMessage()}");
            var regular = (status.Mode & FileTypeMask) == RegularFile;
            return new OpenedFile(handle, RealPathOf(handle, path), regular, regular ? status.Size : 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Where the open handle really is. Linux answers for the handle itself (/proc/self/fd), so a
    /// link swapped in between resolving and opening cannot fool it; elsewhere the path is resolved.
    /// </summary>
    private static string RealPathOf(SafeFileHandle handle, string path)
    {
        if (OperatingSystem.IsLinux())
        {
            var link = $"/proc/self/fd/{handle.DangerousGetHandle()}";
            if (File.ResolveLinkTarget(link, returnFinalTarget: false) is { } target) return target.FullName;
        }
        return RealPathOf(path) ?? throw new FileNotFoundException($"'{path}' disappeared while it was opened.", path);
    }

    private static string? RealPathOf(string path)
    {
        var resolved = RealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    private const int EPERM = 1, ENOENT = 2, ENXIO = 6, EACCES = 13, ENOTDIR = 20;
    private static int LinkLoop => OperatingSystem.IsLinux() ? 40 : 62; // ELOOP
    private const int LinuxNonBlock = 0x800, LinuxNoCtty = 0x100, LinuxCloseOnExec = 0x80000;
    private const int MacNonBlock = 0x4, MacNoCtty = 0x20000, MacCloseOnExec = 0x1000000;
    // File types as the runtime's native shim reports them (its own constants, the same on every Unix).
    private const int FileTypeMask = 0xF000, RegularFile = 0x8000;

    // DllImport rather than LibraryImport: the generated stubs would need unsafe code for a few ints.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static extern IntPtr RealPath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void Free(IntPtr pointer);

    /// <summary>
    /// The runtime's own portable stat (libSystem.Native ships with every .NET on Unix): libc's
    /// struct stat differs by OS and architecture, this one does not. Only the leading fields,
    /// unchanged since .NET Core 1.0, are read; Size leaves room for the fields runtimes add.
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Size = 512)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;
        public uint Uid;
        public uint Gid;
        public long Size;
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_FStat", SetLastError = true)]
    private static extern int FStat(SafeFileHandle fd, out FileStatus status);

    // ---- Windows ---------------------------------------------------------------------------

    private static OpenedFile OpenWindows(string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            var buffer = new StringBuilder(1024);
            var length = GetFinalPathNameByHandle(handle, buffer, buffer.Capacity, 0);
            if (length == 0 || length > buffer.Capacity)
                throw new IOException($"'{path}' could not be examined: {Marshal.GetLastPInvokeErrorMessage()}");
            var real = buffer.ToString();
            real = real.StartsWith(@"\\?\UNC\", StringComparison.Ordinal) ? @"\\" + real[8..] : real.StartsWith(@"\\?\", StringComparison.Ordinal) ? real[4..] : real;
            // A handle File.OpenHandle gives is never a folder; devices have no path of their own to open here.
            var regular = (File.GetAttributes(real) & FileAttributes.Device) == 0;
            return new OpenedFile(handle, real, regular, RandomAccess.GetLength(handle));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    [DllImport("kernel32.dll", EntryPoint = "GetFinalPathNameByHandleW", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern int GetFinalPathNameByHandle(SafeFileHandle file, StringBuilder path, int length, int flags);
}
