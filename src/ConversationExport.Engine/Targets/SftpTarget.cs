using System.Net.Sockets;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;

namespace ConversationExport.Engine.Targets;

/// <summary>
/// An SFTP server (SSH.NET). The server's host key must match the pinned SHA-256 fingerprint, or the
/// connection is refused before any credential is sent. Files are uploaded as "&lt;name&gt;.partial"
/// and renamed into place (posix-rename where a resumed run replaces its own loose file).
/// </summary>
public sealed class SftpTarget : RemoteTarget
{
    private readonly ConnectionInfo _connection;
    private readonly string _fingerprint;
    private readonly string _folder;
    private SftpClient? _client;
    private string? _refusedKey;

    public SftpTarget(string name, string host, int port, string userName, string? password, string? privateKey, string? passphrase,
        string fingerprint, string? remoteFolder, int retries)
        : base(name, $"sftp://{userName}@{host}:{port}/{(remoteFolder ?? "").Trim('/')}", retries)
    {
        var methods = new List<AuthenticationMethod>();
        if (privateKey is not null)
        {
            using var key = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(privateKey));
            methods.Add(new PrivateKeyAuthenticationMethod(userName, new PrivateKeyFile(key, passphrase)));
        }
        if (password is not null) methods.Add(new PasswordAuthenticationMethod(userName, password));
        _connection = new ConnectionInfo(host, port, userName, [.. methods]) { Timeout = TimeSpan.FromSeconds(15) };
        _fingerprint = Normalize(fingerprint);
        _folder = "/" + (remoteFolder ?? "").Trim('/');
    }

    /// <summary>"SHA256:abc…" or "abc…", padding dropped: the form ssh-keygen -l prints.</summary>
    public static string Normalize(string fingerprint)
    {
        var value = fingerprint.Trim();
        if (value.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase)) value = value[7..];
        return "SHA256:" + value.TrimEnd('=');
    }

    /// <summary>Connects once without trusting anything and returns the server's key fingerprint (for -AcceptHostKey).</summary>
    public static string ReadFingerprint(string host, int port)
    {
        string? seen = null;
        using var client = new SftpClient(new ConnectionInfo(host, port, "probe", new NoneAuthenticationMethod("probe")) { Timeout = TimeSpan.FromSeconds(15) });
        client.HostKeyReceived += (_, e) =>
        {
            seen = "SHA256:" + e.FingerPrintSHA256.TrimEnd('=');
            e.CanTrust = false;
        };
        try
        {
            client.Connect();
        }
        catch (Exception error) when (seen is not null && error is SshConnectionException or SshAuthenticationException) { }
        catch (Exception error) when (error is SocketException or SshException or IOException or TimeoutException)
        {
            throw new ConversationExportException(ErrorId.StorageTargetUnavailable, ErrorKind.ResourceUnavailable,
                $"Cannot reach the SFTP server {host}:{port} to read its host key: {TargetFaults.Describe(error)}", $"{host}:{port}", error);
        }
        return seen ?? throw new ConversationExportException(ErrorId.StorageTargetUnavailable, ErrorKind.ResourceUnavailable,
            $"The SFTP server {host}:{port} sent no host key.", $"{host}:{port}");
    }

    private SftpClient Client()
    {
        if (_client is { IsConnected: true }) return _client;
        _client?.Dispose();
        _refusedKey = null;
        var client = new SftpClient(_connection) { OperationTimeout = TimeSpan.FromSeconds(60) };
        client.HostKeyReceived += (_, e) =>
        {
            var offered = "SHA256:" + e.FingerPrintSHA256.TrimEnd('=');
            e.CanTrust = string.Equals(offered, _fingerprint, StringComparison.Ordinal);
            if (!e.CanTrust) _refusedKey = offered;
        };
        try
        {
            client.Connect();
        }
        catch (SshConnectionException error) when (_refusedKey is not null)
        {
            client.Dispose();
            throw new ConversationExportException(ErrorId.SftpHostKeyMismatch, ErrorKind.PermissionDenied,
                $"The SFTP server {_connection.Host}:{_connection.Port} offered the host key {_refusedKey}, not the pinned {_fingerprint}; the connection was refused before any credential was sent. If the server's key really changed, check it with its administrator and update the target with Set-StorageTarget -HostKeyFingerprint.",
                Location, error);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        _client = client;
        return client;
    }

    private string Remote(string name) => (_folder == "/" ? "" : _folder) + "/" + name;

    protected override void Upload(string stagedPath, string name, bool replace, CancellationToken cancellation)
    {
        var client = Client();
        var final = Remote(name);
        var temporary = PartNames.Temporary(final);
        EnsureFolders(client, final);
        using (var input = new FileStream(stagedPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            // SSH.NET keeps several write requests in flight (the protocol's own parallelism) and reads the file as it goes.
            client.UploadFile(TargetFaults.GateReads(input, name), temporary, canOverride: true);
        }
        if (replace) client.RenameFile(temporary, final, isPosix: true);
        else client.RenameFile(temporary, final);
    }

    private static void EnsureFolders(SftpClient client, string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "";
        for (var i = 0; i < parts.Length - 1; i++)
        {
            current += "/" + parts[i];
            if (!client.Exists(current)) client.CreateDirectory(current);
        }
    }

    public override void CreateFolder(string name) => Run($"Creating '{name}'", () => EnsureFolders(Client(), Remote(name) + "/x"));

    protected override bool Exists(string name) => Client().Exists(Remote(name));

    protected override long SizeOf(string name) => Client().GetAttributes(Remote(name)).Size;

    protected override IEnumerable<string> ListNames(string prefix)
    {
        var client = Client();
        var found = new List<string>();
        if (!client.Exists(_folder)) return found;
        foreach (var entry in client.ListDirectory(_folder))
        {
            if (entry.Name is "." or ".." || !entry.Name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            if (entry.IsDirectory) Walk(client, entry.FullName, entry.Name, found);
            else found.Add(entry.Name);
        }
        return found;
    }

    private static void Walk(SftpClient client, string path, string relative, List<string> found)
    {
        foreach (ISftpFile entry in client.ListDirectory(path))
        {
            if (entry.Name is "." or "..") continue;
            if (entry.IsDirectory) Walk(client, entry.FullName, relative + "/" + entry.Name, found);
            else found.Add(relative + "/" + entry.Name);
        }
    }

    protected override void Remove(string name)
    {
        var client = Client();
        var path = Remote(name);
        if (client.Exists(path)) client.DeleteFile(path);
    }

    protected override void Download(string name, Stream output) => Client().DownloadFile(Remote(name), output);

    protected override int AbortUploads(string baseName)
    {
        var client = Client();
        if (!client.Exists(_folder)) return 0;
        var removed = 0;
        var leftovers = new List<string>();
        foreach (var entry in client.ListDirectory(_folder))
        {
            if (!entry.Name.StartsWith(baseName, StringComparison.Ordinal) || entry.Name is "." or "..") continue;
            if (entry.IsDirectory)
            {
                var names = new List<string>();
                Walk(client, entry.FullName, entry.Name, names);
                leftovers.AddRange(names.Where(n => n.EndsWith(PartNames.TemporarySuffix, StringComparison.Ordinal)));
            }
            else if (entry.Name.EndsWith(PartNames.TemporarySuffix, StringComparison.Ordinal)) leftovers.Add(entry.Name);
        }
        foreach (var name in leftovers)
        {
            client.DeleteFile(Remote(name));
            removed++;
        }
        return removed;
    }

    private protected override TargetFault Classify(Exception error) => error switch
    {
        SshAuthenticationException or SftpPermissionDeniedException => TargetFault.AccessDenied,
        SftpPathNotFoundException => TargetFault.Permanent,
        SshConnectionException or SshOperationTimeoutException or SocketException or IOException or ObjectDisposedException or TimeoutException => TargetFault.Transient,
        SshException => TargetFault.Transient,
        // SSH.NET's "The session is not open" / "Client not connected" when the server went away mid-operation.
        InvalidOperationException => TargetFault.Transient,
        _ => TargetFault.Permanent,
    };

    protected override void Reset()
    {
        _client?.Dispose();
        _client = null;
    }

    public override void Dispose()
    {
        _client?.Dispose();
        _client = null;
        base.Dispose();
    }
}
