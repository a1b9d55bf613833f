using System.Data.Common;
using ConversationExport.Engine.Query;
using ConversationExport.Engine.Security;
using static ConversationExport.Engine.Catalog.DbExtensions;

namespace ConversationExport.Engine.Catalog;

/// <summary>What one principal may do and see, read from the catalog at one moment.</summary>
public sealed class PrincipalAccess
{
    internal PrincipalAccess(string name, bool known, bool isAdministrator, IReadOnlySet<ExportPermission> permissions,
        IReadOnlyList<string> recordingUsers, IReadOnlyList<string> groups, IReadOnlyList<string> supervisedGroups)
    {
        Name = name;
        Known = known;
        IsAdministrator = isAdministrator;
        Permissions = permissions;
        RecordingUsers = recordingUsers;
        Groups = groups;
        SupervisedGroups = supervisedGroups;
    }

    /// <summary>The catalog user: the OS user, or the user a server catalog maps the database login to.</summary>
    public string Name { get; }
    /// <summary>Whether the catalog lists this user; an unknown caller may do nothing.</summary>
    public bool Known { get; }
    public bool IsAdministrator { get; }
    public IReadOnlySet<ExportPermission> Permissions { get; }
    public IReadOnlyList<string> RecordingUsers { get; }
    /// <summary>Groups the user is a member or a supervisor of (grants to them apply).</summary>
    public IReadOnlyList<string> Groups { get; }
    public IReadOnlyList<string> SupervisedGroups { get; }

    public bool Holds(ExportPermission permission) => Known && Permissions.Contains(permission);

    internal AccessScope Scope => !Known ? new AccessScope(false, [], [])
        : IsAdministrator ? AccessScope.Everything
        : new AccessScope(false, RecordingUsers, SupervisedGroups);
}

/// <summary>
/// Users, groups and grants (SPEC §12), and the checks every engine operation makes before it acts.
/// A denial is a <see cref="ErrorKind.PermissionDenied"/> error naming the permission and who can grant
/// it, and an audit row whose detail starts "denied: ".
/// </summary>
public sealed class AccessCatalog
{
    /// <summary>Permissions only an administrator can hold.</summary>
    public static readonly IReadOnlySet<ExportPermission> AdministratorOnly = new HashSet<ExportPermission>
        { ExportPermission.ManageTargets, ExportPermission.ManageTemplates, ExportPermission.ManageSettings };

    private readonly ConversationCatalog _catalog;
    private readonly CallerIdentity _caller;
    private PrincipalAccess? _callerAccess;

    public AccessCatalog(ConversationCatalog catalog, CallerIdentity caller)
    {
        _catalog = catalog;
        _caller = caller;
    }

