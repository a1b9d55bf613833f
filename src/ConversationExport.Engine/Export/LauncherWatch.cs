namespace ConversationExport.Engine.Export;

/// <summary>
/// Notices when this PowerShell was started through the dotnet tool launchers (`dotnet pwsh`, whose
/// muxer starts the PowerShell global-tool shim, which starts PowerShell) and one of them has gone.
/// A scheduler that kills what it started on a timeout (cron, systemd) kills only the outermost
/// launcher; the export would go on unseen. Linux only, where asking costs reading one small /proc
/// file per launcher per heartbeat; elsewhere, and for a pwsh started directly, there is nothing to watch.
/// </summary>
internal sealed class LauncherWatch
{
    private const string ShimAssembly = "Microsoft.PowerShell.GlobalTool.Shim";

    private readonly IReadOnlyList<(int Pid, string StartTime)> _launchers;

    private LauncherWatch(IReadOnlyList<(int, string)> launchers) => _launchers = launchers;

    /// <summary>A watch on the launchers above this process, or null when it was not started through one.</summary>
    public static LauncherWatch? ForThisProcess()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            var launchers = new List<(int, string)>();
            var parent = Stat(Environment.ProcessId)?.Parent;
            while (parent is { } pid && pid > 1 && IsLauncher(pid) && Stat(pid) is { } stat)
            {
                launchers.Add((pid, stat.StartTime));
                parent = stat.Parent;
            }
            return launchers.Count > 0 ? new LauncherWatch(launchers) : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A launcher has ended (its process is gone, or its id now belongs to another process).</summary>
    public bool LauncherGone => _launchers.Any(l => Stat(l.Pid)?.StartTime != l.StartTime);

    private static bool IsLauncher(int pid)
    {
        var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        return arguments.Any(a => a.Contains(ShimAssembly, StringComparison.Ordinal))
            || (arguments.Length > 1 && Path.GetFileName(arguments[0]) == "dotnet" && arguments[1] == "pwsh");
    }

    /// <summary>The parent and the start time (in clock ticks since boot) from /proc/pid/stat; null when the process is gone.</summary>
    private static (int Parent, string StartTime)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // "pid (command) state ppid … starttime …": the command may hold spaces and parentheses.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), fields[19]);
    }
}
