using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Security;
using static ConversationExport.Engine.Catalog.DbExtensions;

namespace ConversationExport.Engine.Scheduling;

/// <summary>What the OS trigger of a schedule runs: the real PowerShell executable, the module, the catalog.</summary>
/// <param name="PowerShell">The real pwsh executable ($PSHOME/pwsh), never a dotnet tool launcher.</param>
/// <param name="ModuleManifest">The module's .psd1, imported by the scheduled command.</param>
/// <param name="Environment">Variables the scheduled command needs (the catalog's path, the key file's): paths only, never a secret.</param>
public sealed record ScheduledCommand(string PowerShell, string ModuleManifest, IReadOnlyDictionary<string, string> Environment);

/// <summary>Whether a scheduled wake-up should run the task now.</summary>
public enum DueState { NoSchedule, NotDue, Due, Skipped }

public sealed record DueCheck(DueState State, string Reason);

/// <summary>
/// Schedules as the catalog keeps them (one per task) and their OS triggers. The catalog row and the
/// trigger change together: registering writes the trigger first and the row only once it took, and
/// removing takes the trigger away before the row.
/// </summary>
public sealed class ScheduleCatalog
{
    private readonly ConversationCatalog _catalog;
    private readonly CallerIdentity _caller;
    private readonly TaskCatalog _tasks;
    private readonly ISchedulerHost _host;

    public ScheduleCatalog(ConversationCatalog catalog, CallerIdentity caller, ISchedulerHost host)
    {
        _catalog = catalog;
        _caller = caller;
        _tasks = new TaskCatalog(catalog, caller);
        _host = host;
    }

    /// <summary>The trigger a schedule of <paramref name="taskName"/> gets; -WhatIf shows <see cref="ISchedulerHost.Describe"/> of it.</summary>
    public SchedulerTrigger Trigger(string taskName, ScheduleDefinition schedule, ScheduledCommand command)
    {
        var task = _tasks.GetTask(taskName).Task;
        var (minutes, hours) = SchedulerTrigger.WakeUps(schedule, DateTime.UtcNow);
        var script = $"Import-Module {PowerShellQuote(command.ModuleManifest)}; Invoke-ConversationExport -Task {PowerShellQuote(task.Name)} -Scheduled";
        return new SchedulerTrigger(TriggerId(task), minutes, hours, command.PowerShell, ["-NoProfile", "-NonInteractive", "-Command", script], command.Environment, schedule.RunAs);
    }

    public ExportSchedule Register(string taskName, ScheduleDefinition schedule, ScheduledCommand command)
    {
        schedule.Validate();
        var task = _tasks.GetTask(taskName).Task;
        DemandRecurring(task, "RegisterExportSchedule");
        if (Find(task.Id) is not null)
            throw new ConversationExportException(ErrorId.ScheduleExists, ErrorKind.InvalidArgument,
                $"The export task '{task.Name}' already has a schedule; change it with Set-ExportSchedule, or remove it with Unregister-ExportSchedule.", task.Name);
        return Save(task, schedule, command, "RegisterExportSchedule", insert: true);
    }

    public ExportSchedule Update(string taskName, ScheduleDefinition schedule, ScheduledCommand command)
    {
        schedule.Validate();
        var task = _tasks.GetTask(taskName).Task;
        DemandRecurring(task, "SetExportSchedule");
        if (Find(task.Id) is null) throw NotFound(task.Name);
        return Save(task, schedule, command, "SetExportSchedule", insert: false);
    }

    /// <summary>Schedules are recurring exports (seed §2): the permission, and the task being the caller's own unless an administrator acts.</summary>
    private void DemandRecurring(ExportTask task, string action)
    {
        var access = new AccessCatalog(_catalog, _caller);
        access.Demand(ExportPermission.RecurringConversationExport, action, task.Name);
        access.DemandOwnerOrAdministrator(task.CreatedBy, action, task.Name);
    }

