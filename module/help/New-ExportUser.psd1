@{
    Synopsis    = 'Adds a user (an OS account) to the catalog, optionally as an administrator and with permissions.'
    Description = @'
New-ExportUser adds a user to the catalog. A user is an OS account: DOMAIN\user on Windows, the user name elsewhere; the module identifies its caller by the OS account running PowerShell. The user who initializes a catalog is its first administrator and holds every permission.

A user sees and exports only the conversations accessible to them: their own (conversations whose User field is one of the user's recording-system names, by default the user's own name; -RecordingUser lists others) and those of the groups they supervise (Add-ExportGroupMember -Supervisor). Administrators see every conversation. Only administrators may export archived conversations.

On a server catalog (PostgreSQL, SQL Server), -CatalogLogin maps database logins to the user: whoever connects with such a login acts as this user, whatever their OS account, because the server authenticates the login.

Users, groups and grants are managed by administrators of the catalog; anyone else gets a PermissionDenied error (AdministratorRequired), which is also written to the audit log.
'@
    Parameters  = @{
        Name        = 'The OS account of the user: DOMAIN\user on Windows, the user name elsewhere. Compared without regard to case.'
        Administrator = 'Makes the user an administrator: they see all conversations, manage users, groups and grants, and may hold the administrator permissions ManageTargets, ManageTemplates and ManageSettings.'
        RecordingUser = 'The recording-system user names whose conversations are the user''s own. Default: the user''s own name.'
        CatalogLogin = 'Database logins of a server catalog that act as this user.'
        Permission  = 'Permissions to grant at once: DownloadConversation, ConversationExport, RecurringConversationExport, ConversationListExport, and for administrators ManageTargets, ManageTemplates, ManageSettings.'
        Catalog     = 'The catalog to use, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf      = 'Shows what would change, without changing it.'
        Confirm     = 'Prompts for confirmation before the change.'
    }
    Inputs      = @(
        @{ Type = 'System.Object'; Description = 'Objects with Name and RecordingUser properties bind by property name.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportUser'; Description = 'The new user.' }
    )
    Examples    = @(
        @{
            Title   = 'Add a user who may export their own conversations'
            Code    = 'New-ExportUser -Name jsmith -Permission ConversationExport, DownloadConversation -WhatIf'
            Remarks = 'Shows the user that would be added; without -WhatIf, jsmith may export and download the conversations recorded for jsmith.'
        }
        @{
            Title   = 'Add a user known to the recorder by other names'
            Code    = 'New-ExportUser -Name ''CONTOSO\carol'' -RecordingUser cmoss, carol.moss -Permission ConversationListExport -WhatIf'
            Remarks = 'The conversations whose User is cmoss or carol.moss are Carols own.'
        }
    )
    Links       = @('Get-ExportUser', 'Remove-ExportUser', 'Grant-ExportPermission', 'Add-ExportGroupMember', 'about_ConversationExport')
}
