@{
    Synopsis    = 'Lists the users of the catalog, their groups and the permissions they hold.'
    Description = @'
Get-ExportUser lists the catalog's users: whether each is an administrator, the recording-system names whose conversations are their own, the groups they belong to and supervise, and every permission they hold, directly or through a group. An administrator sees every user; another user sees only themselves (what they may do, and through which groups).
'@
    Parameters  = @{
        Name        = 'Names of users to list; wildcards allowed. Default: all. A name without wildcards that matches no user is reported as an ExportUserNotFound error.'
        Catalog     = 'The catalog to use, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'User names bind to -Name.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportUser'; Description = 'One object per user.' }
    )
    Examples    = @(
        @{
            Title   = 'List every user'
            Code    = 'Get-ExportUser'
            Remarks = 'Shows a table of users with their administrator flag, groups and permissions.'
        }
        @{
            Title   = 'Find who may run recurring exports'
            Code    = 'Get-ExportUser | Where-Object Permission -contains ''RecurringConversationExport'''
            Remarks = 'Lists the users holding RecurringConversationExport.'
        }
    )
    Links       = @('New-ExportUser', 'Get-ExportPermission', 'about_ConversationExport')
}
