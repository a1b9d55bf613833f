using System.Diagnostics;
using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Export;

/// <summary>
/// Starts a task's run in a detached PowerShell process that outlives this session (seed §4.1:
/// saving an enabled task starts it at once, in batches, in the background). Progress and the
/// outcome are in the catalog (Get-ExportStatus); the process's own output goes to a log file.
/// </summary>
internal static class BackgroundRun
{
    public static void Start(CatalogCmdlet cmdlet, string taskName)
    {
        var catalog = cmdlet.OpenCatalog().Info;
        var pshome = (string)cmdlet.SessionState.PSVariable.GetValue("PSHOME");
        var pwsh = Path.Combine(pshome, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");
        var manifest = Path.Combine(Path.GetDirectoryName(typeof(BackgroundRun).Assembly.Location)!, "ConversationExport.psd1");
        var logs = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "ConversationExport", "logs");
        Directory.CreateDirectory(logs);
        var log = Path.Combine(logs, $"{string.Concat(taskName.Select(c => char.IsLetterOrDigit(c) ? c : '_'))}_{DateTime.UtcNow:yyyyMMdd_HHmmss}.log");
        var script = $"Import-Module {Quote(manifest)}; Invoke-ConversationExport -Task {Quote(taskName)} -Scheduled *> {Quote(log)}; if (-not $?) {{ exit 1 }}";

        // setsid puts the run in its own session, so closing the terminal (SIGHUP) does not end it.
        var setsid = OperatingSystem.IsWindows() ? null : new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
        var start = new ProcessStartInfo(setsid ?? pwsh) { UseShellExecute = false, CreateNoWindow = true };
        if (setsid is not null) start.ArgumentList.Add(pwsh);
        foreach (var argument in new[] { "-NoProfile", "-NonInteractive", "-Command", script }) start.ArgumentList.Add(argument);
        start.Environment["CONVERSATIONEXPORT_CATALOG"] = ConversationCatalog.EnvironmentValue(catalog);
        // The child's environment is readable only by this user (and root), like the session that holds the login now.
        if (catalog.Credential is { } login)
        {
            start.Environment["CONVERSATIONEXPORT_CATALOG_USER"] = login.UserName;
            start.Environment["CONVERSATIONEXPORT_CATALOG_PASSWORD"] = login.Password;
        }
        using var process = Process.Start(start);
        cmdlet.WriteVerbose($"Started the run of '{taskName}' in the background (process {process?.Id}); Get-ExportStatus -Task '{taskName}' shows it, {log} holds its output.");
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";
}
