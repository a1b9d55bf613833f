@{
    Synopsis    = 'Saves export task settings as a named template, to make tasks from it with New-ExportTask -Template.'
    Description = @'
New-ExportTemplate saves an export template in the catalog: every setting of an export task (the configuration items of New-ExportTask) except the task's name, its enabled state and its secrets. New-ExportTask -Template <name> starts a task from its values, and Set-ExportTask -Template <name> overwrites a task's values with them; parameters given on the same call win over the template.

The settings come from one of three places, and the parameters given on the command line then win:
- the parameters themselves (the same as New-ExportTask's), starting from the defaults of a new task;
- -FromTask <task>: the settings of an existing task, without its name, enabled state and ZIP password;
- -InputObject: a template from Get-ExportTemplate, or the object ConvertFrom-Json makes of its JSON, so templates move between catalogs as JSON files: Get-ExportTemplate X | ConvertTo-Json -Depth 5 saves one, and Get-Content x.json -Raw | ConvertFrom-Json | New-ExportTemplate recreates it. Properties that are no setting (Id, CreatedUtc …) are ignored, and missing ones get the defaults of a new task. A task from Get-ExportTask works as -FromTask.

A template holds no secrets: -ZipPassword and -SecretScope are refused with the error id ExportTemplateSecretRefused, and so is input with a ZipPassword property. A template may use -ArchiveMethod ZipCrypto or Aes256 all the same: the task made from it then needs -ZipPassword. A template may leave out -StorageTarget, for the task to give it; a storage target it names must exist (StorageTargetNotFound).

Every setting is checked before anything is saved, with the error ids of New-ExportTask (TimeZoneNotFound, RenamePatternInvalid, ColumnUnknown, ExportSettingInvalid). A name another template has, compared without regard to case, is refused with ExportTemplateExists. The creation is recorded in the catalog's audit log.
'@
    Include     = @('TaskSettings')
    Parameters  = @{
        Name        = 'The template''s name, unique in the catalog (without regard to case): 1 to 100 printable characters. Objects with a Name property, such as templates piped from Get-ExportTemplate or ConvertFrom-Json, bind here by property name unless -Name is given.'
        Description = 'A short note on what the template is for, shown by Get-ExportTemplate. With -InputObject, the input''s Description is taken unless this is given.'
        FromTask    = 'An export task whose settings the template starts from: everything but its name, its enabled state and its ZIP password. Tab completes the task names in the catalog. A task that does not exist is refused with ExportTaskNotFound.'
        InputObject = 'A template from Get-ExportTemplate, or the object ConvertFrom-Json makes of a template''s JSON (ConvertTo-Json -Depth 5), or a task from Get-ExportTask (as -FromTask). Objects piped to the cmdlet bind here. A property that cannot be read as its setting (an unknown ArchiveMethod, say) is refused with ExportSettingInvalid, naming it and the accepted values.'
        ZipPassword = 'Refused with the error id ExportTemplateSecretRefused: a template holds no secrets. Give the password to New-ExportTask -Template <name> -ZipPassword (or Set-ExportTask -Template) when you make a task from the template.'
        SecretScope = 'Refused with the error id ExportTemplateSecretRefused, like -ZipPassword: a template holds no password to scope. Give -SecretScope to New-ExportTask or Set-ExportTask.'
        Catalog     = 'The catalog to create the template in, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf      = 'Checks the settings and shows the template that would be created, without saving it.'
        Confirm     = 'Prompts for confirmation before the template is saved.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.ExportTemplate'; Description = 'A template from Get-ExportTemplate binds to -InputObject: a copy under -Name.' }
        @{ Type = 'System.Management.Automation.PSCustomObject'; Description = 'What ConvertFrom-Json makes of a template''s JSON binds to -InputObject, and its Name to -Name.' }
        @{ Type = 'ConversationExport.ExportTask'; Description = 'A task from Get-ExportTask binds to -InputObject: the template takes its settings, as with -FromTask.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportTemplate'; Description = 'The new template: Id, Name, Description, every setting (TargetType, StorageTarget, ArchiveMethod, TimeZone, RenamePattern, NoSubfolders, NoDatabaseLog, Server, Query, NotifyEmail, EmailSubject, EmailMessage, NotifyOn, SourceDataset, Scope, IgnoreCdrOnly, FileExtension, MaxArchiveSize, Incremental, MaxResumeAttempts, MetadataFormat, MetadataColumns, CdrFormat, CdrColumns, AllowFormulas, ExcelBom, NoManifest), CreatedUtc, CreatedBy, ModifiedUtc and ModifiedBy.' }
    )
    Notes       = 'A task made from a template keeps a copy of its values, and its Template property names the template it was last loaded from. Changing or removing the template later changes no task: to bring a task up to date, load the template again with Set-ExportTask -Template.'
    Examples    = @(
        @{
            Title   = 'An evidence template, and a task made from it'
            Code    = @'
New-ExportTemplate -Name Evidence-Aes -Description 'Sealed evidence for legal' -StorageTarget Evidence -ArchiveMethod Aes256 `
    -TimeZone 'Europe/Budapest' -RenamePattern '{StartTime}_{ConversationId}' -CdrFormat Csv, Pdf -MetadataFormat Xml, Json
New-ExportTask -Name Case-0017 -Template Evidence-Aes -Query (New-ConversationQuery -Case 2026-0017) -ZipPassword (Read-Host -AsSecureString)
'@
            Remarks = 'The template holds everything but the password; the task takes every value from it, adds its own query and password.'
        }
        @{
            Title   = 'Make a template of a task that works well'
            Code    = 'New-ExportTemplate -Name Nightly-Settings -FromTask Nightly -Description ''As the nightly export'''
            Remarks = 'Copies the settings of the task Nightly, without its name, enabled state and ZIP password.'
        }
        @{
            Title   = 'Move a template to another catalog as JSON'
            Code    = @'
Get-ExportTemplate Evidence-Aes | ConvertTo-Json -Depth 5 | Set-Content evidence-aes.json
Connect-ConversationCatalog -Path D:\Catalogs\branch.db
Get-Content evidence-aes.json -Raw | ConvertFrom-Json | New-ExportTemplate
'@
            Remarks = 'The JSON holds every setting and no secret; after Connect-ConversationCatalog the template is recreated under its own name in the other catalog (give -Name for another name).'
        }
    )
    Links       = @('Get-ExportTemplate', 'Set-ExportTemplate', 'Remove-ExportTemplate', 'New-ExportTask', 'Set-ExportTask', 'about_ConversationExport')
}
