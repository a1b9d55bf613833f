@{
    Synopsis    = 'Removes users from the catalog with their grants and group memberships.'
    Description = @'
Remove-ExportUser removes users, with their grants, group memberships, login mappings and storage target entries. Tasks they own stay, but their runs fail with a clear reason (the owner is no longer a user) until an administrator recreates the user. The last administrator cannot be removed (LastAdministrator). The cmdlet asks for confirmation by default.

Users, groups and grants are managed by administrators of the catalog; anyone else gets a PermissionDenied error (AdministratorRequired), which is also written to the audit log.
'@
    Parameters  = @{
        Name        = 'Names of the users to remove.'
        Catalog     = 'The catalog to use, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf      = 'Shows what would change, without changing it.'
        Confirm     = 'Prompts for confirmation before each user is removed. This is the default; -Confirm:$false removes without asking.'
    }
    Inputs      = @(
        @{ Type = 'System.Object'; Description = 'Objects with a Name property, such as users from Get-ExportUser, bind to -Name.' }
    )
    Outputs     = @(
        @{ Type = 'System.Void'; Description = 'None.' }
    )
    Examples    = @(
        @{
            Title   = 'Remove a user'
            Code    = 'Remove-ExportUser -Name jsmith -WhatIf'
            Remarks = 'Shows what would be removed; without -WhatIf, asks for confirmation and removes jsmith.'
        }
        @{
            Title   = 'Remove every user of a departed team'
            Code    = 'Get-ExportUser -Name ''temp-*'' | Remove-ExportUser -Confirm:$false -WhatIf'
            Remarks = 'Removes the users whose names start with temp-, without prompts.'
        }
    )
    Links       = @('New-ExportUser', 'Get-ExportUser', 'about_ConversationExport')
}
