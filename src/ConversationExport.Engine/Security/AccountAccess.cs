using System.Diagnostics;

namespace ConversationExport.Engine.Security;

/// <summary>What another account of this machine can do: exist, and read the machine key (Unix: root, or a member of the key file's group).</summary>
public static class AccountAccess
{
    public static bool Exists(string account) => OperatingSystem.IsWindows() || Run("id", "-u", account) is { Exit: 0 };

    /// <summary>Null when <paramref name="account"/> can read the machine key; otherwise why not, and the fix.</summary>
    public static string? CanReadMachineKey(string account)
    {
        if (OperatingSystem.IsWindows()) return null; // DPAPI LocalMachine: every local account
        var path = SecretProtector.MachineKeyFilePath();
        if (!File.Exists(path)) return $"the machine key file {path} does not exist yet (store the password with -SecretScope Machine as root first).";
        if (Run("id", "-u", account) is { Exit: 0, Output: var uid } && uid.Trim() == "0") return null;
        var group = Run("stat", OperatingSystem.IsMacOS() ? "-f" : "-c", "%g", path);
        var groups = Run("id", "-G", account);
        if (group is not { Exit: 0 } || groups is not { Exit: 0 }) return $"its groups or those of {path} could not be read.";
        var member = groups.Output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Contains(group.Output.Trim());
        return member && (File.GetUnixFileMode(path) & UnixFileMode.GroupRead) != 0
            ? null
            : $"it is not in the group of the machine key file {path} (group id {group.Output.Trim()}); add it (usermod -aG <group> {account}) or give the file that account's group (chgrp).";
    }

    private static (int Exit, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
