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

    /// <summary>
    /// The user key: created on first use, 0600 in a folder only its owner may write (0700 when this
    /// creates it). A key file others may read or write, or one in a folder others may write (where it
    /// could be swapped for a key of theirs), is refused before it is read — never used and never "fixed"
    /// silently, so the owner learns the key may have leaked.
    /// </summary>
    private static byte[] Key(bool create)
    {
        var path = KeyFilePath();
        var folder = Path.GetDirectoryName(path)!;
        if (!OperatingSystem.IsWindows()) RefuseLooseFolder(folder, path);
        if (File.Exists(path)) return ReadKey(path);
        if (!create) throw new FileNotFoundException("No secret key file.", path);
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            RefuseLooseFolder(folder, path);
        }
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
            return ReadKey(path); // another process created it first
        }
        return key;
    }

    private static byte[] ReadKey(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            const UnixFileMode loose = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            var mode = File.GetUnixFileMode(path);
            if ((mode & loose) != 0)
                throw new ConversationExportException(ErrorId.SecretKeyInsecure, ErrorKind.PermissionDenied,
                    $"The secret key file {path} is readable or writable by its group or others (mode {Octal(mode)}), so it was not used: anyone who could read it can decrypt the stored passwords and credentials. Make it private with: chmod 600 '{path}' — and, if others may have read it, store the secrets again (Set-ExportTask -ZipPassword, Set-StorageTarget -Credential, Set-ExportSetting -SmtpCredential) after deleting the file, which makes a new key.",
                    path);
        }
        return File.ReadAllBytes(path);
    }

    [UnsupportedOSPlatform("windows")]
    private static void RefuseLooseFolder(string folder, string path)
    {
        if (!Directory.Exists(folder)) return;
        var mode = File.GetUnixFileMode(folder);
        // Even with the sticky bit (/tmp), others may create the key file before its owner does.
        if ((mode & UnixFileMode.OtherWrite) != 0)
            throw new ConversationExportException(ErrorId.SecretKeyInsecure, ErrorKind.PermissionDenied,
                $"The folder {folder} of the secret key file {path} is writable by others (mode {Octal(mode)}), who could replace the key; it was not used. Make the folder private with: chmod 700 '{folder}'.",
                folder);
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0xFFF, 8).PadLeft(4, '0');

    [SupportedOSPlatform("windows")]
    private static byte[] ProtectWindows(byte[] plain, DataProtectionScope scope) => ProtectedData.Protect(plain, null, scope);

    [SupportedOSPlatform("windows")]
    private static byte[] UnprotectWindows(byte[] cipher, DataProtectionScope scope) => ProtectedData.Unprotect(cipher, null, scope);
}
