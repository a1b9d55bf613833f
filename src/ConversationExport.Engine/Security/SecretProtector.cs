using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;

namespace ConversationExport.Engine.Security;

/// <summary>
/// Encrypts secrets (ZIP passwords, credentials) at rest with a key kept outside the catalog
/// (design §12): DPAPI on Windows; elsewhere AES-GCM with a random key in a file only its owner (user
/// scope) or root and one group (machine scope) can read. A catalog copied to another machine cannot
/// reveal them. The stored text says its scope, so it is decrypted with the right key.
/// </summary>
public static class SecretProtector
{
    private const string Prefix = "ce1:";
    private const string MachineMark = "machine-";

    /// <summary>The machine key file; CONVERSATIONEXPORT_MACHINE_KEYFILE overrides it (tests).</summary>
    public static string MachineKeyFilePath()
    {
        var overridden = Environment.GetEnvironmentVariable("CONVERSATIONEXPORT_MACHINE_KEYFILE");
        return !string.IsNullOrWhiteSpace(overridden) ? Path.GetFullPath(overridden) : "/etc/conversationexport/machine.key";
    }

    /// <summary>The scope a stored secret was encrypted for.</summary>
    public static SecretScope ScopeOf(string stored) =>
        stored.StartsWith(Prefix + MachineMark, StringComparison.Ordinal) ? SecretScope.Machine : SecretScope.User;

