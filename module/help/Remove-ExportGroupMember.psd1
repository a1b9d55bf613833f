@{
    Synopsis    = 'Takes users out of a group (members and supervisors alike).'
    Description = @'
Remove-ExportGroupMember takes users out of a group; they lose what the group gave them: its permissions and, for supervisors, its conversations.

Users, groups and grants are managed by administrators of the catalog; anyone else gets a PermissionDenied error (AdministratorRequired), which is also written to the audit log.
'@
    Parameters  = @{
        Group       = 'The group.'
        Member      = 'Users to take out.'
        Catalog     = 'The catalog to use, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf      = 'Shows what would change, without changing it.'
        Confirm     = 'Prompts for confirmation before the change.'
    }
    Inputs      = @(
        @{ Type = 'System.Object'; Description = 'Objects with a Name property bind to -Member.' }
    )
    Outputs     = @(
        @{ Type = 'System.Void'; Description = 'None.' }
    )
    Examples    = @(
        @{
            Title   = 'Take a supervisor out of a group'
            Code    = 'Remove-ExportGroupMember -Group Sales -Member jsmith -WhatIf'
            Remarks = 'Without -WhatIf, jsmith no longer sees the Sales conversations.'
        }
        @{
            Title   = 'Empty a group'
            Code    = 'Get-ExportGroup Desk | ForEach-Object { Remove-ExportGroupMember -Group $_.Name -Member ($_.Member + $_.Supervisor) -WhatIf }'
            Remarks = 'Takes every member and supervisor out of Desk.'
        }
    )
    Links       = @('Add-ExportGroupMember', 'Get-ExportGroup', 'about_ConversationExport')
}
