@{
    Synopsis    = 'Deletes export tasks; the history of their runs stays.'
    Description = @'
Remove-ExportTask deletes export tasks from the catalog, named with -Name or piped from Get-ExportTask. Because it cannot be undone, it asks for confirmation by default; -Confirm:$false removes without asking.

The runs of a removed task stay in the catalog, with their per-conversation log: Get-ExportStatus -Task <name> and Get-ExportLog still show them, and the archives they delivered are not touched. A run that is going on when its task is removed goes on to the end.

A name that matches no task is reported as a non-terminating error with the error id ExportTaskNotFound, and the other tasks are still removed. Names are exact (no wildcards) and compared without regard to case; to remove by pattern, pipe Get-ExportTask with a wildcard. Each removal is recorded in the catalog's audit log.
'@
    Parameters  = @{
        Name        = 'Names of the tasks to remove. Tab completes the task names in the catalog. Objects with a Name property bind by property name.'
        InputObject = 'Tasks to remove, from Get-ExportTask; tasks piped to the cmdlet bind here.'
        Catalog     = 'The catalog that holds the tasks, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf      = 'Shows which tasks would be removed, without removing them.'
        Confirm     = 'Prompts for confirmation before each task is removed. This is the default (the cmdlet''s impact is High); -Confirm:$false removes without asking.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.ExportTask'; Description = 'Tasks from Get-ExportTask bind to -InputObject.' }
        @{ Type = 'System.Object'; Description = 'Objects with a Name property bind to -Name by property name.' }
    )
    Outputs     = @(
        @{ Type = 'System.Void'; Description = 'None. The cmdlet returns nothing.' }
    )
    Examples    = @(
        @{
            Title   = 'Remove a task'
            Code    = 'Remove-ExportTask -Name AuditorHandover'
            Remarks = 'Asks for confirmation, then deletes the task. Get-ExportStatus -Task AuditorHandover still lists its runs.'
        }
        @{
            Title   = 'Remove the tasks of a closed case, without prompts'
            Code    = 'Get-ExportTask -Name Case-2026-0017* | Remove-ExportTask -Confirm:$false'
            Remarks = 'Deletes every task whose name starts with Case-2026-0017.'
        }
        @{
            Title   = 'See what would be removed'
            Code    = 'Get-ExportTask | Where-Object { -not $_.Enabled -and $_.ModifiedUtc -lt (Get-Date).AddYears(-1) } | Remove-ExportTask -WhatIf'
            Remarks = 'Lists the disabled tasks nobody has changed for a year, without removing them.'
        }
    )
    Links       = @('Get-ExportTask', 'New-ExportTask', 'Disable-ExportTask', 'Get-ExportStatus', 'about_ConversationExport')
}
