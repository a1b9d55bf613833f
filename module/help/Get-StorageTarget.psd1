@{
    Synopsis    = 'Lists the storage targets that export tasks can write to.'
    Description = @'
Get-StorageTarget returns the storage targets saved in the catalog with New-StorageTarget, sorted by name: all of them, or those whose names match -Name. Names are compared without regard to case, and * and ? are wildcards.

A name without wildcards that matches no target is reported as a non-terminating error with the error id StorageTargetNotFound, and the other names are still listed; a wildcard that matches nothing returns nothing, without an error.
'@
    Parameters  = @{
        Name    = @{ AcceptWildcards = $true; Description = 'Names of the targets to get; * and ? are wildcards. Default: every target. Strings piped to the cmdlet bind here, and so do objects with a Name property.' }
        Catalog = 'The catalog to read, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Target names (wildcards allowed) bind to -Name.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.StorageTarget'; Description = 'One object per target: Id, Name, Type, Path, Description, CreatedUtc and CreatedBy. It converts to its name, so it can be passed to -StorageTarget of New-ExportTask and Set-ExportTask.' }
    )
    Examples    = @(
        @{
            Title   = 'List every target'
            Code    = 'Get-StorageTarget | Format-Table Name, Type, Path, Description'
            Remarks = 'Shows all storage targets of the session''s catalog.'
        }
        @{
            Title   = 'Check that the target of a task is reachable'
            Code    = @'
$target = Get-StorageTarget -Name (Get-ExportTask -Name Nightly).StorageTarget
Test-Path -LiteralPath $target.Path -PathType Container
'@
            Remarks = 'Finds the target the task Nightly writes to and tests whether its folder exists from this computer: a run is refused with DestinationNotWritable when it does not.'
        }
        @{
            Title   = 'Find the targets on an old file server'
            Code    = 'Get-StorageTarget | Where-Object Path -like ''\\oldnas*'''
            Remarks = 'Lists the targets whose folder is on the server oldnas, before it is retired.'
        }
    )
    Links       = @('New-StorageTarget', 'Remove-StorageTarget', 'Get-ExportTask', 'about_ConversationExport')
}
