using ConversationExport.Engine.Security;
using ConversationExport.Engine.Targets;
using static ConversationExport.Engine.Catalog.DbExtensions;

namespace ConversationExport.Engine.Catalog;

/// <summary>
/// Storage targets as the catalog keeps them (SPEC §8): name, type and a JSON <see cref="TargetSettings"/>
/// whose secrets are protected. Every change is audited, never with a secret in it.
/// </summary>
public sealed class StorageTargetCatalog
{
    private readonly ConversationCatalog _catalog;
    private readonly CallerIdentity _caller;

    public StorageTargetCatalog(ConversationCatalog catalog, CallerIdentity caller)
    {
        _catalog = catalog;
        _caller = caller;
    }

    public StorageTarget Add(string name, StorageTargetType type, TargetChange change)
    {
        new AccessCatalog(_catalog, _caller).Demand(ExportPermission.ManageTargets, "NewStorageTarget", name);
        ValidateName(name);
        if (Find(name) is not null)
            throw new ConversationExportException(ErrorId.StorageTargetExists, ErrorKind.InvalidArgument, $"A storage target named '{name}' already exists.", name);
        var settings = Validate(name, type, Apply(new TargetSettings(), type, change), change);
        _catalog.AuditedWrite(_caller, "NewStorageTarget", name, Describe(type, settings) + Restriction(change), (connection, transaction) =>
        {
            using var command = Command(connection, transaction, "INSERT INTO storage_target (name, type, settings, created_utc, created_by) VALUES (@n, @t, @s, @c, @b)");
            command.AddParameter("@n", name);
            command.AddParameter("@t", type.ToString());
            command.AddParameter("@s", settings.ToJson());
            command.AddParameter("@c", DateTime.UtcNow.ToUnixMilliseconds());
            command.AddParameter("@b", _caller.Name);
            command.ExecuteNonQuery();
            if (change.AllowUser is not null || change.AllowGroup is not null)
            {
                using var id = Command(connection, transaction, "SELECT id FROM storage_target WHERE name = @n");
                id.AddParameter("@n", name);
                new AccessCatalog(_catalog, _caller).SetTargetAccess(connection, transaction, Convert.ToInt64(id.ExecuteScalar()), change.AllowUser ?? [], change.AllowGroup ?? []);
            }
            return 0;
        });
        return Get(name);
    }

    public StorageTarget Update(string name, TargetChange change, string? newName = null)
    {
        new AccessCatalog(_catalog, _caller).Demand(ExportPermission.ManageTargets, "SetStorageTarget", name);
        var (existing, id) = Definition(name);
        if (newName is not null && !string.Equals(newName, existing.Name, StringComparison.OrdinalIgnoreCase))
        {
            ValidateName(newName);
            if (Find(newName) is not null)
                throw new ConversationExportException(ErrorId.StorageTargetExists, ErrorKind.InvalidArgument, $"A storage target named '{newName}' already exists.", newName);
        }
        var settings = Validate(newName ?? name, existing.Type, Apply(existing.Settings, existing.Type, change), change);
        var detail = (newName is null ? "" : $"renamed to {newName}; ") + Describe(existing.Type, settings) + Restriction(change);
        _catalog.AuditedWrite(_caller, "SetStorageTarget", existing.Name, detail, (connection, transaction) =>
        {
            using var command = Command(connection, transaction, "UPDATE storage_target SET name = @n, settings = @s WHERE id = @id");
            command.AddParameter("@n", newName ?? existing.Name);
            command.AddParameter("@s", settings.ToJson());
            command.AddParameter("@id", id);
            command.ExecuteNonQuery();
            if (change.AllowUser is not null || change.AllowGroup is not null)
            {
                var current = new AccessCatalog(_catalog, _caller).TargetAccess(id);
                new AccessCatalog(_catalog, _caller).SetTargetAccess(connection, transaction, id,
                    change.AllowUser ?? current.Where(a => a.Kind == PrincipalKind.User).Select(a => a.Name).ToList(),
                    change.AllowGroup ?? current.Where(a => a.Kind == PrincipalKind.Group).Select(a => a.Name).ToList());
            }
            return 0;
        });
        return Get(newName ?? existing.Name);
    }

