using System.Management.Automation;
using System.Security;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Targets;

namespace ConversationExport.Commands.Targets;

/// <summary>The type-specific parameters New-StorageTarget and Set-StorageTarget share (SPEC §8).</summary>
public abstract class TargetParametersCmdlet : CatalogCmdlet
{
    /// <summary>FileSystem: a local folder or UNC share; relative paths are resolved against the PowerShell location.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Description { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Host", "ComputerName")]
    [ValidateNotNullOrEmpty]
    public string? HostName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    public int? Port { get; set; }

    /// <summary>Sftp: user name and password; S3: access key id and secret access key.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Sftp: account for key authentication when no -Credential is given.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? UserName { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PrivateKeyPath { get; set; }

    [Parameter]
    public SecureString? PrivateKeyPassphrase { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidatePattern(@"^(SHA256:)?[A-Za-z0-9+/]{43}=?$")]
    public string? HostKeyFingerprint { get; set; }

    [Parameter]
    public SwitchParameter AcceptHostKey { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? RemoteFolder { get; set; }

    [Parameter]
    public SecureString? ConnectionString { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ContainerUri { get; set; }

    [Parameter]
    public SecureString? Sas { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Container { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Prefix { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Endpoint { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Region { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Bucket { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, 36500)]
    public int? ObjectLockDays { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("Governance", "Compliance")]
    public string? ObjectLockMode { get; set; }

    /// <summary>Who can decrypt the stored credential: User (default) or Machine (any account of this computer, for service accounts).</summary>
    [Parameter]
    public SecretScope SecretScope { get; set; } = SecretScope.User;

    /// <summary>Restricts the target to these users (seed §1); an empty list lifts the user part of the restriction.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(PrincipalNameCompleter))]
    [AllowEmptyCollection]
    public string[]? AllowUser { get; set; }

    /// <summary>Restricts the target to these groups' members and supervisors.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(PrincipalNameCompleter))]
    [AllowEmptyCollection]
    public string[]? AllowGroup { get; set; }

    /// <summary>The change these parameters ask for; secrets are revealed only to be protected by the engine at once.</summary>
    protected TargetChange BuildChange(StorageTargetType type) => new()
    {
        Path = Path is null ? null : ResolvePath(Path),
        Description = Description,
        Host = HostName,
        Port = Port,
        UserName = type == StorageTargetType.S3 ? null : Credential?.UserName ?? UserName,
        Password = type == StorageTargetType.Sftp ? SecureStrings.Reveal(Credential?.Password) : null,
        PrivateKey = PrivateKeyPath is null ? null : File.ReadAllText(ResolvePath(PrivateKeyPath)),
        Passphrase = SecureStrings.Reveal(PrivateKeyPassphrase),
        HostKeyFingerprint = HostKeyFingerprint,
        AcceptHostKey = AcceptHostKey,
        RemoteFolder = RemoteFolder,
        ConnectionString = SecureStrings.Reveal(ConnectionString),
        ContainerUri = ContainerUri,
        Sas = SecureStrings.Reveal(Sas),
        Container = Container,
        Prefix = Prefix,
        Endpoint = Endpoint,
        Region = Region,
        Bucket = Bucket,
        AccessKeyId = type == StorageTargetType.S3 ? Credential?.UserName : null,
        SecretAccessKey = type == StorageTargetType.S3 ? SecureStrings.Reveal(Credential?.Password) : null,
        ObjectLockDays = ObjectLockDays,
        ObjectLockMode = ObjectLockMode,
        Scope = SecretScope,
        AllowUser = AllowUser,
        AllowGroup = AllowGroup,
    };
}
