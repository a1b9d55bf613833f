@{
    Synopsis    = 'Lists the permissions granted to users and groups.'
    Description = @'
Get-ExportPermission lists grants: the principal (a user or a group), the permission, when and by whom it was granted. Get-ExportUser shows the permissions each user holds in effect, including those of their groups.

An administrator sees every grant; another user sees only the grants to themselves and to their groups.
'@
    Parameters  = @{
        User        = 'Lists the grants of users matching this name (wildcards allowed).'
        Group       = 'Lists the grants of groups matching this name (wildcards allowed).'
        Catalog     = 'The catalog to use, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
    }
    Inputs      = @(
        @{ Type = 'None'; Description = 'The cmdlet takes no pipeline input.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportPermissionGrant'; Description = 'One object per grant.' }
    )
    Examples    = @(
        @{
            Title   = 'List every grant'
            Code    = 'Get-ExportPermission'
            Remarks = 'Shows a table of principals and their permissions.'
        }
        @{
            Title   = 'List one users direct grants'
            Code    = 'Get-ExportPermission -User jsmith'
            Remarks = 'Grants through groups are not listed here; Get-ExportUser jsmith shows them.'
        }
    )
    Links       = @('Grant-ExportPermission', 'Revoke-ExportPermission', 'Get-ExportUser', 'about_ConversationExport')
}