    public IReadOnlyList<StorageTarget> Targets()
    {
        var access = new AccessCatalog(_catalog, _caller);
        return Rows().Select(r =>
        {
            var target = ToModel(r.Id, r.Definition, r.Created, r.CreatedBy);
            var allowed = access.TargetAccess(r.Id);
            target.AllowedUser = [.. allowed.Where(a => a.Kind == PrincipalKind.User).Select(a => a.Name)];
            target.AllowedGroup = [.. allowed.Where(a => a.Kind == PrincipalKind.Group).Select(a => a.Name)];
            return target;
        }).ToList();
    }

    private static string Restriction(TargetChange change) => change.AllowUser is null && change.AllowGroup is null ? ""
        : $"; allowed users: {string.Join(",", change.AllowUser ?? [])}; allowed groups: {string.Join(",", change.AllowGroup ?? [])}";

    public StorageTarget? Find(string name) => Targets().FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public StorageTarget Get(string name) => Find(name) ?? throw NotFound(name);

    /// <summary>The stored definition (secrets still protected) and the row id.</summary>
    public (TargetDefinition Definition, long Id) Definition(string name)
    {
        var row = Rows().FirstOrDefault(r => string.Equals(r.Definition.Name, name, StringComparison.OrdinalIgnoreCase));
        return row.Definition is null ? throw NotFound(name) : (row.Definition, row.Id);
    }

    public IStorageTarget Open(string name, int retries = 3) => StorageTargets.Open(Definition(name).Definition, retries);

    public StorageTargetTest Test(string name)
    {
        new AccessCatalog(_catalog, _caller).Demand(ExportPermission.ManageTargets, "TestStorageTarget", name);
        var result = StorageTargets.Test(Definition(name).Definition);
        _catalog.Guard(() =>
        {
            using var connection = _catalog.OpenConnection();
            _catalog.Audit(connection, _caller, "TestStorageTarget", name, result.Succeeded ? $"ok in {result.Latency.TotalMilliseconds:0} ms" : $"failed: {result.ErrorId}",
                outcome: result.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed);
            return 0;
        });
        return result;
    }

    private ConversationExportException NotFound(string name) => new(ErrorId.StorageTargetNotFound, ErrorKind.NotFound,
        $"No storage target named '{name}'. Existing targets: {(Rows().Count == 0 ? "(none)" : string.Join(", ", Rows().Select(r => r.Definition.Name)))}. Create one with New-StorageTarget.", name);

