using System.Diagnostics;
using System.Globalization;
using System.Security;
using System.Text;

namespace ConversationExport.Engine.Scheduling;

/// <summary>
/// The one OS-level trigger of a schedule: when the operating system's scheduler wakes the task up, and
/// the command it runs. The wake-ups are a superset of the schedule's occurrences (the minutes and
/// hours, in the machine's local time, at which an occurrence can fall in the coming year, and the
/// window's opening); at each wake-up `Invoke-ConversationExport -Task -Scheduled` runs only when an
/// occurrence is due, so the OS scheduler never needs to know time zones, DST or cron dialects.
/// </summary>
/// <param name="RunAs">The account the OS scheduler runs it as; null: the account that registers it.</param>
public sealed record SchedulerTrigger(string Id, string Minutes, string Hours, string Executable, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment, string? RunAs = null)
{
    /// <summary>The wake-ups of a schedule in the machine's local time, as cron minute and hour fields.</summary>
    public static (string Minutes, string Hours) WakeUps(ScheduleDefinition schedule, DateTime nowUtc)
    {
        var local = TimeZoneInfo.Local;
        var minutes = new SortedSet<int>();
        var hours = new SortedSet<int>();
        void Add(DateTime utc)
        {
            var at = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), local);
            minutes.Add(at.Minute);
            hours.Add(at.Hour);
            // cron wakes at second 0: an occurrence with seconds is caught by the next minute's wake-up.
            if (at.Second > 0)
            {
                var later = at.AddMinutes(1);
                minutes.Add(later.Minute);
                hours.Add(later.Hour);
            }
        }
        var count = 0;
        for (var next = schedule.NextAfter(nowUtc); next is { } n && n < nowUtc.AddDays(400) && count < 20000; next = schedule.NextAfter(n), count++) Add(n);
        if (schedule.WindowStart is { } open)
        {
            // A due occurrence waiting for the window runs when it opens (both DST offsets of the coming year).
            foreach (var day in new[] { 0, 91, 182, 273 })
            {
                var date = TimeZoneInfo.ConvertTimeFromUtc(nowUtc, schedule.Zone).Date.AddDays(day);
                Add(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(date + open, DateTimeKind.Unspecified), schedule.Zone));
            }
        }
        if (minutes.Count == 0) return ("*", "*");
        return (minutes.Count > 20 ? "*" : string.Join(",", minutes), hours.Count > 12 ? "*" : string.Join(",", hours));
    }
}

/// <summary>Registers and removes a schedule's trigger with the operating system's scheduler.</summary>
public interface ISchedulerHost
{
    /// <summary>What would be registered, exactly as the OS scheduler gets it (-WhatIf shows this).</summary>
    string Describe(SchedulerTrigger trigger);

    void Register(SchedulerTrigger trigger);

    /// <summary>Removes exactly this trigger (of <paramref name="runAs"/>, or of this account), leaving everything else the OS scheduler holds; false when it was not there.</summary>
    bool Unregister(string id, string? runAs);

    bool Exists(string id, string? runAs);

    /// <summary>The host of this operating system: the user's crontab on Linux and macOS, Task Scheduler on Windows.</summary>
    public static ISchedulerHost ForThisSystem() => OperatingSystem.IsWindows() ? new WindowsTaskSchedulerHost() : new CrontabHost();
}

/// <summary>
/// The user's crontab. Each schedule is two lines: a marker comment naming it, and its entry; nothing
/// else in the crontab is touched. The command is run by /bin/sh, so every value is quoted for it.
/// </summary>
public sealed class CrontabHost : ISchedulerHost
{
    private const string Marker = "# ConversationExport schedule ";

    /// <summary>The crontab program (tests may point at another user's or a fake path).</summary>
    public string CrontabProgram { get; init; } = "crontab";

    public string Describe(SchedulerTrigger trigger) => $"{MarkerLine(trigger.Id)}\n{Entry(trigger)}";

    public void Register(SchedulerTrigger trigger)
    {
        var lines = Without(Read(trigger.RunAs), trigger.Id);
        lines.Add(MarkerLine(trigger.Id));
        lines.Add(Entry(trigger));
        Write(trigger.RunAs, lines);
    }

