using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;

namespace ConversationExport.Engine.Security;

/// <summary>
/// Encrypts secrets (ZIP passwords, credentials) at rest with a key kept outside the catalog
/// (SPEC §12): DPAPI for the current user on Windows; elsewhere AES-GCM with a random key in a
/// file only the owner can read (0600). A catalog copied to another machine cannot reveal them.
/// </summary>
public static class SecretProtector
{
    private const string Prefix = "ce1:";

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
            if (OperatingSystem.IsWindows()) return Prefix + "dpapi:" + Convert.ToBase64String(ProtectWindows(plain));
            var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
            var cipher = new byte[plain.Length];
            var tag = new byte[AesGcm.TagByteSizes.MaxSize];
            using (var aes = new AesGcm(Key(create: true), tag.Length))
                aes.Encrypt(nonce, plain, cipher, tag);
            return Prefix + "gcm:" + Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public static string Unprotect(string stored)
    {
        try
        {
            if (stored.StartsWith(Prefix + "dpapi:", StringComparison.Ordinal) && OperatingSystem.IsWindows())
                return Encoding.UTF8.GetString(UnprotectWindows(Convert.FromBase64String(stored[(Prefix.Length + 6)..])));
            if (stored.StartsWith(Prefix + "gcm:", StringComparison.Ordinal))
            {
                var data = Convert.FromBase64String(stored[(Prefix.Length + 4)..]);
                var nonceSize = AesGcm.NonceByteSizes.MaxSize;
                var tagSize = AesGcm.TagByteSizes.MaxSize;
                var plain = new byte[data.Length - nonceSize - tagSize];
                using var aes = new AesGcm(Key(create: false), tagSize);
                aes.Decrypt(data.AsSpan(0, nonceSize), data.AsSpan(nonceSize + tagSize), data.AsSpan(nonceSize, tagSize), plain);
                return Encoding.UTF8.GetString(plain);
            }
        }
        catch (Exception error) when (error is CryptographicException or FormatException or IOException)
        {
            throw Unreadable(error);
        }
        throw Unreadable(null);
    }

    private static ConversationExportException Unreadable(Exception? inner) => new(ErrorId.SecretUnreadable, ErrorKind.PermissionDenied,
        $"A stored secret cannot be decrypted with this user's key ({(OperatingSystem.IsWindows() ? "DPAPI" : KeyFilePath())}). Secrets are bound to the user and machine that stored them; set the password again (Set-ExportTask -ZipPassword).",
        null, inner);

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
    private static byte[] ProtectWindows(byte[] plain) => ProtectedData.Protect(plain, null, DataProtectionScope.CurrentUser);

    [SupportedOSPlatform("windows")]
    private static byte[] UnprotectWindows(byte[] cipher) => ProtectedData.Unprotect(cipher, null, DataProtectionScope.CurrentUser);
}
