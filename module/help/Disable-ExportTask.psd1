@{
    Synopsis    = 'Disables export tasks: a run in progress stops after its current batch, and scheduled runs are skipped.'
    Description = @'
Disable-ExportTask turns off the Enabled setting of export tasks, named with -Name or piped from Get-ExportTask.

A run of the task in progress when it is disabled, however it was started, finishes the batch of conversations it is working on, delivers what it has written, and stops: it ends Cancelled and can be resumed later with Invoke-ConversationExport -Resume.

While the task is disabled, Invoke-ConversationExport -Task <name> -Scheduled skips it with a warning, so a scheduler can keep calling it; Invoke-ConversationExport without -Scheduled still runs it.

A task that is already disabled is left as it is. A name that matches no task is reported as a non-terminating error with the error id ExportTaskNotFound, and the other tasks are still disabled. Each change is recorded in the catalog's audit log.
'@
    Parameters  = @{
        Name        = 'Names of the tasks to disable (exact, not case-sensitive). Tab completes the task names in the catalog. Task names piped as strings bind here.'
        InputObject = 'Tasks to disable, from Get-ExportTask; tasks piped to the cmdlet bind here.'
        PassThru    = 'Returns each task as saved.'
        Catalog     = 'The catalog that holds the tasks, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf      = 'Shows which tasks would be disabled, without disabling them.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.ExportTask'; Description = 'Tasks from Get-ExportTask bind to -InputObject.' }
        @{ Type = 'System.String'; Description = 'Task names bind to -Name.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportTask'; Description = 'With -PassThru, each task as saved. Otherwise nothing.' }
    )
    Examples    = @(
        @{
            Title   = 'Pause every task for a maintenance window'
            Code    = @'
Get-ExportTask | Where-Object Enabled | Disable-ExportTask -PassThru | Format-Table Name, Enabled
Get-ExportStatus -State Running -Wait
'@
            Remarks = 'Disables every enabled task, then waits until the running exports have finished their current batch and stopped (or ended). Runs stopped this way are Cancelled and resumable.'
        }
        @{
            Title   = 'Stop a task''s run now and finish it later'
            Code    = @'
Disable-ExportTask -Name Nightly
Get-ExportStatus -Task Nightly -Last 1 -Wait
# ... after the maintenance window:
Invoke-ConversationExport -Resume -Task Nightly
'@
            Remarks = 'Disabling stops the run of Nightly after its current batch; Get-ExportStatus -Wait returns once it has stopped (Cancelled). Later, -Resume continues that run from its last committed batch in this session. Enable-ExportTask would instead start a new run at once.'
        }
    )
    Links       = @('Enable-ExportTask', 'Stop-ConversationExport', 'Invoke-ConversationExport', 'Get-ExportStatus', 'about_ConversationExport')
}
