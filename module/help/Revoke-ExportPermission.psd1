@{
    Synopsis    = 'Revokes permissions from a user or a group.'
    Description = @'
Revoke-ExportPermission takes permissions away. It takes effect at once, also for scheduled runs: a run of a task whose owner no longer holds ConversationExport (or RecurringConversationExport for a scheduled run) fails with the reason (TaskOwnerNotPermitted).

Users, groups and grants are managed by administrators of the catalog; anyone else gets a PermissionDenied error (AdministratorRequired), which is also written to the audit log.
'@
    Parameters  = @{
        User        = 'The user to revoke from.'
        Group       = 'The group to revoke from.'
        Permission  = 'The permissions to revoke.'
        Catalog     = 'The catalog to use, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf      = 'Shows what would change, without changing it.'
        Confirm     = 'Prompts for confirmation before the change.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.ExportPermissionGrant'; Description = 'Grants from Get-ExportPermission bind -User and -Permission by property name.' }
    )
    Outputs     = @(
        @{ Type = 'System.Void'; Description = 'None.' }
    )
    Examples    = @(
        @{
            Title   = 'Stop a users recurring exports'
            Code    = 'Revoke-ExportPermission -User jsmith -Permission RecurringConversationExport -WhatIf'
            Remarks = 'The next scheduled run of jsmiths tasks fails with the reason.'
        }
        @{
            Title   = 'Revoke a group permission'
            Code    = 'Revoke-ExportPermission -Group Sales -Permission DownloadConversation -WhatIf'
            Remarks = 'Members of Sales keep what they hold directly.'
        }
    )
    Links       = @('Grant-ExportPermission', 'Get-ExportPermission', 'about_ConversationExport')
}
