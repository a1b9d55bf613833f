using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Scheduling;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Scheduling;

/// <summary>
/// Wake-ups of a schedule's OS trigger: a run only when an occurrence is due, missed occurrences
/// collapsed into one, the run window honoured, and one occurrence never taken twice. The OS
/// scheduler itself is exercised for real by the Pester suite (cron); here it is a list in memory.
/// </summary>
public sealed class ScheduleDueTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly ConversationCatalog _catalog;
    private readonly ScheduleCatalog _schedules;
    private readonly MemoryHost _host = new();
    private static readonly ScheduledCommand Command = new("/usr/bin/pwsh", "/opt/ce/ConversationExport.psd1", new Dictionary<string, string>());

    public ScheduleDueTests()
    {
        _catalog = ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(_temp.Combine("catalog.db")), Callers.Alice);
        var tasks = new TaskCatalog(_catalog, Callers.Alice);
        Directory.CreateDirectory(_temp.Combine("vault"));
        tasks.AddTarget("Vault", StorageTargetType.FileSystem, _temp.Combine("vault"), null);
        tasks.AddTask("Nightly", enabled: true, new ExportSettings { StorageTarget = "Vault" });
        _schedules = new ScheduleCatalog(_catalog, Callers.Alice, _host);
    }

    public void Dispose() => _temp.Dispose();

    private static DateTime Utc(int day, int hour, int minute) => new(2026, 12, day, hour, minute, 0, DateTimeKind.Utc);

    private void Register(ScheduleDefinition definition) => _schedules.Register("Nightly", definition with { RegisteredUtc = Utc(1, 0, 0) }, Command);

    private static ScheduleDefinition Daily(int hour) => new() { Kind = ScheduleKind.Daily, At = TimeSpan.FromHours(hour), TimeZone = "UTC" };

    [Fact]
    public void Nothing_runs_before_an_occurrence_is_due()
    {
        Register(Daily(2));
        Assert.Equal(DueState.NotDue, _schedules.ClaimDue("Nightly", Utc(1, 1, 59)).State);
        Assert.Equal(DueState.Due, _schedules.ClaimDue("Nightly", Utc(1, 2, 0)).State);
        Assert.Equal(DueState.NotDue, _schedules.ClaimDue("Nightly", Utc(1, 2, 1)).State);
    }

    [Fact]
    public void Occurrences_missed_while_the_machine_was_off_collapse_into_one_run()
    {
        Register(Daily(2));
        var due = _schedules.ClaimDue("Nightly", Utc(5, 9, 0)); // off from the 1st to the 5th

        Assert.Equal(DueState.Due, due.State);
        Assert.Contains("collapsed into one run", due.Reason);
        Assert.Equal(DueState.NotDue, _schedules.ClaimDue("Nightly", Utc(5, 9, 1)).State);
        Assert.Equal(DueState.Due, _schedules.ClaimDue("Nightly", Utc(6, 2, 0)).State);
    }

    [Fact]
    public void Outside_the_window_an_occurrence_waits_for_it_or_is_skipped()
    {
        Register(Daily(21) with { WindowStart = TimeSpan.FromHours(22), WindowEnd = TimeSpan.FromHours(6) });
        Assert.Equal(DueState.NotDue, _schedules.ClaimDue("Nightly", Utc(1, 21, 0)).State);
        Assert.Equal(DueState.Due, _schedules.ClaimDue("Nightly", Utc(1, 22, 0)).State);

        _schedules.Update("Nightly", Daily(21) with { RegisteredUtc = Utc(1, 23, 0), WindowStart = TimeSpan.FromHours(22), WindowEnd = TimeSpan.FromHours(6), OutsideWindow = OutsideWindow.Skip }, Command);
        var skipped = _schedules.ClaimDue("Nightly", Utc(2, 21, 0));
        Assert.Equal(DueState.Skipped, skipped.State);
        Assert.Equal(DueState.NotDue, _schedules.ClaimDue("Nightly", Utc(2, 22, 0)).State);
    }

    [Fact]
    public async Task Two_wake_ups_at_the_same_instant_take_an_occurrence_once()
    {
        Register(Daily(2));
        var start = new ManualResetEventSlim();
        var claims = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return new ScheduleCatalog(_catalog, Callers.Alice, _host).ClaimDue("Nightly", Utc(1, 2, 0)).State;
        })).ToList();
        start.Set();
        var states = await Task.WhenAll(claims);

        Assert.Equal(1, states.Count(s => s == DueState.Due));
    }

    [Fact]
    public void Register_writes_one_trigger_and_unregister_removes_exactly_it()
    {
        Register(Daily(2));
        var id = Assert.Single(_host.Triggers.Keys);
        var schedule = Assert.Single(_schedules.Get());
        Assert.True(schedule.TriggerRegistered);
        Assert.Equal(5, schedule.NextRunUtc.Length);
        Assert.Contains("-Scheduled", schedule.Trigger);

        var again = Assert.Throws<ConversationExportException>(() => Register(Daily(3)));
        Assert.Equal(ErrorId.ScheduleExists, again.Id);

        _schedules.Unregister("Nightly");
        Assert.Empty(_host.Triggers);
        Assert.Empty(_schedules.Get());
        Assert.Equal(id, _host.Removed.Single());
    }

    [Fact]
    public void A_bad_calendar_registers_nothing()
    {
        Assert.Throws<ConversationExportException>(() => Register(new ScheduleDefinition { Kind = ScheduleKind.Cron, Cron = "not a cron" }));
        Assert.Empty(_host.Triggers);
        Assert.Empty(_schedules.Get());
        Assert.Equal(ErrorId.ExportTaskNotFound, Assert.Throws<ConversationExportException>(() => _schedules.Register("Nope", Daily(2), Command)).Id);
        Assert.Empty(_host.Triggers);
    }

    [Fact]
    public void A_scheduled_task_cannot_be_removed_before_its_schedule()
    {
        Register(Daily(2));
        var error = Assert.Throws<ConversationExportException>(() => new TaskCatalog(_catalog, Callers.Alice).RemoveTask("Nightly"));
        Assert.Equal(ErrorId.ScheduleExists, error.Id);
        Assert.Contains("Unregister-ExportSchedule", error.Message);
    }

    private sealed class MemoryHost : ISchedulerHost
    {
        public Dictionary<string, SchedulerTrigger> Triggers { get; } = [];
        public List<string> Removed { get; } = [];
        public string Describe(SchedulerTrigger trigger) => CrontabHost.Entry(trigger);
        public void Register(SchedulerTrigger trigger) => Triggers[trigger.Id] = trigger;
        public bool Unregister(string id, string? runAs)
        {
            Removed.Add(id);
            return Triggers.Remove(id);
        }
        public bool Exists(string id, string? runAs) => Triggers.ContainsKey(id);
    }
}
