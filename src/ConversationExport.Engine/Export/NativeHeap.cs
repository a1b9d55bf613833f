using System.Runtime.InteropServices;

namespace ConversationExport.Engine.Export;

/// <summary>
/// Gives memory freed by native code (zlib's per-chunk state, SQLite, OpenSSL) back to the system.
/// glibc keeps freed blocks in per-thread arenas; over a long run with many worker threads they add
/// up to tens of megabytes that no one uses. A run trims them now and then (Linux with glibc only;
/// elsewhere this does nothing).
/// </summary>
internal static class NativeHeap
{
    private static bool _unavailable = !OperatingSystem.IsLinux();

    public static void Trim()
    {
        if (_unavailable) return;
        try
        {
            MallocTrim(0);
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true; // musl and other C libraries have no malloc_trim
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
