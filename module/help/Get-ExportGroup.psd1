@{
    Synopsis    = 'Lists the groups of the catalog with their members, supervisors and permissions.'
    Description = @'
Get-ExportGroup lists groups. A group's name is the group name conversations carry (their Group field): its supervisors see and export its conversations; its members and supervisors hold the permissions granted to the group. Groups are created by Add-ExportGroupMember or by granting a permission to them.

An administrator sees every group; another user sees only the groups they are a member or supervisor of.
'@
    Parameters  = @{
        Name        = 'Names of groups to list; wildcards allowed. Default: all.'
        Catalog     = 'The catalog to use, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Group names bind to -Name.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportGroup'; Description = 'One object per group.' }
    )
    Examples    = @(
        @{
            Title   = 'List the groups'
            Code    = 'Get-ExportGroup'
            Remarks = 'Shows each group with its members, supervisors and permissions.'
        }
        @{
            Title   = 'Show who supervises Sales'
            Code    = '(Get-ExportGroup -Name Sales).Supervisor'
            Remarks = 'Lists the supervisors of the Sales group, who see its conversations.'
        }
    )
    Links       = @('Add-ExportGroupMember', 'Remove-ExportGroup', 'about_ConversationExport')
}
