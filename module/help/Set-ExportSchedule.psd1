@{
    Synopsis    = 'Changes a task''s schedule; the values given replace the stored ones and the trigger is registered again.'
    Description = @'
Set-ExportSchedule changes the schedule of an export task. A calendar form (-Once, -Every, -Daily, -Weekly, -Monthly, -Cron) replaces the calendar; -TimeZone, -StartDate, -EndDate, -WindowStart, -WindowEnd and -OutsideWindow change only what is given ($null or '' clears a date or the window). The operating system's trigger is registered again, replacing the old one, so it also repairs a trigger removed by hand. Occurrences before the change are not caught up.

Errors are those of Register-ExportSchedule; ScheduleNotFound when the task has no schedule. It returns nothing unless -PassThru is given.
'@
    Include     = @('ScheduleCalendar')
    Parameters  = @{
        PassThru = 'Returns the changed schedule.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.ExportTask'; Description = 'Tasks from Get-ExportTask bind to -Task by their Name property.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportSchedule'; Description = 'With -PassThru, the changed schedule; otherwise nothing.' }
    )
    Examples    = @(
        @{
            Title   = 'Move the nightly run to three o''clock'
            Code    = 'Set-ExportSchedule -Task Nightly -Daily -At 03:00 -PassThru'
            Remarks = 'Keeps the time zone, dates and window; returns the schedule with its next runs.'
        }
        @{
            Title   = 'Stop after the end of the year'
            Code    = 'Set-ExportSchedule -Task Nightly -EndDate 2026-12-31'
            Remarks = 'The calendar stays; no run is due after 31 December.'
        }
    )
    Links       = @('Register-ExportSchedule', 'Get-ExportSchedule', 'Unregister-ExportSchedule')
}
