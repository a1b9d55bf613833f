@{
    Synopsis    = 'Lists schedules with their next runs, their task''s last run and their trigger.'
    Description = @'
Get-ExportSchedule returns the schedule of one task (-Task) or of every task that has one, with the next occurrences (NextRunUtc, -Next of them), the task's last run and its state, the trigger as registered with the operating system, and whether that trigger is still there (TriggerRegistered; Set-ExportSchedule registers a missing one again). A task without a schedule is a non-terminating error with the error id ScheduleNotFound. A user who is not an administrator sees only the schedules of their own tasks.
'@
    Parameters  = @{
        Task    = 'The task whose schedule to show. Tab completes the task names in the catalog. Default: every schedule.'
        Next    = 'How many next occurrences to compute, from 1 to 1000; default 5.'
        Catalog = 'The catalog that holds the schedules, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.ExportTask'; Description = 'Tasks from Get-ExportTask bind to -Task by their Name property.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportSchedule'; Description = 'One object per schedule (see Register-ExportSchedule).' }
    )
    Examples    = @(
        @{
            Title   = 'When does the nightly export run next?'
            Code    = 'Get-ExportSchedule -Task Nightly -Next 3 | Select-Object -ExpandProperty NextRunUtc'
            Remarks = 'The next three occurrences, in UTC.'
        }
        @{
            Title   = 'Schedules whose last run failed'
            Code    = 'Get-ExportSchedule | Where-Object LastRunState -eq Failed'
            Remarks = 'Every scheduled task whose last run ended Failed.'
        }
    )
    Links       = @('Register-ExportSchedule', 'Set-ExportSchedule', 'Unregister-ExportSchedule', 'Get-ExportStatus')
}