    private ExportSchedule Save(ExportTask task, ScheduleDefinition schedule, ScheduledCommand command, string action, bool insert)
    {
        if (schedule.RegisteredUtc == default) schedule = schedule with { RegisteredUtc = DateTime.UtcNow };
        CheckRunAs(task, schedule.RunAs);
        var trigger = Trigger(task.Name, schedule, command);
        var text = _host.Describe(trigger);
        var detail = $"{Describe(schedule)}; trigger {trigger.Id}";
        try
        {
            // A schedule moved to another account leaves the old account's crontab.
            if (!insert && Find(task.Id) is { } old && old.Definition.RunAs != schedule.RunAs) _host.Unregister(old.TriggerId, old.Definition.RunAs);
            _host.Register(trigger);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            _catalog.AuditFailure(_caller, action, task.Name, detail, error);
            throw;
        }
        try
        {
            _catalog.AuditedWrite(_caller, action, task.Name, detail, (connection, transaction) =>
            {
                var now = DateTime.UtcNow.ToUnixMilliseconds();
                using var write = Command(connection, transaction, insert
                    ? """
                      INSERT INTO export_schedule (task_id, definition, trigger_id, trigger_text, handled_utc, created_utc, created_by, modified_utc, modified_by)
                      VALUES (@task, @definition, @trigger, @text, @registered, @now, @by, @now, @by)
                      """
                    : "UPDATE export_schedule SET definition = @definition, trigger_id = @trigger, trigger_text = @text, handled_utc = @registered, modified_utc = @now, modified_by = @by WHERE task_id = @task");
                // Occurrences before the (re)registration are not caught up: the calendar starts there.
                write.AddParameter("@registered", schedule.RegisteredUtc.ToUnixMilliseconds());
                write.AddParameter("@task", task.Id);
                write.AddParameter("@definition", schedule.ToJson());
                write.AddParameter("@trigger", trigger.Id);
                write.AddParameter("@text", text);
                write.AddParameter("@now", now);
                write.AddParameter("@by", _caller.Name);
                return write.ExecuteNonQuery();
            });
        }
        catch when (insert)
        {
            _host.Unregister(trigger.Id, trigger.RunAs); // no trigger without its row
            throw;
        }
        return Get(task.Name)[0];
    }

    /// <summary>Removes the schedule's OS trigger (exactly that one), then its row.</summary>
    public void Unregister(string taskName)
    {
        var task = _tasks.GetTask(taskName).Task;
        DemandRecurring(task, "UnregisterExportSchedule");
        var row = Find(task.Id) ?? throw NotFound(task.Name);
        var detail = $"trigger {row.TriggerId}";
        try
        {
            _host.Unregister(row.TriggerId, row.Definition.RunAs);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            _catalog.AuditFailure(_caller, "UnregisterExportSchedule", task.Name, detail, error);
            throw;
        }
        _catalog.AuditedWrite(_caller, "UnregisterExportSchedule", task.Name, detail, (connection, transaction) =>
        {
            using var delete = Command(connection, transaction, "DELETE FROM export_schedule WHERE task_id = @task");
            delete.AddParameter("@task", task.Id);
            return delete.ExecuteNonQuery();
        });
    }

    /// <summary>Schedules (of one task, or all the caller may see), with their next occurrences and their task's last run.</summary>
    public IReadOnlyList<ExportSchedule> Get(string? taskName = null, int nextCount = 5)
    {
        var tasks = taskName is null ? _tasks.VisibleTasks().Select(t => t.Task).ToList() : [_tasks.GetVisibleTask(taskName).Task];
        var runs = new RunCatalog(_catalog);
        var schedules = new List<ExportSchedule>();
        foreach (var task in tasks)
        {
            if (Find(task.Id) is not { } row) continue;
            var definition = row.Definition;
            var last = runs.List(task.Name, null, 1).FirstOrDefault()?.Run;
            schedules.Add(new ExportSchedule
            {
                Task = task.Name,
                Kind = definition.Kind.ToString(),
                Description = Describe(definition),
                TimeZone = definition.TimeZone,
                StartDate = definition.StartDate,
                EndDate = definition.EndDate,
                WindowStart = definition.WindowStart,
                WindowEnd = definition.WindowEnd,
                OutsideWindow = definition.OutsideWindow.ToString(),
                RunAs = definition.RunAs,
                NextRunUtc = [.. definition.Next(Max(DateTime.UtcNow, row.HandledUtc), nextCount)],
                LastRunId = last?.RunId,
                LastRunState = last?.State,
                LastRunEndedUtc = last?.EndedUtc,
                Trigger = row.TriggerText,
                TriggerRegistered = _host.Exists(row.TriggerId, definition.RunAs),
                CreatedUtc = row.CreatedUtc,
                CreatedBy = row.CreatedBy,
            });
        }
        if (taskName is not null && schedules.Count == 0) throw NotFound(tasks[0].Name);
        return schedules;
    }

