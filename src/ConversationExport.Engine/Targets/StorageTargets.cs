using System.Diagnostics;
using ConversationExport.Engine.Security;

namespace ConversationExport.Engine.Targets;

/// <summary>Opens the <see cref="IStorageTarget"/> a stored target describes; adding a type is adding a class and a case here.</summary>
public static class StorageTargets
{
    public static IStorageTarget Open(TargetDefinition target, int retries = 3)
    {
        var s = target.Settings;
        return target.Type switch
        {
            StorageTargetType.FileSystem => new FileSystemTarget(s.Path!),
            StorageTargetType.Sftp => new SftpTarget(target.Name, s.Host!, s.Port ?? 22, s.UserName!, Reveal(s.ProtectedPassword), Reveal(s.ProtectedPrivateKey),
                Reveal(s.ProtectedPassphrase), s.HostKeyFingerprint!, s.RemoteFolder, retries),
            StorageTargetType.AzureBlob => new AzureBlobTarget(target.Name, Reveal(s.ProtectedConnectionString), s.ContainerUri, Reveal(s.ProtectedSas), s.Container!, s.Prefix, retries),
            StorageTargetType.S3 => new S3Target(target.Name, s.Endpoint, s.Region, s.Bucket!, s.Prefix, Reveal(s.ProtectedAccessKeyId)!, Reveal(s.ProtectedSecretAccessKey)!,
                s.ObjectLockDays, s.ObjectLockMode, retries),
            _ => throw new ConversationExportException(ErrorId.ExportSettingInvalid, ErrorKind.InvalidArgument,
                $"Unknown storage target type {target.Type}; the accepted types are {string.Join(", ", Enum.GetNames<StorageTargetType>())}.", target.Type),
        };
    }

    /// <summary>Connects, writes and deletes a probe (one attempt, no retries): what Test-StorageTarget reports.</summary>
    public static StorageTargetTest Test(TargetDefinition target)
    {
        var result = new StorageTargetTest { Name = target.Name, Type = target.Type };
        var clock = Stopwatch.StartNew();
        try
        {
            using var opened = Open(target, retries: 1);
            result.Location = opened.Location;
            opened.Probe();
            result.Succeeded = true;
        }
        catch (ConversationExportException error)
        {
            result.Failure = error.Message;
            result.ErrorId = error.Id.ToString();
        }
        result.Latency = clock.Elapsed;
        return result;
    }

    private static string? Reveal(string? stored) => stored is null ? null : SecretProtector.Unprotect(stored);
}
