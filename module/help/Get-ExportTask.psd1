@{
    Synopsis    = 'Lists export tasks and their settings.'
    Description = @'
Get-ExportTask returns the export tasks saved in the catalog, sorted by name: all of them, or those whose names match -Name. Names are compared without regard to case, and * and ? are wildcards. Each task shows every setting; the ZIP password is never shown, only whether one is stored (HasZipPassword).

An administrator of the catalog sees every task; another user sees only the tasks they own (created). Another user's task is reported as not found, as it is by Get-ExportSchedule and Get-ExportStatus, since a task's query and destination describe someone else's evidence.

A name without wildcards that matches no task is reported as a non-terminating error with the error id ExportTaskNotFound, naming the tasks that exist, and the other names are still listed; a wildcard that matches nothing returns nothing, without an error.

The tasks it returns can be piped to Set-, Enable-, Disable- and Remove-ExportTask, Invoke-ConversationExport and Get-ExportStatus.
'@
    Parameters  = @{
        Name    = @{ AcceptWildcards = $true; Description = 'Names of the tasks to get; * and ? are wildcards. Default: every task. Strings piped to the cmdlet bind here, and so do objects with a Name property. Tab completes the task names in the catalog.' }
        Catalog = 'The catalog to read, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Task names (wildcards allowed) bind to -Name.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportTask'; Description = 'One object per task: Id, Name, Enabled, TargetType, StorageTarget, ArchiveMethod, HasZipPassword, TimeZone, RenamePattern, NoSubfolders, NoDatabaseLog, Server, Query, NotifyEmail, EmailSubject, EmailMessage, NotifyOn, SourceDataset, Scope, IgnoreCdrOnly, FileExtension, MaxArchiveSize, CreatedUtc, CreatedBy, ModifiedUtc and ModifiedBy. Query is the task''s ConversationQuery; its Text property is the readable form.' }
    )
    Examples    = @(
        @{
            Title   = 'Review every task'
            Code    = 'Get-ExportTask | Format-Table Name, Enabled, StorageTarget, ArchiveMethod, TimeZone, @{ n = ''Query''; e = { $_.Query.Text } }'
            Remarks = 'One line per task with its target, archive method, time zone and the query in words.'
        }
        @{
            Title   = 'Find tasks that would hand over unencrypted or weakly encrypted archives'
            Code    = 'Get-ExportTask | Where-Object ArchiveMethod -ne ''Aes256'' | Format-Table Name, ArchiveMethod, StorageTarget'
            Remarks = 'Lists the tasks that use None, Zip or ZipCrypto, for a security review.'
        }
        @{
            Title   = 'Show all settings of one task'
            Code    = 'Get-ExportTask -Name Nightly | Format-List *'
            Remarks = 'Shows every setting of the task Nightly, including who created and last changed it.'
        }
        @{
            Title   = 'Last run of each trading task'
            Code    = 'Get-ExportTask -Name Trading* | Get-ExportStatus -Last 1 | Format-Table Task, RunId, State, Exported, Failed, StartedUtc'
            Remarks = 'Tasks bind to -Task of Get-ExportStatus through their Name, so this shows the latest run of every task whose name starts with Trading.'
        }
    )
    Links       = @('New-ExportTask', 'Set-ExportTask', 'Remove-ExportTask', 'Get-ExportStatus', 'about_ConversationExport')
}
