@{
    Synopsis    = 'Deletes export templates; tasks made from them keep their settings.'
    Description = @'
Remove-ExportTemplate deletes export templates from the catalog, named with -Name or piped from Get-ExportTemplate. Because it cannot be undone, it asks for confirmation by default; -Confirm:$false removes without asking.

The tasks made from a removed template are not touched: they hold a copy of its values, and their Template property still names it.

A name that matches no template is reported as a non-terminating error with the error id ExportTemplateNotFound, and the other templates are still removed. Names are exact (no wildcards) and compared without regard to case; to remove by pattern, pipe Get-ExportTemplate with a wildcard. Each removal is recorded in the catalog's audit log.
'@
    Parameters  = @{
        Name        = 'Names of the templates to remove. Tab completes the template names in the catalog. Objects with a Name property bind by property name.'
        InputObject = 'Templates to remove, from Get-ExportTemplate; templates piped to the cmdlet bind here.'
        Catalog     = 'The catalog that holds the templates, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf      = 'Shows which templates would be removed, without removing them.'
        Confirm     = 'Prompts for confirmation before each template is removed. This is the default (the cmdlet''s impact is High); -Confirm:$false removes without asking.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.ExportTemplate'; Description = 'Templates from Get-ExportTemplate bind to -InputObject.' }
        @{ Type = 'System.Object'; Description = 'Objects with a Name property bind to -Name by property name.' }
    )
    Outputs     = @(
        @{ Type = 'System.Void'; Description = 'None. The cmdlet returns nothing.' }
    )
    Examples    = @(
        @{
            Title   = 'Remove a template'
            Code    = 'Remove-ExportTemplate -Name Evidence-Aes'
            Remarks = 'Asks for confirmation, then deletes the template. Tasks made from it go on as they are.'
        }
        @{
            Title   = 'Remove the templates of a project, without prompts'
            Code    = 'Get-ExportTemplate -Name Migration-* | Remove-ExportTemplate -Confirm:$false'
            Remarks = 'Deletes every template whose name starts with Migration-.'
        }
    )
    Links       = @('Get-ExportTemplate', 'New-ExportTemplate', 'Set-ExportTemplate', 'about_ConversationExport')
}
