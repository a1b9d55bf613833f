using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConversationExport.Engine.Targets;

/// <summary>
/// What the catalog keeps of a storage target besides its name and type (SPEC §8), as JSON. Every
/// secret is held only as <see cref="Security.SecretProtector"/> ciphertext (the Protected* members)
/// and is never written anywhere else.
/// </summary>
public sealed record TargetSettings
{
    public string? Path { get; init; }
    public string? Description { get; init; }

    // Sftp
    public string? Host { get; init; }
    public int? Port { get; init; }
    public string? UserName { get; init; }
    public string? ProtectedPassword { get; init; }
    public string? ProtectedPrivateKey { get; init; }
    public string? ProtectedPassphrase { get; init; }
    /// <summary>"SHA256:&lt;base64&gt;" as ssh-keygen -l prints it: the only host key the target accepts.</summary>
    public string? HostKeyFingerprint { get; init; }
    public string? RemoteFolder { get; init; }

    // AzureBlob
    public string? ProtectedConnectionString { get; init; }
    /// <summary>With a SAS: the container's URL without its query (the SAS is the secret).</summary>
    public string? ContainerUri { get; init; }
    public string? ProtectedSas { get; init; }
    public string? Container { get; init; }
    public string? Prefix { get; init; }

    // S3
    public string? Endpoint { get; init; }
    public string? Region { get; init; }
    public string? Bucket { get; init; }
    public string? ProtectedAccessKeyId { get; init; }
    public string? ProtectedSecretAccessKey { get; init; }
    /// <summary>S3 Object Lock: days every delivered object is retained, in <see cref="ObjectLockMode"/>; null: none.</summary>
    public int? ObjectLockDays { get; init; }
    /// <summary>Governance or Compliance.</summary>
    public string? ObjectLockMode { get; init; }

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static TargetSettings FromJson(string json) => JsonSerializer.Deserialize<TargetSettings>(json, Json) ?? new TargetSettings();
}

/// <summary>A stored storage target as the engine opens it.</summary>
public sealed record TargetDefinition(string Name, StorageTargetType Type, TargetSettings Settings);