    /// <summary>Encrypts for <paramref name="scope"/>. Machine scope on Unix needs the machine key file, which only root creates.</summary>
    public static string Protect(string secret, SecretScope scope)
    {
        if (scope == SecretScope.User) return Protect(secret);
        var plain = Encoding.UTF8.GetBytes(secret);
        try
        {
            if (OperatingSystem.IsWindows()) return Prefix + MachineMark + "dpapi:" + Convert.ToBase64String(ProtectWindows(plain, DataProtectionScope.LocalMachine));
            return Prefix + MachineMark + "gcm:" + Seal(plain, MachineKey(create: true));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>The key file; CONVERSATIONEXPORT_KEYFILE overrides it (tests, service accounts).</summary>
    public static string KeyFilePath()
    {
        var overridden = Environment.GetEnvironmentVariable("CONVERSATIONEXPORT_KEYFILE");
        if (!string.IsNullOrWhiteSpace(overridden)) return Path.GetFullPath(overridden);
        var config = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.Create);
        return Path.Combine(config, "ConversationExport", "secret.key");
    }

    public static string Protect(string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        try
        {
            if (OperatingSystem.IsWindows()) return Prefix + "dpapi:" + Convert.ToBase64String(ProtectWindows(plain, DataProtectionScope.CurrentUser));
            return Prefix + "gcm:" + Seal(plain, Key(create: true));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public static string Unprotect(string stored)
    {
        var scope = ScopeOf(stored);
        var body = scope == SecretScope.Machine ? stored[(Prefix.Length + MachineMark.Length)..] : stored[Math.Min(stored.Length, Prefix.Length)..];
        try
        {
            if (!stored.StartsWith(Prefix, StringComparison.Ordinal)) throw Unreadable(scope, null);
            if (body.StartsWith("dpapi:", StringComparison.Ordinal) && OperatingSystem.IsWindows())
                return Encoding.UTF8.GetString(UnprotectWindows(Convert.FromBase64String(body[6..]),
                    scope == SecretScope.Machine ? DataProtectionScope.LocalMachine : DataProtectionScope.CurrentUser));
            if (body.StartsWith("gcm:", StringComparison.Ordinal))
                return Open(Convert.FromBase64String(body[4..]), scope == SecretScope.Machine ? MachineKey(create: false) : Key(create: false));
        }
        catch (Exception error) when (error is CryptographicException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw Unreadable(scope, error);
        }
        throw Unreadable(scope, null);
    }

    /// <summary>Whether this process can decrypt <paramref name="stored"/> (a scheduled job's account is checked before registering).</summary>
    public static bool CanUnprotect(string stored)
    {
        try
        {
            Unprotect(stored);
            return true;
        }
        catch (ConversationExportException error) when (error.Id == ErrorId.SecretUnreadable)
        {
            return false;
        }
    }

    private static ConversationExportException Unreadable(SecretScope scope, Exception? inner) => new(ErrorId.SecretUnreadable, ErrorKind.PermissionDenied,
        scope == SecretScope.User
            ? $"A stored secret cannot be decrypted with this user's key ({(OperatingSystem.IsWindows() ? "DPAPI" : KeyFilePath())}): it is bound to the user and machine that stored it. Run as that user, or store it again for the machine so scheduled jobs of other accounts can read it (Set-ExportTask -ZipPassword … -SecretScope Machine)."
            : $"A secret stored for this machine cannot be decrypted by this account ({(OperatingSystem.IsWindows() ? "DPAPI LocalMachine" : $"the machine key file {MachineKeyFilePath()}")}{(inner is null ? "" : ": " + inner.Message)}). On Linux and macOS the account must be in the key file's group (ls -l {MachineKeyFilePath()}); otherwise store the secret again as this account.",
        null, inner);

    private static string Seal(byte[] plain, byte[] key)
    {
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(key, tag.Length))
            aes.Encrypt(nonce, plain, cipher, tag);
        return Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }

    private static string Open(byte[] data, byte[] key)
    {
        var nonceSize = AesGcm.NonceByteSizes.MaxSize;
        var tagSize = AesGcm.TagByteSizes.MaxSize;
        var plain = new byte[data.Length - nonceSize - tagSize];
        using var aes = new AesGcm(key, tagSize);
        aes.Decrypt(data.AsSpan(0, nonceSize), data.AsSpan(nonceSize + tagSize), data.AsSpan(nonceSize, tagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>
    /// The machine key: created by root, 0640 (root and the file's group read it); refused when others
    /// may read it, or anyone but its owner write it — a key like that is as good as published.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    private static byte[] MachineKey(bool create)
    {
        var path = MachineKeyFilePath();
        if (!File.Exists(path))
        {
            if (!create) throw new FileNotFoundException($"No machine key file at {path}.", path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead };
            try
            {
                using var stream = new FileStream(path, options);
                stream.Write(RandomNumberGenerator.GetBytes(32));
            }
            catch (UnauthorizedAccessException error)
            {
                throw new ConversationExportException(ErrorId.SecretUnreadable, ErrorKind.PermissionDenied,
                    $"The machine key file {path} does not exist and only root can create it: run this once as root (sudo), then give the service accounts' group read access (chgrp <group> {path}).", path, error);
            }
            catch (IOException) when (File.Exists(path))
            {
                // another process created it first
            }
        }
        var mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.GroupWrite)) != 0)
            throw new ConversationExportException(ErrorId.SecretUnreadable, ErrorKind.PermissionDenied,
                $"The machine key file {path} is readable or writable by others ({Convert.ToString((int)mode, 8)}); it was not used. Make it 0640, owned by root and one group: chmod 640 {path}.", path);
        return File.ReadAllBytes(path);
    }

    private static byte[] Key(bool create)
    {
        var path = KeyFilePath();
        if (File.Exists(path)) return File.ReadAllBytes(path);
        if (!create) throw new FileNotFoundException("No secret key file.", path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(32);
        // Create with 0600 from the start: a key briefly readable by others is a leaked key.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(key);
        }
        catch (IOException) when (File.Exists(path))
        {
            return File.ReadAllBytes(path); // another process created it first
        }
        return key;
    }

    [SupportedOSPlatform("windows")]
    private static byte[] ProtectWindows(byte[] plain, DataProtectionScope scope) => ProtectedData.Protect(plain, null, scope);

    [SupportedOSPlatform("windows")]
    private static byte[] UnprotectWindows(byte[] cipher, DataProtectionScope scope) => ProtectedData.Unprotect(cipher, null, scope);
}