    public bool Unregister(string id, string? runAs)
    {
        var lines = Read(runAs);
        var kept = Without(lines, id);
        if (kept.Count == lines.Count) return false;
        Write(runAs, kept);
        return true;
    }

    public bool Exists(string id, string? runAs) => Read(runAs).Contains(MarkerLine(id));

    // Another account's crontab: "crontab -u", which only root may use.
    private static string[] For(string? account, params string[] arguments) => account is null ? arguments : ["-u", account, .. arguments];

    private static string MarkerLine(string id) => Marker + id;

    private static List<string> Without(List<string> lines, string id)
    {
        var kept = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i] == MarkerLine(id))
            {
                i++; // its entry is the next line
                continue;
            }
            kept.Add(lines[i]);
        }
        return kept;
    }

    /// <summary>"m h * * * NAME='value' 'program' 'arg' …": single quotes for sh, and % escaped, which cron turns into a newline.</summary>
    public static string Entry(SchedulerTrigger trigger)
    {
        var command = new StringBuilder();
        foreach (var (name, value) in trigger.Environment) command.Append(name).Append('=').Append(Quote(value)).Append(' ');
        command.Append(Quote(trigger.Executable));
        foreach (var argument in trigger.Arguments) command.Append(' ').Append(Quote(argument));
        return $"{trigger.Minutes} {trigger.Hours} * * * {command.ToString().Replace("%", "\\%", StringComparison.Ordinal)}";
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private List<string> Read(string? account)
    {
        var (exit, output, error) = Run(For(account, "-l"), null);
        if (exit == 0) return output.TrimEnd('\n').Split('\n').Select(l => l.TrimEnd('\r')).Where(l => output.Length > 0).ToList();
        // "no crontab for <user>" is an empty crontab, not a failure.
        if (error.Contains("no crontab", StringComparison.OrdinalIgnoreCase)) return [];
        throw Failed($"reading the crontab failed: {error.Trim()}");
    }

    private void Write(string? account, List<string> lines)
    {
        var (exit, _, error) = Run(For(account, "-"), string.Join("\n", lines) + "\n");
        if (exit != 0) throw Failed($"writing the crontab failed: {error.Trim()}");
    }

    private (int Exit, string Output, string Error) Run(string[] arguments, string? input)
    {
        var start = new ProcessStartInfo(CrontabProgram) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            if (input is not null)
            {
                process.StandardInput.Write(input);
                process.StandardInput.Close();
            }
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Result, error);
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw Failed($"the program '{CrontabProgram}' could not be started ({error.Message}); install cron (Debian: apt-get install cron) and make sure its service runs");
        }
    }

    private static ConversationExportException Failed(string why) => new(ErrorId.ScheduleTriggerFailed, ErrorKind.ResourceUnavailable,
        $"The schedule's cron entry could not be changed: {why}.");
}

/// <summary>
/// Windows Task Scheduler: one task per schedule under \ConversationExport\, described by a task XML
/// document (schema 1.2) and registered with schtasks.exe. It runs as the user who registers it, only
/// while that user's password is not needed (S4U: no network shares with its credentials); -RunAs
/// accounts are registered by an administrator with the same document.
/// </summary>
public sealed class WindowsTaskSchedulerHost : ISchedulerHost
{
    public const string Folder = @"\ConversationExport\";

    public string Describe(SchedulerTrigger trigger) => TaskXml(trigger, DateTime.Now);

