using System.Xml.Linq;
using ConversationExport.Engine.Scheduling;

namespace ConversationExport.EngineTests.Scheduling;

/// <summary>Schedule calendars (SPEC §6.2): occurrences in a time zone, across DST, and bad input refused.</summary>
public sealed class ScheduleDefinitionTests
{
    private static readonly DateTime Registered = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static ScheduleDefinition Daily(string at, string zone) =>
        new ScheduleDefinition { Kind = ScheduleKind.Daily, At = ScheduleText.TimeOfDay(at, "At"), TimeZone = zone, RegisteredUtc = Registered }.Validate();

    private static DateTime Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void Daily_0200_in_Budapest_stays_0200_local_across_both_DST_changes()
    {
        var schedule = Daily("02:00", "Europe/Budapest");
        // 29 March 2026: clocks go 02:00 -> 03:00, so 02:00 does not exist; it runs at the first moment after (03:00 CEST = 01:00 UTC).
        Assert.Equal([Utc(2026, 3, 28, 1, 0), Utc(2026, 3, 29, 1, 0), Utc(2026, 3, 30, 0, 0)], schedule.Next(Utc(2026, 3, 27, 12, 0), 3));
        // 25 October 2026: clocks go 03:00 -> 02:00; 02:00 happens twice and runs once.
        Assert.Equal([Utc(2026, 10, 24, 0, 0), Utc(2026, 10, 25, 0, 0), Utc(2026, 10, 26, 1, 0)], schedule.Next(Utc(2026, 10, 23, 12, 0), 3));
    }

    [Fact]
    public void Daily_in_New_York_skips_nothing_and_doubles_nothing_across_DST()
    {
        var spring = Daily("02:30", "America/New_York");
        // 8 March 2026: 02:00 EST -> 03:00 EDT; 02:30 does not exist and runs at 03:00 EDT (07:00 UTC).
        Assert.Equal([Utc(2026, 3, 7, 7, 30), Utc(2026, 3, 8, 7, 0), Utc(2026, 3, 9, 6, 30)], spring.Next(Utc(2026, 3, 7, 0, 0), 3));
        var autumn = Daily("01:30", "America/New_York");
        // 1 November 2026: 02:00 EDT -> 01:00 EST; 01:30 happens twice and runs once.
        Assert.Equal([Utc(2026, 10, 31, 5, 30), Utc(2026, 11, 1, 5, 30), Utc(2026, 11, 2, 6, 30)], autumn.Next(Utc(2026, 10, 31, 0, 0), 3));
    }

    [Fact]
    public void Every_keeps_exact_intervals_through_a_DST_change()
    {
        var schedule = new ScheduleDefinition { Kind = ScheduleKind.Every, Every = TimeSpan.FromMinutes(90), TimeZone = "Europe/Budapest", RegisteredUtc = Utc(2026, 3, 28, 22, 0) }.Validate();
        var next = schedule.Next(Utc(2026, 3, 28, 22, 0), 4);
        Assert.Equal([Utc(2026, 3, 28, 23, 30), Utc(2026, 3, 29, 1, 0), Utc(2026, 3, 29, 2, 30), Utc(2026, 3, 29, 4, 0)], next);
    }

    [Fact]
    public void Weekly_monthly_and_cron_calendars_fall_on_their_days()
    {
        var weekly = new ScheduleDefinition { Kind = ScheduleKind.Weekly, At = TimeSpan.FromHours(21), DaysOfWeek = [DayOfWeek.Monday, DayOfWeek.Thursday], TimeZone = "UTC", RegisteredUtc = Registered }.Validate();
        Assert.Equal([Utc(2026, 12, 3, 21, 0), Utc(2026, 12, 7, 21, 0)], weekly.Next(Utc(2026, 12, 3, 0, 0), 2)); // Thursday, Monday
        var monthly = new ScheduleDefinition { Kind = ScheduleKind.Monthly, At = TimeSpan.FromHours(6), DaysOfMonth = [31], TimeZone = "UTC", RegisteredUtc = Registered }.Validate();
        Assert.Equal([Utc(2026, 3, 31, 6, 0), Utc(2026, 5, 31, 6, 0)], monthly.Next(Utc(2026, 3, 1, 0, 0), 2)); // April has no 31st
        var cron = new ScheduleDefinition { Kind = ScheduleKind.Cron, Cron = "0 2 * * 1-5", TimeZone = "UTC", RegisteredUtc = Registered }.Validate();
        Assert.Equal([Utc(2026, 12, 4, 2, 0), Utc(2026, 12, 7, 2, 0)], cron.Next(Utc(2026, 12, 3, 12, 0), 2)); // Friday, then Monday
    }

    [Fact]
    public void Start_and_end_dates_bound_the_occurrences_in_the_schedule_zone()
    {
        var schedule = Daily("02:00", "Europe/Budapest") with { StartDate = new DateTime(2026, 12, 10), EndDate = new DateTime(2026, 12, 11) };
        Assert.Equal([Utc(2026, 12, 10, 1, 0), Utc(2026, 12, 11, 1, 0)], schedule.Next(Utc(2026, 12, 1, 0, 0), 5));
    }

    [Fact]
    public void Once_runs_once_and_never_again()
    {
        var schedule = new ScheduleDefinition { Kind = ScheduleKind.Once, OnceAt = ScheduleText.Moment("2026-12-24 02:00", "At"), TimeZone = "Europe/Budapest", RegisteredUtc = Registered }.Validate();
        Assert.Equal([Utc(2026, 12, 24, 1, 0)], schedule.Next(Registered, 3));
    }