    private List<(long Id, TargetDefinition Definition, long Created, string CreatedBy)> Rows() => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        using var command = Command(connection, null, "SELECT id, name, type, settings, created_utc, created_by FROM storage_target ORDER BY name");
        using var reader = command.ExecuteReader();
        var rows = new List<(long, TargetDefinition, long, string)>();
        while (reader.Read())
            rows.Add((reader.GetLong(0), new TargetDefinition(reader.GetString(1), Enum.Parse<StorageTargetType>(reader.GetString(2)), TargetSettings.FromJson(reader.GetString(3))),
                reader.GetLong(4), reader.GetString(5)));
        return rows;
    });

    private static StorageTarget ToModel(long id, TargetDefinition d, long created, string createdBy)
    {
        var s = d.Settings;
        return new StorageTarget
        {
            Id = id,
            Name = d.Name,
            Type = d.Type,
            Path = s.Path,
            Description = s.Description,
            Location = Location(d),
            Host = s.Host,
            Port = s.Port,
            UserName = s.UserName,
            HostKeyFingerprint = s.HostKeyFingerprint,
            RemoteFolder = s.RemoteFolder,
            Container = s.Container,
            Prefix = s.Prefix,
            Endpoint = s.Endpoint,
            Region = s.Region,
            Bucket = s.Bucket,
            ObjectLockDays = s.ObjectLockDays,
            ObjectLockMode = s.ObjectLockMode,
            HasCredential = s.ProtectedPassword is not null || s.ProtectedPrivateKey is not null || s.ProtectedConnectionString is not null
                || s.ProtectedSas is not null || s.ProtectedSecretAccessKey is not null,
            CreatedUtc = DbExtensions.FromUnixMilliseconds(created),
            CreatedBy = createdBy,
        };
    }

    private static string Location(TargetDefinition d) => d.Type switch
    {
        StorageTargetType.FileSystem => d.Settings.Path ?? "",
        StorageTargetType.Sftp => $"sftp://{d.Settings.UserName}@{d.Settings.Host}:{d.Settings.Port ?? 22}/{(d.Settings.RemoteFolder ?? "").Trim('/')}",
        StorageTargetType.AzureBlob => $"{d.Settings.ContainerUri ?? "azure-blob:" + d.Settings.Container}{(string.IsNullOrEmpty(d.Settings.Prefix) ? "" : "/" + d.Settings.Prefix.Trim('/'))}",
        StorageTargetType.S3 => S3Target.Describe(d.Settings.Endpoint, d.Settings.Bucket ?? "", d.Settings.Prefix),
        _ => "",
    };

    private static TargetSettings Apply(TargetSettings s, StorageTargetType type, TargetChange c)
    {
        string? Protect(string? secret, string? stored) => secret is null ? stored : secret.Length == 0 ? null : SecretProtector.Protect(secret, c.Scope);
        s = s with { Description = c.Description ?? s.Description };
        return type switch
        {
            StorageTargetType.FileSystem => s with { Path = c.Path ?? s.Path },
            StorageTargetType.Sftp => s with
            {
                Host = c.Host ?? s.Host, Port = c.Port ?? s.Port, UserName = c.UserName ?? s.UserName,
                ProtectedPassword = Protect(c.Password, s.ProtectedPassword), ProtectedPrivateKey = Protect(c.PrivateKey, s.ProtectedPrivateKey),
                ProtectedPassphrase = Protect(c.Passphrase, s.ProtectedPassphrase),
                HostKeyFingerprint = c.HostKeyFingerprint is { } fingerprint ? SftpTarget.Normalize(fingerprint) : s.HostKeyFingerprint,
                RemoteFolder = c.RemoteFolder ?? s.RemoteFolder,
            },
            StorageTargetType.AzureBlob => s with
            {
                ProtectedConnectionString = Protect(c.ConnectionString, s.ProtectedConnectionString), ContainerUri = c.ContainerUri ?? s.ContainerUri,
                ProtectedSas = Protect(c.Sas?.TrimStart('?'), s.ProtectedSas), Container = c.Container ?? s.Container, Prefix = c.Prefix ?? s.Prefix,
            },
            StorageTargetType.S3 => s with
            {
                Endpoint = c.Endpoint ?? s.Endpoint, Region = c.Region ?? s.Region, Bucket = c.Bucket ?? s.Bucket, Prefix = c.Prefix ?? s.Prefix,
                ProtectedAccessKeyId = Protect(c.AccessKeyId, s.ProtectedAccessKeyId), ProtectedSecretAccessKey = Protect(c.SecretAccessKey, s.ProtectedSecretAccessKey),
                ObjectLockDays = c.ObjectLockDays is 0 ? null : c.ObjectLockDays ?? s.ObjectLockDays, ObjectLockMode = c.ObjectLockMode ?? s.ObjectLockMode,
            },
            _ => s,
        };
    }

    private static TargetSettings Validate(string name, StorageTargetType type, TargetSettings s, TargetChange change)
    {
        void Require(bool ok, string message, object? value)
        {
            if (!ok) throw new ConversationExportException(ErrorId.ExportSettingInvalid, ErrorKind.InvalidArgument, $"Storage target '{name}': {message}", value);
        }
        switch (type)
        {
            case StorageTargetType.FileSystem:
                Require(!string.IsNullOrWhiteSpace(s.Path) && Path.IsPathFullyQualified(s.Path), $"A FileSystem storage target needs -Path: a full local path or UNC share (given: '{s.Path}').", s.Path);
                break;
            case StorageTargetType.Sftp:
                Require(!string.IsNullOrWhiteSpace(s.Host), "An Sftp storage target needs -Host: the server's name or address.", s.Host);
                Require(s.Port is null or > 0 and < 65536, $"-Port {s.Port} is not a TCP port; give 1 to 65535 (default 22).", s.Port);
                Require(!string.IsNullOrWhiteSpace(s.UserName), "An Sftp storage target needs an account: -Credential (user name and password) or -UserName with -PrivateKeyPath.", s.UserName);
                Require(s.ProtectedPassword is not null || s.ProtectedPrivateKey is not null, "An Sftp storage target needs -Credential (a password) or -PrivateKeyPath (a private key file).", null);
                if (s.HostKeyFingerprint is null)
                {
                    if (!change.AcceptHostKey)
                        throw new ConversationExportException(ErrorId.SftpHostKeyUnknown, ErrorKind.InvalidArgument,
                            $"The host key of {s.Host}:{s.Port ?? 22} is not pinned: give -HostKeyFingerprint 'SHA256:…' (ssh-keygen -lf on the server's public key prints it), or -AcceptHostKey to trust the key the server offers now.", s.Host);
                    s = s with { HostKeyFingerprint = SftpTarget.ReadFingerprint(s.Host!, s.Port ?? 22) };
                }
                break;
            case StorageTargetType.AzureBlob:
                Require(!string.IsNullOrWhiteSpace(s.Container) || s.ContainerUri is not null, "An AzureBlob storage target needs -Container (with -ConnectionString) or -ContainerUri with -Sas.", s.Container);
                Require((s.ProtectedConnectionString is null) != (s.ProtectedSas is null), "An AzureBlob storage target needs exactly one of -ConnectionString or -Sas (with -ContainerUri).", null);
                // A SAS pasted into the URL would be stored, shown and audited in clear: it goes in -Sas, encrypted. The URL is not echoed.
                Require(s.ContainerUri is null || !s.ContainerUri.Contains('?'), "-ContainerUri has a query string (a SAS token?); give the container's URL without it, and the SAS token with -Sas, which is stored encrypted.", null);
                Require(s.ProtectedSas is null || Uri.TryCreate(s.ContainerUri, UriKind.Absolute, out _), $"-ContainerUri '{s.ContainerUri}' is not an absolute URL; give the container's URL without the SAS.", s.ContainerUri);
                if (s.Container is null && s.ContainerUri is not null) s = s with { Container = new Uri(s.ContainerUri).Segments[^1].Trim('/') };
                break;
            case StorageTargetType.S3:
                Require(!string.IsNullOrWhiteSpace(s.Bucket), "An S3 storage target needs -Bucket.", s.Bucket);
                Require(s.ProtectedAccessKeyId is not null && s.ProtectedSecretAccessKey is not null, "An S3 storage target needs -Credential: the access key id as user name and the secret access key as password.", null);
                Require(s.Endpoint is null || Uri.TryCreate(s.Endpoint, UriKind.Absolute, out _), $"-Endpoint '{s.Endpoint}' is not an absolute URL such as https://s3.example.net:9000.", s.Endpoint);
                Require(s.ObjectLockDays is null or > 0, $"-ObjectLockDays {s.ObjectLockDays} must be 1 or more.", s.ObjectLockDays);
                Require(s.ObjectLockMode is null or "Governance" or "Compliance", $"-ObjectLockMode '{s.ObjectLockMode}' is not valid; the accepted values are Governance and Compliance.", s.ObjectLockMode);
                break;
        }
        return s;
    }

    // The audit log says what the target is, never a secret.
    private static string Describe(StorageTargetType type, TargetSettings s) =>
        $"{type} {Location(new TargetDefinition("", type, s))}; credential={(s.ProtectedPassword ?? s.ProtectedPrivateKey ?? s.ProtectedConnectionString ?? s.ProtectedSas ?? s.ProtectedSecretAccessKey) switch { null => "none", _ => "set" }}";

    private static void ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || name.Any(char.IsControl))
            throw new ConversationExportException(ErrorId.ExportSettingInvalid, ErrorKind.InvalidArgument,
                $"'{name}' is not a valid storage target name: use 1 to 100 printable characters.", name);
    }
}
