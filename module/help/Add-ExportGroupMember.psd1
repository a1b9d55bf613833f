@{
    Synopsis    = 'Makes users members or supervisors of a group; the group is created on first use.'
    Description = @'
Add-ExportGroupMember adds users to a group, creating the group when it does not exist yet. With -Supervisor they become supervisors: they see and export the conversations of the group (conversations whose Group field holds the group name). Plain members only hold the permissions granted to the group. Adding a member again changes their role to the one given.

Users, groups and grants are managed by administrators of the catalog; anyone else gets a PermissionDenied error (AdministratorRequired), which is also written to the audit log.
'@
    Parameters  = @{
        Group       = 'The group: the group name conversations carry.'
        Member      = 'Users to add; they must be users of the catalog (New-ExportUser).'
        Supervisor  = 'Adds the users as supervisors, who see the group''s conversations.'
        PassThru    = 'Returns the group after the change.'
        Catalog     = 'The catalog to use, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf      = 'Shows what would change, without changing it.'
        Confirm     = 'Prompts for confirmation before the change.'
    }
    Inputs      = @(
        @{ Type = 'System.Object'; Description = 'Objects with a Name property, such as users from Get-ExportUser, bind to -Member.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportGroup'; Description = 'With -PassThru, the group.' }
    )
    Examples    = @(
        @{
            Title   = 'Make a team lead supervise the Sales group'
            Code    = 'Add-ExportGroupMember -Group Sales -Member jsmith -Supervisor -WhatIf'
            Remarks = 'Without -WhatIf, jsmith sees the conversations of the Sales group.'
        }
        @{
            Title   = 'Give a team a group permission'
            Code    = 'Add-ExportGroupMember -Group Desk -Member adoe, bking -WhatIf; Grant-ExportPermission -Group Desk -Permission ConversationListExport -WhatIf'
            Remarks = 'Members of Desk may export conversation lists of their own conversations.'
        }
    )
    Links       = @('Remove-ExportGroupMember', 'Get-ExportGroup', 'Grant-ExportPermission', 'about_ConversationExport')
}