    /// <summary>
    /// Decides, at a wake-up of the OS trigger, whether the task runs now, and records it atomically so
    /// two wake-ups never both take one occurrence. Occurrences missed while the machine was off
    /// collapse into one run. Outside the run window a due occurrence waits for it, or is skipped.
    /// </summary>
    public DueCheck ClaimDue(string taskName, DateTime nowUtc) => _catalog.WriteUnit($"claiming the due occurrence of '{taskName}'", () =>
    {
        var task = _tasks.GetTask(taskName).Task;
        using var connection = _catalog.OpenConnection();
        using var transaction = _catalog.BeginWrite(connection);
        if (Find(connection, transaction, task.Id) is not { } row) return new DueCheck(DueState.NoSchedule, "the task has no schedule");
        var definition = row.Definition;
        // cron wakes on the minute; a second of slack keeps an occurrence at hh:mm:00 from looking early.
        var horizon = nowUtc.AddSeconds(5);
        if (definition.NextAfter(row.HandledUtc) is not { } first || first > horizon)
            return new DueCheck(DueState.NotDue, definition.NextAfter(row.HandledUtc) is { } next ? $"the next occurrence is {next:u}" : "the schedule has no occurrence left");
        var latest = first;
        for (var count = 0; definition.NextAfter(latest) is { } later && later <= horizon && count < 100000; count++) latest = later;
        var inWindow = definition.InWindow(nowUtc);
        if (!inWindow && definition.OutsideWindow == OutsideWindow.Wait)
            return new DueCheck(DueState.NotDue, $"the occurrence of {latest:u} waits for the run window {definition.WindowStart:hh\\:mm}-{definition.WindowEnd:hh\\:mm}");
        using var claim = Command(connection, transaction, "UPDATE export_schedule SET handled_utc = @latest WHERE task_id = @task AND handled_utc = @handled");
        claim.AddParameter("@latest", latest.ToUnixMilliseconds());
        claim.AddParameter("@task", task.Id);
        claim.AddParameter("@handled", row.HandledUtc.ToUnixMilliseconds());
        if (claim.ExecuteNonQuery() == 0) return new DueCheck(DueState.NotDue, "another wake-up took this occurrence");
        if (!inWindow) _catalog.Audit(connection, _caller, "ScheduleOccurrenceSkipped", task.Name, $"{latest:u}: outside the run window", transaction);
        transaction.Commit();
        return inWindow
            ? new DueCheck(DueState.Due, first == latest ? $"the occurrence of {latest:u}" : $"the occurrences from {first:u} to {latest:u}, collapsed into one run")
            : new DueCheck(DueState.Skipped, $"the occurrence of {latest:u} was skipped: it came outside the run window {definition.WindowStart:hh\\:mm}-{definition.WindowEnd:hh\\:mm}");
    });

    /// <summary>
    /// A schedule that runs as another account must be able to decrypt the task's ZIP password there:
    /// a password stored for the user who saved it cannot be; one stored for the machine can, when the
    /// account may read the machine key. Refused before anything is registered, naming the fix.
    /// </summary>
    private void CheckRunAs(ExportTask task, string? runAs)
    {
        if (runAs is null || string.Equals(runAs, _caller.Name, StringComparison.OrdinalIgnoreCase)) return;
        if (!AccountAccess.Exists(runAs))
            throw new ConversationExportException(ErrorId.ScheduleInvalid, ErrorKind.InvalidArgument,
                $"-RunAs '{runAs}' is not an account of this machine.", runAs);
        if (_tasks.GetTask(task.Name).Settings.ProtectedPassword is not { } stored) return;
        if (SecretProtector.ScopeOf(stored) == SecretScope.User)
            throw new ConversationExportException(ErrorId.SecretUnreadable, ErrorKind.PermissionDenied,
                $"The ZIP password of '{task.Name}' is stored for the account that saved it, so '{runAs}' could not decrypt it and every scheduled run would fail. Store it for the machine first (Set-ExportTask -Name '{task.Name}' -SecretScope Machine), or register the schedule as the account that saved it.", runAs);
        if (AccountAccess.CanReadMachineKey(runAs) is { } why)
            throw new ConversationExportException(ErrorId.SecretUnreadable, ErrorKind.PermissionDenied,
                $"'{runAs}' could not decrypt the ZIP password of '{task.Name}': {why}", runAs);
    }

