@{
    Synopsis    = 'Gives an export task a schedule: stored in the catalog, run by one trigger of the operating system''s scheduler.'
    Description = @'
Register-ExportSchedule gives an export task a schedule: once (-Once), at an interval (-Every), daily, weekly or monthly at a time (-Daily, -Weekly, -Monthly with -At), or by a cron expression (-Cron), in a time zone (-TimeZone), optionally between -StartDate and -EndDate and only inside a run window (-WindowStart, -WindowEnd). Occurrences are computed in the schedule's time zone, correct across daylight-saving changes.

The schedule is stored in the catalog, and one trigger is registered with the operating system: two lines in the current user's crontab on Linux and macOS (a marker comment and the entry), a task under \ConversationExport\ in Task Scheduler on Windows. The trigger runs the real PowerShell executable of this session ($PSHOME/pwsh, not a dotnet tool launcher) with -NoProfile -NonInteractive and the command Invoke-ConversationExport -Task <task> -Scheduled; its environment names the catalog's path. The command line never holds a secret: the task's ZIP password stays encrypted in the catalog.

The trigger wakes the task at the minutes and hours (in the computer's local time) at which an occurrence can fall; at each wake-up Invoke-ConversationExport -Scheduled runs only when an occurrence is due, and occurrences missed while the computer was off collapse into one catch-up run at the next wake-up. Scheduled runs are incremental and never overlap (see Invoke-ConversationExport -Scheduled). A scheduled run starts only while the task is enabled.

The run uses the account that owns the crontab or the Task Scheduler task: register the schedule as the account that saved the task's ZIP password, which alone can decrypt it.

Errors: ScheduleInvalid (a bad -At, -Cron, -Every, dates or window; nothing is registered), TimeZoneNotFound, ExportTaskNotFound, ScheduleExists (the task has a schedule: use Set-ExportSchedule), ScheduleTriggerFailed (the crontab or Task Scheduler refused; the catalog is left unchanged).
'@
    Include     = @('ScheduleCalendar')
    Inputs      = @(
        @{ Type = 'ConversationExport.ExportTask'; Description = 'Tasks from Get-ExportTask bind to -Task by their Name property.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportSchedule'; Description = 'The schedule: Task, Kind, Description, TimeZone, StartDate, EndDate, WindowStart, WindowEnd, OutsideWindow, NextRunUtc (the next five occurrences), the task''s last run (LastRunId, LastRunState, LastRunEndedUtc), Trigger (what was registered), TriggerRegistered, CreatedUtc and CreatedBy.' }
    )
    Examples    = @(
        @{
            Title   = 'Every night at two, Budapest time'
            Code    = 'Register-ExportSchedule -Task Nightly -Daily -At 02:00 -TimeZone Europe/Budapest'
            Remarks = 'Adds a crontab entry (or a Task Scheduler task) that runs Invoke-ConversationExport -Task Nightly -Scheduled at 02:00 Budapest time, winter and summer.'
        }
        @{
            Title   = 'Twice a week inside a maintenance window'
            Code    = 'Register-ExportSchedule -Task Weekly -Weekly -DaysOfWeek Monday, Thursday -At 21:30 -WindowStart 22:00 -WindowEnd 05:00 -TimeZone America/New_York'
            Remarks = 'An occurrence at 21:30 is due before the window opens, so it waits and runs at 22:00. With -OutsideWindow Skip it would be skipped instead.'
        }
        @{
            Title   = 'See exactly what would be registered'
            Code    = 'Register-ExportSchedule -Task Nightly -Cron ''0 2 * * 1-5'' -TimeZone UTC -WhatIf'
            Remarks = 'Shows the crontab lines (or the task document) without changing anything.'
        }
    )
    Links       = @('Get-ExportSchedule', 'Set-ExportSchedule', 'Unregister-ExportSchedule', 'Invoke-ConversationExport', 'about_ConversationExport')
}
