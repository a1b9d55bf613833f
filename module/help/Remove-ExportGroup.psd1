@{
    Synopsis    = 'Removes groups with their memberships, grants and storage target entries.'
    Description = @'
Remove-ExportGroup removes groups: their members and supervisors lose what the group gave them. Conversations keep their Group field. The cmdlet asks for confirmation by default.

Users, groups and grants are managed by administrators of the catalog; anyone else gets a PermissionDenied error (AdministratorRequired), which is also written to the audit log.
'@
    Parameters  = @{
        Name        = 'Names of the groups to remove.'
        Catalog     = 'The catalog to use, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf      = 'Shows what would change, without changing it.'
        Confirm     = 'Prompts for confirmation before each group is removed. This is the default.'
    }
    Inputs      = @(
        @{ Type = 'System.Object'; Description = 'Objects with a Name property, such as groups from Get-ExportGroup, bind to -Name.' }
    )
    Outputs     = @(
        @{ Type = 'System.Void'; Description = 'None.' }
    )
    Examples    = @(
        @{
            Title   = 'Remove a group'
            Code    = 'Remove-ExportGroup -Name Desk -WhatIf'
            Remarks = 'Shows what would be removed.'
        }
        @{
            Title   = 'Remove every group without members'
            Code    = 'Get-ExportGroup | Where-Object { $_.Member.Count + $_.Supervisor.Count -eq 0 } | Remove-ExportGroup -Confirm:$false -WhatIf'
            Remarks = 'Removes empty groups without prompts.'
        }
    )
    Links       = @('Get-ExportGroup', 'Add-ExportGroupMember', 'about_ConversationExport')
}
