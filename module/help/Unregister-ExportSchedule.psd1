@{
    Synopsis    = 'Removes a task''s schedule and exactly its trigger; the task stays.'
    Description = @'
Unregister-ExportSchedule removes the schedule of an export task: first its trigger from the operating system's scheduler (its two crontab lines, leaving every other line alone, or its Task Scheduler task), then the schedule from the catalog. The task and its runs stay; it can still be run by hand or scheduled again. A task without a schedule is a non-terminating error with the error id ScheduleNotFound. Remove-ExportTask refuses a task that still has a schedule (ScheduleExists), so no trigger is left behind.
'@
    Parameters  = @{
        Task    = 'The task whose schedule to remove. Tab completes the task names in the catalog. Tasks piped from Get-ExportTask bind by their Name property.'
        Catalog = 'The catalog that holds the schedule, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf  = 'Shows which schedule would be removed, without removing it.'
        Confirm = 'Prompts for confirmation before the schedule is removed.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.ExportTask'; Description = 'Tasks from Get-ExportTask bind to -Task by their Name property.' }
    )
    Outputs     = @(
        @{ Type = 'System.Void'; Description = 'None. The cmdlet returns nothing.' }
    )
    Examples    = @(
        @{
            Title   = 'Stop scheduling the nightly export'
            Code    = 'Unregister-ExportSchedule -Task Nightly'
            Remarks = 'Removes the crontab lines (or the Task Scheduler task) and the schedule; Invoke-ConversationExport -Task Nightly still runs it by hand.'
        }
        @{
            Title   = 'Remove a task together with its schedule'
            Code    = 'Unregister-ExportSchedule -Task AuditorHandover; Remove-ExportTask -Name AuditorHandover -Confirm:$false'
            Remarks = 'Remove-ExportTask refuses a scheduled task, so the schedule and its trigger go first.'
        }
    )
    Links       = @('Register-ExportSchedule', 'Get-ExportSchedule', 'Remove-ExportTask')
}
