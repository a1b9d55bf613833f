namespace ConversationExport;

/// <summary>
/// What a principal may do (seed §2). The first four are the user permissions of the search/list page;
/// ConversationExport and RecurringConversationExport are also the administrator permissions (over all
/// recordings when an administrator holds them); the Manage* permissions are for administrators only.
/// </summary>
public enum ExportPermission : long
{
    DownloadConversation,
    ConversationExport,
    RecurringConversationExport,
    ConversationListExport,
    ManageTargets,
    ManageTemplates,
    ManageSettings,
}

/// <summary>Who a grant or a storage target restriction names: a user, or a group (whose members and supervisors it covers).</summary>
public enum PrincipalKind : long { User, Group }

/// <summary>A user of the catalog (an OS account: DOMAIN\user on Windows, user elsewhere).</summary>
public sealed class ExportUser
{
    public string Name { get; set; } = "";
    public bool IsAdministrator { get; set; }
    /// <summary>The recording-system user names whose conversations are this user's own; empty means the user's own name.</summary>
    public string[] RecordingUser { get; set; } = [];
    /// <summary>Database logins (server catalogs) that act as this user whatever OS account connects with them.</summary>
    public string[] CatalogLogin { get; set; } = [];
    public string[] Group { get; set; } = [];
    public string[] SupervisorOf { get; set; } = [];
    /// <summary>Every permission the user holds, directly or through a group.</summary>
    public ExportPermission[] Permission { get; set; } = [];
    public DateTime CreatedUtc { get; set; }
}

/// <summary>A group of users; its name is the group name conversations carry (Group field), so its supervisors see its conversations.</summary>
public sealed class ExportGroup
{
    public string Name { get; set; } = "";
    public string[] Member { get; set; } = [];
    public string[] Supervisor { get; set; } = [];
    public ExportPermission[] Permission { get; set; } = [];
}

/// <summary>One permission held by one user or group.</summary>
public sealed class ExportPermissionGrant
{
    public string Principal { get; set; } = "";
    public PrincipalKind PrincipalKind { get; set; }
    public ExportPermission Permission { get; set; }
    public DateTime GrantedUtc { get; set; }
    public string GrantedBy { get; set; } = "";
}
