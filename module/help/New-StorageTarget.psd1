@{
    Synopsis    = 'Creates a named storage target: a folder that export tasks write their archives to.'
    Description = @'
New-StorageTarget saves a named destination in the catalog, so that export tasks refer to it by name (New-ExportTask -StorageTarget <name>) and a move of the export share is one change instead of one per task. It returns the new target.

In this version a target is a folder: a local path or a UNC share (-Type FileSystem). A relative path is resolved against the current PowerShell location and stored as a full path. The folder is not checked when the target is created; it must exist and be writable when a run starts, otherwise the run is refused with DestinationNotWritable and nothing is written. Runs write each archive under a temporary name ending in .partial and rename it when complete.

Errors, with their error ids:
- StorageTargetExists: a target of that name already exists (names are compared without regard to case);
- ExportSettingInvalid: the name is empty, longer than 100 characters or contains control characters; -Path is missing; or -Type is not FileSystem (Sftp, AzureBlob and S3 targets are not available in this version).

The creation is recorded in the catalog's audit log.
'@
    Parameters  = @{
        Name        = 'The target''s name, unique in the catalog: 1 to 100 printable characters. Export tasks refer to the target by it.'
        Type        = @{ Description = 'The kind of target; one of {Enum:ConversationExport.StorageTargetType}. Only FileSystem is available in this version; the other types are refused with ExportSettingInvalid.'; DefaultValue = 'FileSystem' }
        Path        = 'The folder exports are written to: a local path such as D:\Exports or a UNC share such as \\nas01\compliance\exports. A relative path is resolved against the current PowerShell location. Required for FileSystem targets. The account that runs the exports needs write access to it.'
        Description = 'Free text shown by Get-StorageTarget, such as who owns the share or what it is for.'
        Catalog     = 'The catalog to create the target in, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf      = 'Shows the target that would be created, with its resolved path, without creating it.'
    }
    Inputs      = @(
        @{ Type = 'System.Object'; Description = 'Objects with Name, Type, Path and Description properties, such as the rows of Import-Csv, bind by property name: one target is created per object.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.StorageTarget'; Description = 'The new target: Id, Name, Type, Path, Description, CreatedUtc and CreatedBy.' }
    )
    Examples    = @(
        @{
            Title   = 'Create a target on a file share'
            Code    = 'New-StorageTarget -Name Evidence -Path \\nas01\compliance\exports -Description ''Legal hold exports, owned by the compliance team'''
            Remarks = 'Creates the target Evidence. Tasks created with -StorageTarget Evidence write their archives to the share.'
        }
        @{
            Title   = 'Create the targets of several sites from a CSV file'
            Code    = @'
# targets.csv:  Name,Path,Description
#               Budapest,\\bud-nas\exports,Budapest site
#               London,\\lon-nas\exports,London site
Import-Csv .\targets.csv | New-StorageTarget
'@
            Remarks = 'Each row becomes a target; Name, Path and Description bind from the columns of the same name.'
        }
        @{
            Title   = 'Point the tasks at a new share'
            Code    = @'
New-StorageTarget -Name Evidence2027 -Path \\nas02\compliance\exports
Get-ExportTask | Where-Object StorageTarget -eq 'Evidence' | Set-ExportTask -StorageTarget Evidence2027
Remove-StorageTarget -Name Evidence
'@
            Remarks = 'Creates the new target, moves every task that used the old one, then removes the old target, which is possible only once no task uses it.'
        }
    )
    Links       = @('Get-StorageTarget', 'Remove-StorageTarget', 'New-ExportTask', 'about_ConversationExport')
}