    [Fact]
    public void A_window_may_span_midnight()
    {
        var schedule = Daily("21:00", "UTC") with { WindowStart = TimeSpan.FromHours(22), WindowEnd = TimeSpan.FromHours(6) };
        Assert.True(schedule.InWindow(Utc(2026, 12, 3, 23, 0)));
        Assert.True(schedule.InWindow(Utc(2026, 12, 4, 5, 59)));
        Assert.False(schedule.InWindow(Utc(2026, 12, 4, 6, 0)));
        Assert.False(schedule.InWindow(Utc(2026, 12, 3, 21, 0)));
    }

    [Theory]
    [InlineData("25:00")]
    [InlineData("2:75")]
    [InlineData("noon")]
    [InlineData("-01:00")]
    public void A_time_of_day_that_is_not_one_is_refused_naming_the_value(string at)
    {
        var error = Assert.Throws<ConversationExportException>(() => ScheduleText.TimeOfDay(at, "At"));
        Assert.Equal(ErrorId.ScheduleInvalid, error.Id);
        Assert.Contains($"-At '{at}'", error.Message);
        Assert.Contains("00:00 to 23:59", error.Message);
    }

    [Theory]
    [InlineData("0 2 * *")]
    [InlineData("61 2 * * *")]
    [InlineData("0 2 * * Funday")]
    public void An_invalid_cron_expression_is_refused(string cron)
    {
        var error = Assert.Throws<ConversationExportException>(() => new ScheduleDefinition { Kind = ScheduleKind.Cron, Cron = cron, RegisteredUtc = Registered }.Validate());
        Assert.Equal(ErrorId.ScheduleInvalid, error.Id);
        Assert.Contains(cron, error.Message);
    }

    [Fact]
    public void Other_bad_calendars_are_refused_with_what_is_accepted()
    {
        Assert.Equal(ErrorId.TimeZoneNotFound, Assert.Throws<ConversationExportException>(() => Daily("02:00", "Mars/Olympus_Mons")).Id);
        var backwards = Assert.Throws<ConversationExportException>(() => (Daily("02:00", "UTC") with { StartDate = new DateTime(2026, 12, 10), EndDate = new DateTime(2026, 12, 1) }).Validate());
        Assert.Contains("before -StartDate", backwards.Message);
        var tooOften = Assert.Throws<ConversationExportException>(() => new ScheduleDefinition { Kind = ScheduleKind.Every, Every = TimeSpan.FromSeconds(10), RegisteredUtc = Registered }.Validate());
        Assert.Contains("at least one minute", tooOften.Message);
        var halfWindow = Assert.Throws<ConversationExportException>(() => (Daily("02:00", "UTC") with { WindowStart = TimeSpan.FromHours(22) }).Validate());
        Assert.Contains("go together", halfWindow.Message);
    }

    [Fact]
    public void The_cron_entry_quotes_every_value_for_sh_and_escapes_percent()
    {
        var trigger = new SchedulerTrigger("Night-ab12cd34-1", "0", "1,2", "/opt/pwsh dir/pwsh", ["-NoProfile", "-Command", "Invoke-ConversationExport -Task 'it''s 100%' -Scheduled"],
            new Dictionary<string, string> { ["CONVERSATIONEXPORT_CATALOG"] = "/srv/ce/cat'alog.db" });
        var entry = CrontabHost.Entry(trigger);
        Assert.Equal("0 1,2 * * * CONVERSATIONEXPORT_CATALOG='/srv/ce/cat'\\''alog.db' '/opt/pwsh dir/pwsh' '-NoProfile' '-Command' 'Invoke-ConversationExport -Task '\\''it'\\'''\\''s 100\\%'\\'' -Scheduled'", entry);
    }

    [Fact]
    public void The_task_scheduler_document_runs_the_real_pwsh_once_at_a_time()
    {
        var trigger = new SchedulerTrigger("Nightly-ab12cd34-1", "0", "1,2", @"C:\Program Files\PowerShell\7\pwsh.exe",
            ["-NoProfile", "-NonInteractive", "-Command", "Import-Module 'C:\\ce\\ConversationExport.psd1'; Invoke-ConversationExport -Task 'Nightly' -Scheduled"],
            new Dictionary<string, string> { ["CONVERSATIONEXPORT_CATALOG"] = @"D:\CE\catalog.db" });
        var xml = WindowsTaskSchedulerHost.TaskXml(trigger, new DateTime(2026, 12, 3, 10, 0, 0));
        var document = XDocument.Parse(xml);
        XNamespace ns = "http://schemas.microsoft.com/windows/2004/02/mit/task";
        var exec = document.Root!.Element(ns + "Actions")!.Element(ns + "Exec")!;
        Assert.Equal(@"C:\Program Files\PowerShell\7\pwsh.exe", exec.Element(ns + "Command")!.Value);
        var arguments = exec.Element(ns + "Arguments")!.Value;
        Assert.StartsWith("-NoProfile -NonInteractive -Command \"$env:CONVERSATIONEXPORT_CATALOG = 'D:\\CE\\catalog.db'; Import-Module", arguments);
        Assert.EndsWith("Invoke-ConversationExport -Task 'Nightly' -Scheduled\"", arguments);
        Assert.Equal("IgnoreNew", document.Root.Element(ns + "Settings")!.Element(ns + "MultipleInstancesPolicy")!.Value);
        Assert.Equal("true", document.Root.Element(ns + "Settings")!.Element(ns + "StartWhenAvailable")!.Value);
        var starts = document.Root.Element(ns + "Triggers")!.Elements(ns + "CalendarTrigger").Select(t => t.Element(ns + "StartBoundary")!.Value).ToList();
        Assert.Equal(["2026-12-03T01:00:00", "2026-12-03T02:00:00"], starts);
        Assert.Equal(@"\ConversationExport\Nightly-ab12cd34-1", document.Root.Element(ns + "RegistrationInfo")!.Element(ns + "URI")!.Value);
    }
}
