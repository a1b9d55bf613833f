namespace ConversationExport.Engine.Targets;

/// <summary>
/// What New-/Set-StorageTarget asked for: null members are left as they are (Set) or unset (New).
/// Secrets arrive in plain text for the moment it takes to protect them, and are never stored so.
/// </summary>
public sealed record TargetChange
{
    public string? Path { get; init; }
    public string? Description { get; init; }
    public string? Host { get; init; }
    public int? Port { get; init; }
    public string? UserName { get; init; }
    public string? Password { get; init; }
    public string? PrivateKey { get; init; }
    public string? Passphrase { get; init; }
    public string? HostKeyFingerprint { get; init; }
    /// <summary>Without a fingerprint: read the server's key now and pin it (trust on first use, asked for explicitly).</summary>
    public bool AcceptHostKey { get; init; }
    public string? RemoteFolder { get; init; }
    public string? ConnectionString { get; init; }
    public string? ContainerUri { get; init; }
    public string? Sas { get; init; }
    public string? Container { get; init; }
    public string? Prefix { get; init; }
    public string? Endpoint { get; init; }
    public string? Region { get; init; }
    public string? Bucket { get; init; }
    public string? AccessKeyId { get; init; }
    public string? SecretAccessKey { get; init; }
    public int? ObjectLockDays { get; init; }
    public string? ObjectLockMode { get; init; }
    /// <summary>Restricts the target to these users and groups (seed §1); null leaves the restriction as it is, empty lists lift it.</summary>
    public IReadOnlyList<string>? AllowUser { get; init; }
    public IReadOnlyList<string>? AllowGroup { get; init; }
    public SecretScope Scope { get; init; } = SecretScope.User;
}
