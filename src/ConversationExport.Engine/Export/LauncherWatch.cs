using System.Runtime.InteropServices;

namespace ConversationExport.Engine.Export;

/// <summary>
/// Notices when this PowerShell was started through the dotnet tool shim (`dotnet pwsh`, or a pwsh
/// installed with `dotnet tool install`) and that launcher has gone. The shim runs PowerShell as a
/// child process, so a scheduler that kills what it started (a cron or systemd timeout) kills only
/// the launcher and the export would go on unseen. Linux only, where asking costs one system call
/// per heartbeat; elsewhere, and for a pwsh started directly, there is nothing to watch.
/// </summary>
internal sealed class LauncherWatch
{
    private const string ShimAssembly = "Microsoft.PowerShell.GlobalTool.Shim";

    private readonly int _launcher;

    private LauncherWatch(int launcher) => _launcher = launcher;

    /// <summary>A watch on the launcher of this process, or null when it was not started through the shim.</summary>
    public static LauncherWatch? ForThisProcess()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            var parent = GetParentProcessId();
            var commandLine = File.ReadAllText($"/proc/{parent}/cmdline");
            return commandLine.Contains(ShimAssembly, StringComparison.Ordinal) ? new LauncherWatch(parent) : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The launcher has ended: this process was re-parented.</summary>
    public bool LauncherGone => GetParentProcessId() != _launcher;

    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int GetParentProcessId();
}
