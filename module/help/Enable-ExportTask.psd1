@{
    Synopsis    = 'Enables export tasks: each starts a run at once in the background, and scheduled runs of it go ahead again.'
    Description = @'
Enable-ExportTask turns on the Enabled setting of export tasks, named with -Name or piped from Get-ExportTask.

Enabling a disabled task starts a run of it at once in the background: a separate PowerShell process, not tied to this session, that runs Invoke-ConversationExport -Task <name> -Scheduled. Follow it with Get-ExportStatus; the process's output goes to a log file under ConversationExport/logs in the local application data folder (-Verbose names it and the process id). From then on, runs started with Invoke-ConversationExport -Scheduled (by Windows Task Scheduler, cron or another scheduler) go ahead instead of being skipped.

A task that is already enabled is left as it is, and no run is started. A name that matches no task is reported as a non-terminating error with the error id ExportTaskNotFound, and the other tasks are still enabled. Each change is recorded in the catalog's audit log.
'@
    Parameters  = @{
        Name        = 'Names of the tasks to enable (exact, not case-sensitive). Tab completes the task names in the catalog. Task names piped as strings bind here.'
        InputObject = 'Tasks to enable, from Get-ExportTask; tasks piped to the cmdlet bind here.'
        PassThru    = 'Returns each task as saved (Enabled is then $true). The run it starts is not returned: it is created by the background process, so that it outlives this session, and appears in Get-ExportStatus -Task <name> a few seconds later.'
        Catalog     = 'The catalog that holds the tasks, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf      = 'Shows which tasks would be enabled and that each disabled one would start a run at once in a background process, without enabling them or starting a run. A task that is already enabled is shown as such: no run would start.'
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
            Title   = 'Enable a task and watch its first run'
            Code    = @'
Enable-ExportTask -Name Nightly -Verbose
Start-Sleep -Seconds 10
Get-ExportStatus -Task Nightly -Last 1 -Wait
'@
            Remarks = 'The run starts in a background process at once (-Verbose shows its process id and log file) and appears in Get-ExportStatus after a few seconds; -Wait follows it to the end. Closing this session does not stop it.'
        }
        @{
            Title   = 'Re-enable the tasks after maintenance'
            Code    = 'Get-ExportTask | Where-Object { -not $_.Enabled -and $_.Name -like ''Site-*'' } | Enable-ExportTask -PassThru | Format-Table Name, Enabled'
            Remarks = 'Enables the site tasks that a maintenance window disabled; each starts a run at once in its own background process.'
        }
    )
    Links       = @('Disable-ExportTask', 'Set-ExportTask', 'Invoke-ConversationExport', 'Get-ExportStatus', 'about_ConversationExport')
}
