@{
    Synopsis    = 'Lists export templates and the task settings they hold.'
    Description = @'
Get-ExportTemplate returns the export templates saved in the catalog, sorted by name: all of them, or those whose names match -Name. Names are compared without regard to case, and * and ? are wildcards. Each template shows every task setting it holds; there is never a password in it.

A name without wildcards that matches no template is reported as a non-terminating error with the error id ExportTemplateNotFound (category ObjectNotFound), naming the templates that exist, and the other names are still listed; a wildcard that matches nothing returns nothing, without an error.

A template piped to ConvertTo-Json -Depth 5 gives JSON with every setting, enums by name; ConvertFrom-Json and New-ExportTemplate read it back.
'@
    Parameters  = @{
        Name    = @{ AcceptWildcards = $true; Description = 'Names of the templates to get; * and ? are wildcards. Default: every template. Strings piped to the cmdlet bind here, and so do objects with a Name property. Tab completes the template names in the catalog.' }
        Catalog = 'The catalog to read, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Template names (wildcards allowed) bind to -Name.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportTemplate'; Description = 'One object per template: Id, Name, Description, every task setting (as New-ExportTemplate lists them), CreatedUtc, CreatedBy, ModifiedUtc and ModifiedBy.' }
    )
    Examples    = @(
        @{
            Title   = 'List the templates'
            Code    = 'Get-ExportTemplate'
            Remarks = 'One line per template: name, storage target, archive method, time zone, scope and description.'
        }
        @{
            Title   = 'Which tasks were made from a template'
            Code    = 'Get-ExportTemplate Evidence* | ForEach-Object { $t = $_.Name; Get-ExportTask | Where-Object Template -eq $t }'
            Remarks = 'Tasks record the template they were last loaded from in their Template property. They keep their own copy of its values.'
        }
        @{
            Title   = 'Save a template as JSON'
            Code    = 'Get-ExportTemplate Evidence-Aes | ConvertTo-Json -Depth 5 | Set-Content evidence-aes.json'
            Remarks = 'The file holds every setting and no secret; New-ExportTemplate reads it back (see its help).'
        }
    )
    Links       = @('New-ExportTemplate', 'Set-ExportTemplate', 'Remove-ExportTemplate', 'New-ExportTask', 'about_ConversationExport')
}
