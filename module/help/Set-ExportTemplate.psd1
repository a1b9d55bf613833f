@{
    Synopsis    = 'Changes an export template; tasks made from it earlier keep their values.'
    Description = @'
Set-ExportTemplate changes an export template saved with New-ExportTemplate. Only the settings you give change; everything else stays as it is. A switch is turned off with :$false (-NoSubfolders:$false), a text is cleared with '' (-RenamePattern ''), a list with @() (-FileExtension @()), and the part size limit with $null (-MaxArchiveSize $null). The template is named with -Name or piped from Get-ExportTemplate. It returns nothing unless -PassThru is given.

The tasks made from the template earlier do not change: they hold a copy of its values. Load the changed template into a task with Set-ExportTask -Template <name>.

The settings are checked before anything is saved, with the error ids of New-ExportTemplate. A template that does not exist is a terminating error (ExportTemplateNotFound), -NewName that another template has is refused with ExportTemplateExists, and -ZipPassword or -SecretScope with ExportTemplateSecretRefused. Each change is recorded in the catalog's audit log.
'@
    Include     = @('TaskSettings')
    Parameters  = @{
        Name        = 'The name of the template to change (exact, not case-sensitive). Tab completes the template names in the catalog.'
        InputObject = 'The template to change, from Get-ExportTemplate; templates piped to the cmdlet bind here. Only its name is used: the settings change only through the parameters given on the command line.'
        NewName     = 'A new name for the template: 1 to 100 printable characters, not used by another template (ExportTemplateExists). Tasks made from it keep the old name in their Template property.'
        Description = 'A new description; '''' removes it.'
        PassThru    = 'Returns the template as saved.'
        ZipPassword = 'Refused with the error id ExportTemplateSecretRefused: a template holds no secrets. Give the password to the task: Set-ExportTask -Template <name> -ZipPassword.'
        SecretScope = 'Refused with the error id ExportTemplateSecretRefused: a template holds no password to scope.'
        Catalog     = 'The catalog that holds the template, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf      = 'Checks the settings and shows which template would change, without saving.'
        Confirm     = 'Prompts for confirmation before the template is changed.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.ExportTemplate'; Description = 'Templates from Get-ExportTemplate bind to -InputObject.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportTemplate'; Description = 'With -PassThru, the template as saved. Otherwise nothing.' }
    )
    Examples    = @(
        @{
            Title   = 'Move a template to Budapest time'
            Code    = 'Set-ExportTemplate -Name Evidence-Aes -TimeZone Europe/Budapest -PassThru'
            Remarks = 'Changes the time zone only. Tasks made from the template keep theirs until the template is loaded into them again.'
        }
        @{
            Title   = 'Change a template, then bring its tasks up to date'
            Code    = @'
Set-ExportTemplate -Name Evidence-Aes -CdrFormat Csv, Pdf
Get-ExportTask | Where-Object Template -eq 'Evidence-Aes' | ForEach-Object { Set-ExportTask -Name $_.Name -Template Evidence-Aes -Query $_.Query }
'@
            Remarks = 'Loading the template overwrites every value a task holds; -Query $_.Query keeps each task''s own query, and a task''s stored ZIP password stays while the template encrypts.'
        }
    )
    Links       = @('Get-ExportTemplate', 'New-ExportTemplate', 'Remove-ExportTemplate', 'Set-ExportTask', 'about_ConversationExport')
}