    /// <summary>The calendar in words.</summary>
    public static string Describe(ScheduleDefinition s)
    {
        var at = s.At is { } time ? time.ToString(time.Seconds == 0 ? @"hh\:mm" : @"hh\:mm\:ss", CultureInfo.InvariantCulture) : "";
        var what = s.Kind switch
        {
            ScheduleKind.Once => $"Once at {s.OnceAt:yyyy-MM-dd HH:mm}",
            ScheduleKind.Every => $"Every {s.Every}",
            ScheduleKind.Daily => $"Daily at {at}",
            ScheduleKind.Weekly => $"Weekly on {string.Join(", ", s.DaysOfWeek)} at {at}",
            ScheduleKind.Monthly => $"Monthly on day {string.Join(", ", s.DaysOfMonth)} at {at}",
            _ => $"Cron '{s.Cron}'",
        };
        var window = s.WindowStart is { } from && s.WindowEnd is { } to ? $", runs only {from:hh\\:mm}-{to:hh\\:mm} ({s.OutsideWindow.ToString().ToLowerInvariant()} outside)" : "";
        var dates = (s.StartDate, s.EndDate) switch
        {
            (null, null) => "",
            ({ } start, null) => $", from {start:yyyy-MM-dd}",
            (null, { } end) => $", until {end:yyyy-MM-dd}",
            ({ } start, { } end) => $", {start:yyyy-MM-dd} to {end:yyyy-MM-dd}",
        };
        return $"{what} ({s.TimeZone}){dates}{window}{(s.RunAs is null ? "" : $", as {s.RunAs}")}";
    }

    /// <summary>The stored calendar of the task's schedule (Set-ExportSchedule changes it).</summary>
    public ScheduleDefinition Definition(string taskName)
    {
        var task = _tasks.GetTask(taskName).Task;
        return (Find(task.Id) ?? throw NotFound(task.Name)).Definition;
    }

    /// <summary>Whether the task has a schedule; Remove-ExportTask refuses to leave a trigger behind.</summary>
    public bool HasSchedule(long taskId) => Find(taskId) is not null;

    private sealed record Row(ScheduleDefinition Definition, string TriggerId, string TriggerText, DateTime HandledUtc, DateTime CreatedUtc, string CreatedBy);

    private Row? Find(long taskId) => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        return Find(connection, null, taskId);
    });

    private static Row? Find(DbConnection connection, DbTransaction? transaction, long taskId)
    {
        using var command = Command(connection, transaction, "SELECT definition, trigger_id, trigger_text, handled_utc, created_utc, created_by FROM export_schedule WHERE task_id = @task");
        command.AddParameter("@task", taskId);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new Row(ScheduleDefinition.FromJson(reader.GetString(0)), reader.GetString(1), reader.GetString(2),
                DbExtensions.FromUnixMilliseconds(reader.GetLong(3)), DbExtensions.FromUnixMilliseconds(reader.GetLong(4)), reader.GetString(5))
            : null;
    }

    /// <summary>Stable per catalog and task, so two catalogs on one machine never share a trigger; readable by the task's name.</summary>
    private string TriggerId(ExportTask task)
    {
        var catalog = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(_catalog.Info.ToString())))[..8].ToLowerInvariant();
        var name = new string(task.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return $"{name}-{catalog}-{task.Id}";
    }

    private static string PowerShellQuote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static ConversationExportException NotFound(string task) => new(ErrorId.ScheduleNotFound, ErrorKind.NotFound,
        $"The export task '{task}' has no schedule. Register one with Register-ExportSchedule -Task '{task}'.", task);

}
