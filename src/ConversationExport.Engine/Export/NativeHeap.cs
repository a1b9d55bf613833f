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

    /// <summary>Returns whether any memory was given back (always false where there is nothing to call).</summary>
    public static bool Trim()
    {
        if (_unavailable) return false;
        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true; // musl and other C libraries have no malloc_trim
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
