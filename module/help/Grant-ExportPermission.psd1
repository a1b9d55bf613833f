@{
    Synopsis    = 'Grants permissions to a user or a group.'
    Description = @'
Grant-ExportPermission grants permissions. User permissions: DownloadConversation (Save-Conversation), ConversationExport (export tasks and Invoke-ConversationExport), RecurringConversationExport (schedules and scheduled runs), ConversationListExport (Export-ConversationList). Administrators hold ConversationExport and RecurringConversationExport over all recordings, and may also hold ManageTargets (storage targets), ManageTemplates and ManageSettings (Set-ExportSetting), which cannot be granted to other users or to groups (PermissionNotApplicable).

A permission granted to a group is held by its members and supervisors. Granting a permission already held changes nothing. A scheduled or background run uses the permissions of its task's owner at the time it runs.

Users, groups and grants are managed by administrators of the catalog; anyone else gets a PermissionDenied error (AdministratorRequired), which is also written to the audit log.
'@
    Parameters  = @{
        User        = 'The user to grant to.'
        Group       = 'The group to grant to; it is created when it does not exist yet.'
        Permission  = 'The permissions to grant.'
        PassThru    = 'Returns the grants.'
        Catalog     = 'The catalog to use, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf      = 'Shows what would change, without changing it.'
        Confirm     = 'Prompts for confirmation before the change.'
    }
    Inputs      = @(
        @{ Type = 'System.Object'; Description = 'Objects with a User property bind to -User.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportPermissionGrant'; Description = 'With -PassThru, the grants.' }
    )
    Examples    = @(
        @{
            Title   = 'Let a user run recurring exports of their conversations'
            Code    = 'Grant-ExportPermission -User jsmith -Permission ConversationExport, RecurringConversationExport -WhatIf'
            Remarks = 'Without -WhatIf, jsmith may create tasks and schedule them.'
        }
        @{
            Title   = 'Let a whole group download conversations'
            Code    = 'Grant-ExportPermission -Group Sales -Permission DownloadConversation -WhatIf'
            Remarks = 'Every member and supervisor of Sales may use Save-Conversation on the conversations accessible to them.'
        }
    )
    Links       = @('Revoke-ExportPermission', 'Get-ExportPermission', 'New-ExportUser', 'about_ConversationExport')
}