    public void Register(SchedulerTrigger trigger)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ce-schedule-{Guid.NewGuid():N}.xml");
        File.WriteAllText(file, TaskXml(trigger, DateTime.Now), Encoding.Unicode);
        try
        {
            Run("/Create", "/TN", Folder + trigger.Id, "/XML", file, "/F");
        }
        finally
        {
            File.Delete(file);
        }
    }

    public bool Unregister(string id, string? runAs)
    {
        if (!Exists(id, runAs)) return false;
        Run("/Delete", "/TN", Folder + id, "/F");
        return true;
    }

    // One task folder for every account: the task's name already holds the catalog and the task.
    public bool Exists(string id, string? runAs) => RunExit("/Query", "/TN", Folder + id) == 0;

    /// <summary>
    /// The task document: the wake-ups as triggers in local time (one daily trigger per hour when
    /// they fall on one minute of given hours, hourly repetition for one minute of every hour, else
    /// every minute), never two instances at once, started when available after the machine was off.
    /// </summary>
    public static string TaskXml(SchedulerTrigger trigger, DateTime nowLocal)
    {
        var day = nowLocal.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var triggers = new StringBuilder();
        var singleMinute = trigger.Minutes != "*" && !trigger.Minutes.Contains(',') ? int.Parse(trigger.Minutes, CultureInfo.InvariantCulture) : (int?)null;
        if (singleMinute is { } minute && trigger.Hours != "*")
        {
            foreach (var hour in trigger.Hours.Split(',').Select(h => int.Parse(h, CultureInfo.InvariantCulture)))
                triggers.Append(CultureInfo.InvariantCulture, $"    <CalendarTrigger><StartBoundary>{day}T{hour:00}:{minute:00}:00</StartBoundary><Enabled>true</Enabled><ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay></CalendarTrigger>\n");
        }
        else if (singleMinute is { } everyHour)
            triggers.Append(CultureInfo.InvariantCulture, $"    <CalendarTrigger><StartBoundary>{day}T00:{everyHour:00}:00</StartBoundary><Repetition><Interval>PT1H</Interval><Duration>P1D</Duration></Repetition><Enabled>true</Enabled><ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay></CalendarTrigger>\n");
        else
            triggers.Append(CultureInfo.InvariantCulture, $"    <TimeTrigger><StartBoundary>{day}T00:00:00</StartBoundary><Repetition><Interval>PT1M</Interval></Repetition><Enabled>true</Enabled></TimeTrigger>\n");
        var arguments = string.Join(" ", trigger.Arguments.Select(QuoteArgument));
        var environment = string.Concat(trigger.Environment.Select(e => $"$env:{e.Key} = '{e.Value.Replace("'", "''", StringComparison.Ordinal)}'; "));
        // Task Scheduler has no per-action environment: the variables are set inside the command.
        if (environment.Length > 0) arguments = arguments.Replace("-Command \"", "-Command \"" + environment.Replace("\"", "\\\"", StringComparison.Ordinal), StringComparison.Ordinal);
        return $"""
            <?xml version="1.0" encoding="UTF-16"?>
            <Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
              <RegistrationInfo>
                <Description>{SecurityElement.Escape($"ConversationExport schedule {trigger.Id}: Invoke-ConversationExport -Scheduled")}</Description>
                <URI>{SecurityElement.Escape(Folder + trigger.Id)}</URI>
              </RegistrationInfo>
              <Triggers>
            {triggers.ToString().TrimEnd('\n')}
              </Triggers>
              <Principals>
                <Principal id="Author">{(trigger.RunAs is { } account ? $"\n      <UserId>{SecurityElement.Escape(account)}</UserId>" : "")}
                  <LogonType>S4U</LogonType>
                  <RunLevel>LeastPrivilege</RunLevel>
                </Principal>
              </Principals>
              <Settings>
                <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
                <StartWhenAvailable>true</StartWhenAvailable>
                <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
                <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
                <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
                <Enabled>true</Enabled>
              </Settings>
              <Actions Context="Author">
                <Exec>
                  <Command>{SecurityElement.Escape(trigger.Executable)}</Command>
                  <Arguments>{SecurityElement.Escape(arguments)}</Arguments>
                </Exec>
              </Actions>
            </Task>
            """;
    }

    // Windows command-line rules (CommandLineToArgvW): quotes around arguments with spaces or quotes, inner quotes escaped.
    private static string QuoteArgument(string argument) => argument.Length > 0 && argument.IndexOfAny([' ', '\t', '"']) < 0
        ? argument
        : "\"" + argument.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static void Run(params string[] arguments)
    {
        var (exit, error) = Execute(arguments);
        if (exit != 0)
            throw new ConversationExportException(ErrorId.ScheduleTriggerFailed, ErrorKind.ResourceUnavailable,
                $"Task Scheduler refused the change (schtasks {arguments[0]}): {error.Trim()}");
    }

    private static int RunExit(params string[] arguments) => Execute(arguments).Exit;

    private static (int Exit, string Error) Execute(string[] arguments)
    {
        var start = new ProcessStartInfo("schtasks.exe") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }
}
