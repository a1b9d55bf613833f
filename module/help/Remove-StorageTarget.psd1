@{
    Synopsis    = 'Deletes storage targets that no export task uses.'
    Description = @'
Remove-StorageTarget deletes named storage targets from the catalog. Only the definition is deleted: the folder and the archives in it are left as they are. Because it cannot be undone, it asks for confirmation by default; -Confirm:$false removes without asking.

A target that an export task still uses is not removed: the error id is StorageTargetInUse, and the message names the tasks to point elsewhere first (Set-ExportTask -StorageTarget). A name that matches no target is reported as StorageTargetNotFound. Both are non-terminating errors: the other names are still removed. Names are exact (no wildcards) and compared without regard to case.

Each removal is recorded in the catalog's audit log.
'@
    Parameters  = @{
        Name    = 'Names of the targets to remove. Tab completes the names in the catalog. Objects with a Name property, such as targets from Get-StorageTarget, bind by property name.'
        Catalog = 'The catalog to remove the targets from, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf  = 'Shows which targets would be removed, without removing them. It does not check whether a task still uses them.'
        Confirm = 'Prompts for confirmation before each target is removed. This is the default (the cmdlet''s impact is High); -Confirm:$false removes without asking.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.StorageTarget'; Description = 'Targets from Get-StorageTarget bind to -Name through their Name property.' }
    )
    Outputs     = @(
        @{ Type = 'System.Void'; Description = 'None. The cmdlet returns nothing.' }
    )
    Examples    = @(
        @{
            Title   = 'Remove a target'
            Code    = 'Remove-StorageTarget -Name Evidence2025'
            Remarks = 'Asks for confirmation, then deletes the target Evidence2025. The exported archives in its folder stay.'
        }
        @{
            Title   = 'Remove the targets no task uses, without prompts'
            Code    = @'
$used = (Get-ExportTask).StorageTarget
Get-StorageTarget | Where-Object Name -notin $used | Remove-StorageTarget -Confirm:$false
'@
            Remarks = 'Deletes every target that no export task refers to.'
        }
        @{
            Title   = 'Handle a target that is still in use'
            Code    = @'
Remove-StorageTarget -Name Evidence -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failed
if ($failed.FullyQualifiedErrorId -like 'StorageTargetInUse*') {
    Get-ExportTask | Where-Object StorageTarget -eq 'Evidence' | Format-Table Name, Enabled
}
'@
            Remarks = '-ErrorAction SilentlyContinue keeps the error off the screen; -ErrorVariable keeps it for the script. When the target is still in use, lists the tasks that have to be moved to another target first.'
        }
    )
    Links       = @('New-StorageTarget', 'Get-StorageTarget', 'Set-ExportTask', 'about_ConversationExport')
}