    /// <summary>The caller's access, read once per instance (one engine call).</summary>
    public PrincipalAccess Caller => _callerAccess ??= _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        return Read(connection, EffectiveName(connection));
    });

    /// <summary>The access of another principal, such as the owner of a task a scheduled run executes for.</summary>
    public PrincipalAccess For(string name) => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        return Read(connection, name);
    });

    // ---- checks --------------------------------------------------------------------------

    /// <summary>The caller, who must be a user of the catalog.</summary>
    public PrincipalAccess DemandUser(string action, string? target)
    {
        var access = Caller;
        if (!access.Known)
            throw Deny(ErrorId.CallerNotAUser, action, target, "not a user of the catalog",
                $"'{access.Name}' is not a user of the catalog '{_catalog.Info}', so {Describe(action)} is not allowed. {WhoGrants("add the user with New-ExportUser -Name '" + access.Name + "' and grant permissions")}");
        return access;
    }

    /// <summary>The caller, who must hold <paramref name="permission"/>.</summary>
    public PrincipalAccess Demand(ExportPermission permission, string action, string? target)
    {
        var access = DemandUser(action, target);
        if (!access.Holds(permission))
            throw Deny(ErrorId.PermissionDenied, action, target, $"needs {permission}",
                $"{Describe(action)} needs the {permission} permission, which '{access.Name}' does not hold. {WhoGrants($"grant it with Grant-ExportPermission -User '{access.Name}' -Permission {permission}")}");
        return access;
    }

    /// <summary>The caller, who must be an administrator of the catalog.</summary>
    public PrincipalAccess DemandAdministrator(string action, string? target, string? why = null)
    {
        var access = DemandUser(action, target);
        if (!access.IsAdministrator)
            throw Deny(ErrorId.AdministratorRequired, action, target, "needs an administrator",
                $"{Describe(action)} is for administrators of the catalog{(why is null ? "" : " (" + why + ")")}, and '{access.Name}' is not one. {WhoGrants("do it, or make the user an administrator with New-ExportUser -Administrator")}");
        return access;
    }

    /// <summary>
    /// The owner of a task, checked at the moment a run of it starts or continues: the run works with the
    /// owner's permissions and sees what the owner sees, whoever (or whatever scheduler) started it.
    /// </summary>
    public PrincipalAccess DemandOwner(string owner, ExportPermission permission, string action, string? target)
    {
        var access = For(owner);
        if (!access.Holds(permission))
            throw Deny(ErrorId.TaskOwnerNotPermitted, action, target, $"owner '{owner}' lacks {permission}",
                $"{Describe(action)} runs with the permissions of its owner '{owner}', who {(access.Known ? $"no longer holds the {permission} permission" : "is no longer a user of the catalog")}. {WhoGrants($"grant it with Grant-ExportPermission -User '{owner}' -Permission {permission}")}");
        return access;
    }

    /// <summary>
    /// Which runs the caller may see (their status, log and outputs): an administrator every run; a user the
    /// runs of the tasks they own and the ad-hoc runs they started. A run lists conversation ids, which are
    /// someone's evidence: another user's run is reported as not found, as an inaccessible conversation is.
    /// </summary>
    public Func<RunRecord, bool> VisibleRuns(string action)
    {
        var access = DemandUser(action, null);
        if (access.IsAdministrator) return _ => true;
        var owners = new TaskCatalog(_catalog, _caller).Tasks().ToDictionary(t => t.Task.Id, t => t.Task.CreatedBy);
        return run => string.Equals(run.TaskId is { } id && owners.TryGetValue(id, out var owner) ? owner : run.Run.StartedBy, access.Name, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The caller must own <paramref name="owner"/>'s object (a task) or be an administrator.</summary>
    public void DemandOwnerOrAdministrator(string owner, string action, string? target)
    {
        var access = DemandUser(action, target);
        if (access.IsAdministrator || string.Equals(access.Name, owner, StringComparison.OrdinalIgnoreCase)) return;
        throw Deny(ErrorId.NotTaskOwner, action, target, $"owned by '{owner}'",
            $"{Describe(action)} is allowed to its owner '{owner}' and to administrators; '{access.Name}' is neither. {WhoGrants("do it")}");
    }

    /// <summary>Whether <paramref name="access"/> may write to the storage target: unrestricted targets admit everyone.</summary>
    public void DemandTarget(PrincipalAccess access, long targetId, string targetName, string action)
    {
        var allowed = TargetAccess(targetId);
        if (allowed.Count == 0 || access.IsAdministrator) return;
        if (allowed.Any(a => a.Kind == PrincipalKind.User && Same(a.Name, access.Name)
            || a.Kind == PrincipalKind.Group && access.Groups.Any(g => Same(g, a.Name)))) return;
        throw Deny(ErrorId.StorageTargetNotPermitted, action, targetName, $"target '{targetName}' restricted",
            $"The storage target '{targetName}' is restricted to {string.Join(", ", allowed.Select(a => $"{a.Kind.ToString().ToLowerInvariant()} '{a.Name}'"))}; '{access.Name}' may not export to it. {WhoGrants($"add the user with Set-StorageTarget -Name '{targetName}' -AllowUser")}");
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Describe(string action) => action;

    private string WhoGrants(string what)
    {
        var administrators = _catalog.Guard(() =>
        {
            using var connection = _catalog.OpenConnection();
            return Strings(connection, "SELECT name FROM principal WHERE is_administrator = 1 ORDER BY name");
        });
        return $"An administrator of the catalog ({(administrators.Count == 0 ? "none" : string.Join(", ", administrators))}) can {what}.";
    }

    private ConversationExportException Deny(ErrorId id, string action, string? target, string reason, string message)
    {
        _catalog.Guard(() =>
        {
            using var connection = _catalog.OpenConnection();
            _catalog.Audit(connection, _caller, action, target, "denied: " + reason);
            return 0;
        });
        return new ConversationExportException(id, ErrorKind.PermissionDenied, message, target);
    }

    // ---- who sees whom --------------------------------------------------------------------

    // A user who is not an administrator sees their own user, the groups they belong to and the grants of
    // both: enough to know what they may do, without the catalog's list of people and their rights.
    private bool SeesUser(string name) => Caller.IsAdministrator || Same(name, Caller.Name);

    private bool SeesGroup(string name) => Caller.IsAdministrator || Caller.Groups.Any(g => Same(g, name));

    // ---- users ---------------------------------------------------------------------------

    public IReadOnlyList<ExportUser> Users(string? name = null) => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        var names = Strings(connection, "SELECT name FROM principal ORDER BY name");
        var users = new List<ExportUser>();
        foreach (var user in names.Where(n => (name is null || TextMatch.Like(n, name)) && SeesUser(n)))
        {
            var access = Read(connection, user);
            users.Add(new ExportUser
            {
                Name = user,
                IsAdministrator = access.IsAdministrator,
                RecordingUser = [.. Strings(connection, "SELECT recording_user FROM principal_recording_user WHERE " + _catalog.Dialect.TextEquals("principal", "@n") + " ORDER BY recording_user", user)],
                CatalogLogin = [.. Strings(connection, "SELECT login FROM catalog_login WHERE " + _catalog.Dialect.TextEquals("principal", "@n") + " ORDER BY login", user)],
                Group = [.. access.Groups.Except(access.SupervisedGroups, StringComparer.OrdinalIgnoreCase)],
                SupervisorOf = [.. access.SupervisedGroups],
                Permission = [.. access.Permissions.Order()],
                CreatedUtc = FromUnixMilliseconds(Long(connection, "SELECT created_utc FROM principal WHERE " + _catalog.Dialect.TextEquals("name", "@n"), user)),
            });
        }
        return users;
    });

    public ExportUser AddUser(string name, bool administrator, IReadOnlyList<string> recordingUsers, IReadOnlyList<string> logins, IReadOnlyList<ExportPermission> permissions)
    {
        DemandAdministrator("NewExportUser", name);
        ValidateName(name, "user");
        foreach (var permission in permissions) CheckApplicable(name, PrincipalKind.User, administrator, permission);
        _catalog.WriteUnit($"NewExportUser '{name}'", () =>
        {
            using var connection = _catalog.OpenConnection();
            using var transaction = _catalog.BeginWrite(connection);
            if (Long(connection, "SELECT COUNT(*) FROM principal WHERE " + _catalog.Dialect.TextEquals("name", "@n"), name, transaction) > 0)
                throw new ConversationExportException(ErrorId.ExportUserExists, ErrorKind.InvalidArgument,
                    $"The catalog already has a user named '{name}'. Change the user's grants with Grant-/Revoke-ExportPermission, or remove the user first.", name);
            Execute(connection, transaction, "INSERT INTO principal (name, is_administrator, created_utc) VALUES (@n, @a, @t)",
                ("@n", name), ("@a", administrator ? 1 : 0), ("@t", DateTime.UtcNow.ToUnixMilliseconds()));
            foreach (var recordingUser in recordingUsers.Distinct(StringComparer.OrdinalIgnoreCase))
                Execute(connection, transaction, "INSERT INTO principal_recording_user (principal, recording_user) VALUES (@n, @r)", ("@n", name), ("@r", recordingUser));
            foreach (var login in logins.Distinct(StringComparer.Ordinal))
            {
                if (Long(connection, "SELECT COUNT(*) FROM catalog_login WHERE login = @n", login, transaction) > 0)
                    throw new ConversationExportException(ErrorId.ExportUserExists, ErrorKind.InvalidArgument,
                        $"The database login '{login}' already acts as another user; remove that user first.", login);
                Execute(connection, transaction, "INSERT INTO catalog_login (login, principal) VALUES (@l, @n)", ("@l", login), ("@n", name));
            }
            foreach (var permission in permissions.Distinct()) InsertGrant(connection, transaction, name, PrincipalKind.User, permission);
            _catalog.Audit(connection, _caller, "NewExportUser", name,
                $"administrator: {administrator}; recording users: {string.Join(",", recordingUsers)}; logins: {string.Join(",", logins)}; permissions: {string.Join(",", permissions)}", transaction);
            transaction.Commit();
            return 0;
        });
        return Users().First(u => Same(u.Name, name));
    }

    public void RemoveUser(string name)
    {
        var admin = DemandAdministrator("RemoveExportUser", name);
        var user = Users().FirstOrDefault(u => Same(u.Name, name)) ?? throw UserNotFound(name);
        if (user.IsAdministrator && Users().Count(u => u.IsAdministrator) == 1)
            throw new ConversationExportException(ErrorId.LastAdministrator, ErrorKind.InvalidArgument,
                $"'{user.Name}' is the last administrator of the catalog; make another user an administrator first (New-ExportUser -Administrator), so the catalog is never left without one.", name);
        _catalog.WriteUnit($"RemoveExportUser '{user.Name}'", () =>
        {
            using var connection = _catalog.OpenConnection();
            using var transaction = _catalog.BeginWrite(connection);
            var fold = _catalog.Dialect;
            Execute(connection, transaction, "DELETE FROM principal WHERE " + fold.TextEquals("name", "@n"), ("@n", user.Name));
            Execute(connection, transaction, "DELETE FROM principal_recording_user WHERE " + fold.TextEquals("principal", "@n"), ("@n", user.Name));
            Execute(connection, transaction, "DELETE FROM catalog_login WHERE " + fold.TextEquals("principal", "@n"), ("@n", user.Name));
            Execute(connection, transaction, "DELETE FROM group_member WHERE " + fold.TextEquals("member", "@n"), ("@n", user.Name));
            Execute(connection, transaction, "DELETE FROM permission_grant WHERE principal_kind = 'User' AND " + fold.TextEquals("principal", "@n"), ("@n", user.Name));
            Execute(connection, transaction, "DELETE FROM storage_target_access WHERE principal_kind = 'User' AND " + fold.TextEquals("principal", "@n"), ("@n", user.Name));
            _catalog.Audit(connection, _caller, "RemoveExportUser", user.Name, $"by {admin.Name}", transaction);
            transaction.Commit();
            return 0;
        });
    }

    // ---- groups --------------------------------------------------------------------------

    public IReadOnlyList<ExportGroup> Groups(string? name = null) => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        var groups = new List<ExportGroup>();
        foreach (var group in GroupNames(connection).Where(n => (name is null || TextMatch.Like(n, name)) && SeesGroup(n)))
        {
            var where = " WHERE " + _catalog.Dialect.TextEquals("group_name", "@n");
            groups.Add(new ExportGroup
            {
                Name = group,
                Member = [.. Strings(connection, "SELECT member FROM group_member" + where + " AND supervisor = 0 ORDER BY member", group)],
                Supervisor = [.. Strings(connection, "SELECT member FROM group_member" + where + " AND supervisor = 1 ORDER BY member", group)],
                Permission = [.. Strings(connection, "SELECT permission FROM permission_grant WHERE principal_kind = 'Group' AND " + _catalog.Dialect.TextEquals("principal", "@n") + " ORDER BY permission", group)
                    .Select(Enum.Parse<ExportPermission>).Order()],
            });
        }
        return groups;
    });

    private static List<string> GroupNames(DbConnection connection) =>
        Strings(connection, "SELECT name FROM principal_group ORDER BY name");

    /// <summary>Makes users members (or supervisors) of a group, creating the group on first use.</summary>
    public ExportGroup AddMembers(string group, IReadOnlyList<string> users, bool supervisor)
    {
        DemandAdministrator("AddExportGroupMember", group);
        ValidateName(group, "group");
        var known = Users();
        foreach (var user in users)
            if (!known.Any(u => Same(u.Name, user))) throw UserNotFound(user);
        _catalog.WriteUnit($"AddExportGroupMember '{group}'", () =>
        {
            using var connection = _catalog.OpenConnection();
            using var transaction = _catalog.BeginWrite(connection);
            var stored = EnsureGroup(connection, transaction, group);
            foreach (var user in users.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var canonical = known.First(u => Same(u.Name, user)).Name;
                Execute(connection, transaction, "DELETE FROM group_member WHERE " + _catalog.Dialect.TextEquals("group_name", "@g") + " AND " + _catalog.Dialect.TextEquals("member", "@m"),
                    ("@g", stored), ("@m", canonical));
                Execute(connection, transaction, "INSERT INTO group_member (group_name, member, supervisor) VALUES (@g, @m, @s)", ("@g", stored), ("@m", canonical), ("@s", supervisor ? 1 : 0));
            }
            _catalog.Audit(connection, _caller, "AddExportGroupMember", stored, $"{(supervisor ? "supervisors" : "members")}: {string.Join(", ", users)}", transaction);
            transaction.Commit();
            return 0;
        });
        return Groups().First(g => Same(g.Name, group));
    }

    public void RemoveMembers(string group, IReadOnlyList<string> users)
    {
        DemandAdministrator("RemoveExportGroupMember", group);
        var existing = Groups().FirstOrDefault(g => Same(g.Name, group)) ?? throw GroupNotFound(group);
        _catalog.WriteUnit($"RemoveExportGroupMember '{existing.Name}'", () =>
        {
            using var connection = _catalog.OpenConnection();
            using var transaction = _catalog.BeginWrite(connection);
            foreach (var user in users)
                Execute(connection, transaction, "DELETE FROM group_member WHERE " + _catalog.Dialect.TextEquals("group_name", "@g") + " AND " + _catalog.Dialect.TextEquals("member", "@m"),
                    ("@g", existing.Name), ("@m", user));
            _catalog.Audit(connection, _caller, "RemoveExportGroupMember", existing.Name, string.Join(", ", users), transaction);
            transaction.Commit();
            return 0;
        });
    }

    public void RemoveGroup(string group)
    {
        DemandAdministrator("RemoveExportGroup", group);
        var existing = Groups().FirstOrDefault(g => Same(g.Name, group)) ?? throw GroupNotFound(group);
        _catalog.WriteUnit($"RemoveExportGroup '{existing.Name}'", () =>
        {
            using var connection = _catalog.OpenConnection();
            using var transaction = _catalog.BeginWrite(connection);
            var fold = _catalog.Dialect;
            Execute(connection, transaction, "DELETE FROM group_member WHERE " + fold.TextEquals("group_name", "@g"), ("@g", existing.Name));
            Execute(connection, transaction, "DELETE FROM permission_grant WHERE principal_kind = 'Group' AND " + fold.TextEquals("principal", "@g"), ("@g", existing.Name));
            Execute(connection, transaction, "DELETE FROM storage_target_access WHERE principal_kind = 'Group' AND " + fold.TextEquals("principal", "@g"), ("@g", existing.Name));
            Execute(connection, transaction, "DELETE FROM principal_group WHERE " + fold.TextEquals("name", "@g"), ("@g", existing.Name));
            _catalog.Audit(connection, _caller, "RemoveExportGroup", existing.Name, null, transaction);
            transaction.Commit();
            return 0;
        });
    }

    private string EnsureGroup(DbConnection connection, DbTransaction transaction, string group)
    {
        var stored = Strings(connection, "SELECT name FROM principal_group WHERE " + _catalog.Dialect.TextEquals("name", "@n"), group, transaction);
        if (stored.Count > 0) return stored[0];
        Execute(connection, transaction, "INSERT INTO principal_group (name, created_utc) VALUES (@n, @t)", ("@n", group), ("@t", DateTime.UtcNow.ToUnixMilliseconds()));
        return group;
    }

    // ---- grants --------------------------------------------------------------------------

    public IReadOnlyList<ExportPermissionGrant> Grants(string? principal = null, PrincipalKind? kind = null) => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        using var command = Command(connection, null, "SELECT principal, principal_kind, permission, granted_utc, granted_by FROM permission_grant ORDER BY principal_kind, principal, permission");
        using var reader = command.ExecuteReader();
        var grants = new List<ExportPermissionGrant>();
        while (reader.Read())
        {
            var grant = new ExportPermissionGrant
            {
                Principal = reader.GetString(0),
                PrincipalKind = Enum.Parse<PrincipalKind>(reader.GetString(1)),
                Permission = Enum.Parse<ExportPermission>(reader.GetString(2)),
                GrantedUtc = FromUnixMilliseconds(reader.GetLong(3)),
                GrantedBy = reader.GetString(4),
            };
            if ((principal is null || TextMatch.Like(grant.Principal, principal)) && (kind is null || grant.PrincipalKind == kind)
                && (grant.PrincipalKind == PrincipalKind.User ? SeesUser(grant.Principal) : SeesGroup(grant.Principal))) grants.Add(grant);
        }
        return grants;
    });

    /// <summary>Grants permissions to a user or group; granting one already held changes nothing.</summary>
    public IReadOnlyList<ExportPermissionGrant> Grant(string principal, PrincipalKind kind, IReadOnlyList<ExportPermission> permissions)
    {
        DemandAdministrator("GrantExportPermission", principal);
        var canonical = Canonical(principal, kind, createGroup: true);
        var isAdministrator = kind == PrincipalKind.User && Users().First(u => Same(u.Name, canonical)).IsAdministrator;
        foreach (var permission in permissions) CheckApplicable(canonical, kind, isAdministrator, permission);
        _catalog.WriteUnit($"GrantExportPermission '{canonical}'", () =>
        {
            using var connection = _catalog.OpenConnection();
            using var transaction = _catalog.BeginWrite(connection);
            if (kind == PrincipalKind.Group) EnsureGroup(connection, transaction, canonical);
            foreach (var permission in permissions.Distinct()) InsertGrant(connection, transaction, canonical, kind, permission);
            _catalog.Audit(connection, _caller, "GrantExportPermission", $"{kind} {canonical}", string.Join(", ", permissions), transaction);
            transaction.Commit();
            return 0;
        });
        return Grants().Where(g => g.PrincipalKind == kind && Same(g.Principal, canonical) && permissions.Contains(g.Permission)).ToList();
    }

    public void Revoke(string principal, PrincipalKind kind, IReadOnlyList<ExportPermission> permissions)
    {
        DemandAdministrator("RevokeExportPermission", principal);
        var canonical = Canonical(principal, kind, createGroup: false);
        _catalog.WriteUnit($"RevokeExportPermission '{canonical}'", () =>
        {
            using var connection = _catalog.OpenConnection();
            using var transaction = _catalog.BeginWrite(connection);
            foreach (var permission in permissions.Distinct())
                Execute(connection, transaction, "DELETE FROM permission_grant WHERE principal_kind = @k AND permission = @p AND " + _catalog.Dialect.TextEquals("principal", "@n"),
                    ("@k", kind.ToString()), ("@p", permission.ToString()), ("@n", canonical));
            _catalog.Audit(connection, _caller, "RevokeExportPermission", $"{kind} {canonical}", string.Join(", ", permissions), transaction);
            transaction.Commit();
            return 0;
        });
    }

    private string Canonical(string principal, PrincipalKind kind, bool createGroup)
    {
        if (kind == PrincipalKind.User)
            return Users().FirstOrDefault(u => Same(u.Name, principal))?.Name ?? throw UserNotFound(principal);
        if (Groups().FirstOrDefault(g => Same(g.Name, principal)) is { } group) return group.Name;
        if (!createGroup) throw GroupNotFound(principal);
        ValidateName(principal, "group");
        return principal;
    }

    private void CheckApplicable(string principal, PrincipalKind kind, bool isAdministrator, ExportPermission permission)
    {
        if (!AdministratorOnly.Contains(permission) || (kind == PrincipalKind.User && isAdministrator)) return;
        throw new ConversationExportException(ErrorId.PermissionNotApplicable, ErrorKind.InvalidArgument,
            $"{permission} is an administrator permission and {kind.ToString().ToLowerInvariant()} '{principal}' is not an administrator. User and group permissions are DownloadConversation, ConversationExport, RecurringConversationExport and ConversationListExport.", permission);
    }

    private void InsertGrant(DbConnection connection, DbTransaction transaction, string principal, PrincipalKind kind, ExportPermission permission)
    {
        using (var exists = Command(connection, transaction, "SELECT COUNT(*) FROM permission_grant WHERE principal_kind = @k AND permission = @p AND " + _catalog.Dialect.TextEquals("principal", "@n")))
        {
            exists.AddParameter("@n", principal);
            exists.AddParameter("@k", kind.ToString());
            exists.AddParameter("@p", permission.ToString());
            if (Convert.ToInt64(exists.ExecuteScalar()) > 0) return; // granting what is held changes nothing (and keeps who granted it first)
        }
        Execute(connection, transaction, "INSERT INTO permission_grant (principal, principal_kind, permission, granted_utc, granted_by) VALUES (@n, @k, @p, @t, @b)",
            ("@n", principal), ("@k", kind.ToString()), ("@p", permission.ToString()), ("@t", DateTime.UtcNow.ToUnixMilliseconds()), ("@b", _caller.Name));
    }

    /// <summary>The first administrator of a new catalog holds every permission (SPEC §12), inside the initializing transaction.</summary>
    internal void GrantEverything(DbConnection connection, DbTransaction transaction, string administrator)
    {
        foreach (var permission in Enum.GetValues<ExportPermission>()) InsertGrant(connection, transaction, administrator, PrincipalKind.User, permission);
    }

    // ---- storage target restrictions ------------------------------------------------------

    public IReadOnlyList<(PrincipalKind Kind, string Name)> TargetAccess(long targetId) => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        using var command = Command(connection, null, "SELECT principal_kind, principal FROM storage_target_access WHERE target_id = @id ORDER BY principal_kind, principal");
        command.AddParameter("@id", targetId);
        using var reader = command.ExecuteReader();
        var list = new List<(PrincipalKind, string)>();
        while (reader.Read()) list.Add((Enum.Parse<PrincipalKind>(reader.GetString(0)), reader.GetString(1)));
        return (IReadOnlyList<(PrincipalKind, string)>)list;
    });

    /// <summary>Replaces a target's restriction (inside the caller's transaction); empty lists make it open to every user with permission to export.</summary>
    internal void SetTargetAccess(DbConnection connection, DbTransaction transaction, long targetId, IReadOnlyList<string> users, IReadOnlyList<string> groups)
    {
        Execute(connection, transaction, "DELETE FROM storage_target_access WHERE target_id = @id", ("@id", targetId));
        foreach (var (kind, name) in users.Select(u => (PrincipalKind.User, u)).Concat(groups.Select(g => (PrincipalKind.Group, g)))
                     .DistinctBy(p => (p.Item1, p.Item2.ToUpperInvariant())))
            Execute(connection, transaction, "INSERT INTO storage_target_access (target_id, principal, principal_kind) VALUES (@id, @n, @k)",
                ("@id", targetId), ("@n", name), ("@k", kind.ToString()));
    }

    // ---- reading -------------------------------------------------------------------------

    /// <summary>
    /// The catalog user the caller acts as. A server catalog may map the database login to a user
    /// (catalog_login): the login is authenticated by the server, the OS user name only by the client,
    /// so a mapped login wins. Otherwise, and always for a file catalog, it is the OS user.
    /// </summary>
    private string EffectiveName(DbConnection connection)
    {
        if (_catalog.Dialect.CurrentLoginSql is not { } sql) return _caller.Name;
        using var command = Command(connection, null, sql);
        if (command.ExecuteScalar() is not string login) return _caller.Name;
        var mapped = Strings(connection, "SELECT principal FROM catalog_login WHERE login = @n", login);
        return mapped.Count > 0 ? mapped[0] : _caller.Name;
    }

    private PrincipalAccess Read(DbConnection connection, string name)
    {
        var dialect = _catalog.Dialect;
        var rows = Strings(connection, "SELECT name FROM principal WHERE " + dialect.TextEquals("name", "@n"), name);
        if (rows.Count == 0) return new PrincipalAccess(name, false, false, new HashSet<ExportPermission>(), [], [], []);
        var canonical = rows[0];
        var isAdministrator = Long(connection, "SELECT is_administrator FROM principal WHERE " + dialect.TextEquals("name", "@n"), canonical) != 0;
        var recordingUsers = Strings(connection, "SELECT recording_user FROM principal_recording_user WHERE " + dialect.TextEquals("principal", "@n"), canonical);
        if (recordingUsers.Count == 0) recordingUsers.Add(canonical); // the default: the recording system knows the user by the same name
        var groups = new List<string>();
        var supervised = new List<string>();
        using (var command = Command(connection, null, "SELECT group_name, supervisor FROM group_member WHERE " + dialect.TextEquals("member", "@n") + " ORDER BY group_name"))
        {
            command.AddParameter("@n", canonical);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                groups.Add(reader.GetString(0));
                if (reader.GetLong(1) != 0) supervised.Add(reader.GetString(0));
            }
        }
        var permissions = new HashSet<ExportPermission>();
        using (var command = Command(connection, null, "SELECT principal_kind, principal, permission FROM permission_grant"))
        using (var reader = command.ExecuteReader())
            while (reader.Read())
            {
                var kind = reader.GetString(0);
                var holder = reader.GetString(1);
                var applies = kind == nameof(PrincipalKind.User) ? Same(holder, canonical) : groups.Any(g => Same(g, holder));
                if (!applies || !Enum.TryParse<ExportPermission>(reader.GetString(2), out var permission)) continue;
                // A user's administrator permissions lapse with the administrator role; a group never carries them.
                if (AdministratorOnly.Contains(permission) && (!isAdministrator || kind != nameof(PrincipalKind.User))) continue;
                permissions.Add(permission);
            }
        return new PrincipalAccess(canonical, true, isAdministrator, permissions, recordingUsers, groups, supervised);
    }

    private static List<string> Strings(DbConnection connection, string sql, string? parameter = null, DbTransaction? transaction = null)
    {
        using var command = Command(connection, transaction, sql);
        if (parameter is not null) command.AddParameter("@n", parameter);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }

    private static long Long(DbConnection connection, string sql, string parameter, DbTransaction? transaction = null)
    {
        using var command = Command(connection, transaction, sql);
        command.AddParameter("@n", parameter);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private static void Execute(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql);
        foreach (var (name, value) in parameters) command.AddParameter(name, value);
        command.ExecuteNonQuery();
    }

    private static void ValidateName(string name, string what)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 256 || name.Any(char.IsControl) || name.IndexOfAny(['*', '?']) >= 0)
            throw new ConversationExportException(ErrorId.ExportPrincipalNameInvalid, ErrorKind.InvalidArgument,
                $"'{name}' is not a valid {what} name: give 1 to 256 characters without control characters or wildcards (* ?).", name);
    }

    private static ConversationExportException UserNotFound(string name) => new(ErrorId.ExportUserNotFound, ErrorKind.NotFound,
        $"The catalog has no user named '{name}'. Get-ExportUser lists them; New-ExportUser adds one.", name);

    private static ConversationExportException GroupNotFound(string name) => new(ErrorId.ExportGroupNotFound, ErrorKind.NotFound,
        $"The catalog has no group named '{name}'. Get-ExportGroup lists them; Add-ExportGroupMember creates one.", name);
}
