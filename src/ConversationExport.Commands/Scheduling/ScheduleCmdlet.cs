using System.Management.Automation;
using ConversationExport.Engine.Catalog;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Scheduling;

namespace ConversationExport.Commands.Scheduling;

/// <summary>The calendar parameters of Register-ExportSchedule and Set-ExportSchedule, and what they make.</summary>
public abstract class ScheduleCmdlet : CatalogCmdlet
{
    protected const string OnceSet = "Once";
    protected const string EverySet = "Every";
    protected const string DailySet = "Daily";
    protected const string WeeklySet = "Weekly";
    protected const string MonthlySet = "Monthly";
    protected const string CronSet = "Cron";

    /// <summary>The export task the schedule runs: its name, or a task from Get-ExportTask.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Task { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = OnceSet)] public SwitchParameter Once { get; set; }
    [Parameter(Mandatory = true, ParameterSetName = EverySet)] public TimeSpan Every { get; set; }
    [Parameter(Mandatory = true, ParameterSetName = DailySet)] public SwitchParameter Daily { get; set; }
    [Parameter(Mandatory = true, ParameterSetName = WeeklySet)] public SwitchParameter Weekly { get; set; }
    [Parameter(Mandatory = true, ParameterSetName = MonthlySet)] public SwitchParameter Monthly { get; set; }

    /// <summary>The time of day (02:00), or with -Once the date and time.</summary>
    [Parameter(Mandatory = true, ParameterSetName = OnceSet)]
    [Parameter(Mandatory = true, ParameterSetName = DailySet)]
    [Parameter(Mandatory = true, ParameterSetName = WeeklySet)]
    [Parameter(Mandatory = true, ParameterSetName = MonthlySet)]
    [ValidateNotNullOrEmpty]
    public string At { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = WeeklySet)] public DayOfWeek[] DaysOfWeek { get; set; } = [];
    [Parameter(Mandatory = true, ParameterSetName = MonthlySet)] public int[] DayOfMonth { get; set; } = [];
    [Parameter(Mandatory = true, ParameterSetName = CronSet)][ValidateNotNullOrEmpty] public string Cron { get; set; } = "";

    /// <summary>IANA or Windows id; default: this computer's zone.</summary>
    [Parameter, ArgumentCompleter(typeof(TimeZoneCompleter))] [ValidateNotNullOrEmpty] public string? TimeZone { get; set; }
    [Parameter] public DateTime? StartDate { get; set; }
    [Parameter] public DateTime? EndDate { get; set; }
    [Parameter] public string? WindowStart { get; set; }
    [Parameter] public string? WindowEnd { get; set; }
    [Parameter] public OutsideWindow OutsideWindow { get; set; } = OutsideWindow.Wait;

    /// <summary>The account the OS scheduler runs the task as (its crontab; root only for another account).</summary>
    [Parameter] public string? RunAs { get; set; }

    private bool Has(string name) => MyInvocation.BoundParameters.ContainsKey(name);

    /// <summary>The schedule the parameters describe; on Set-ExportSchedule, given values replace those of <paramref name="existing"/>.</summary>
    protected ScheduleDefinition Definition(ScheduleDefinition? existing)
    {
        var kind = ParameterSetName switch
        {
            OnceSet => ScheduleKind.Once,
            EverySet => ScheduleKind.Every,
            DailySet => ScheduleKind.Daily,
            WeeklySet => ScheduleKind.Weekly,
            MonthlySet => ScheduleKind.Monthly,
            CronSet => ScheduleKind.Cron,
            _ => existing?.Kind ?? ScheduleKind.Daily,
        };
        var calendarChanged = existing is null || ParameterSetName is OnceSet or EverySet or DailySet or WeeklySet or MonthlySet or CronSet;
        var baseline = calendarChanged
            ? new ScheduleDefinition
            {
                Kind = kind,
                TimeZone = existing?.TimeZone ?? TimeZoneInfo.Local.Id,
                StartDate = existing?.StartDate,
                EndDate = existing?.EndDate,
                WindowStart = existing?.WindowStart,
                WindowEnd = existing?.WindowEnd,
                OutsideWindow = existing?.OutsideWindow ?? OutsideWindow.Wait,
                RunAs = existing?.RunAs,
            }
            : existing!;
        var s = baseline with { RegisteredUtc = DateTime.UtcNow };
        if (calendarChanged)
        {
            s = kind switch
            {
                ScheduleKind.Once => s with { OnceAt = ScheduleText.Moment(At, nameof(At)) },
                ScheduleKind.Every => s with { Every = Every },
                ScheduleKind.Daily => s with { At = ScheduleText.TimeOfDay(At, nameof(At)) },
                ScheduleKind.Weekly => s with { At = ScheduleText.TimeOfDay(At, nameof(At)), DaysOfWeek = DaysOfWeek.Distinct().ToArray() },
                ScheduleKind.Monthly => s with { At = ScheduleText.TimeOfDay(At, nameof(At)), DaysOfMonth = DayOfMonth.Distinct().ToArray() },
                _ => s with { Cron = Cron },
            };
        }
        if (Has(nameof(TimeZone))) s = s with { TimeZone = TimeZone! };
        if (Has(nameof(StartDate))) s = s with { StartDate = StartDate?.Date };
        if (Has(nameof(EndDate))) s = s with { EndDate = EndDate?.Date };
        if (Has(nameof(WindowStart))) s = s with { WindowStart = string.IsNullOrEmpty(WindowStart) ? null : ScheduleText.TimeOfDay(WindowStart, nameof(WindowStart)) };
        if (Has(nameof(WindowEnd))) s = s with { WindowEnd = string.IsNullOrEmpty(WindowEnd) ? null : ScheduleText.TimeOfDay(WindowEnd, nameof(WindowEnd)) };
        if (Has(nameof(OutsideWindow))) s = s with { OutsideWindow = OutsideWindow };
        if (Has(nameof(RunAs))) s = s with { RunAs = string.IsNullOrEmpty(RunAs) ? null : RunAs };
        return s.Validate();
    }

    protected ScheduleCatalog Schedules() => new(OpenCatalog(), Caller, ISchedulerHost.ForThisSystem());

    /// <summary>
    /// What the OS trigger runs: the real pwsh of this session ($PSHOME), this module, and the paths the
    /// scheduled process needs to find the same catalog and key file; never a secret.
    /// </summary>
    protected ScheduledCommand Command()
    {
        var home = (string)SessionState.PSVariable.GetValue("PSHOME");
        var pwsh = Path.Combine(home, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");
        var manifest = Path.Combine(MyInvocation.MyCommand.Module?.ModuleBase ?? Path.GetDirectoryName(typeof(ScheduleCmdlet).Assembly.Location)!, "ConversationExport.psd1");
        var environment = new Dictionary<string, string>();
        // A server catalog's login is not handed over: the scheduled run logs in with integrated security or a .pgpass file.
        environment["CONVERSATIONEXPORT_CATALOG"] = ConversationCatalog.EnvironmentValue(OpenCatalog().Info);
        foreach (var name in new[] { "CONVERSATIONEXPORT_KEYFILE", "CONVERSATIONEXPORT_DOWNLOADS", "XDG_DATA_HOME" })
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value) environment[name] = value;
        return new ScheduledCommand(pwsh, manifest, environment);
    }
}
