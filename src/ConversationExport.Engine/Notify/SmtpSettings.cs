using System.Globalization;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Engine.Notify;

/// <summary>
/// How notification e-mail is sent (Set-ExportSetting -Smtp*), kept in the catalog's setting table
/// so every export server that shares the catalog sends the same way. The password is stored as
/// <see cref="Security.SecretProtector"/> protected it and is never part of any text this type makes.
/// </summary>
public sealed record SmtpSettings
{
    public const int DefaultPort = 25;
    private const string Prefix = "Smtp.";

    public string? Server { get; init; }
    public int Port { get; init; } = DefaultPort;
    public string? From { get; init; }
    /// <summary>Requires TLS: TLS from the first byte on port 465, STARTTLS on any other port. Without it, STARTTLS is used when the server offers it.</summary>
    public bool UseTls { get; init; }
    public string? UserName { get; init; }
    /// <summary>The password as SecretProtector stored it; never plain text.</summary>
    public string? ProtectedPassword { get; init; }

    /// <summary>Notification e-mail can be sent once a server and a sender are set.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Server) && !string.IsNullOrWhiteSpace(From);

    public const string HowToConfigure = "Set-ExportSetting -SmtpServer <host> -SmtpFrom <sender address> [-SmtpPort <port>] [-SmtpUseTls] [-SmtpCredential <credential>]";

    public static SmtpSettings Load(SettingCatalog settings)
    {
        var values = settings.Read(Prefix);
        string? Get(string name) => values.TryGetValue(Prefix + name, out var value) ? value : null;
        return new SmtpSettings
        {
            Server = Get("Server"),
            Port = int.TryParse(Get("Port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : DefaultPort,
            From = Get("From"),
            UseTls = bool.TryParse(Get("UseTls"), out var tls) && tls,
            UserName = Get("UserName"),
            ProtectedPassword = Get("Password"),
        };
    }

    /// <summary>Checks the settings, then stores them all and audits the change (without the password).</summary>
    public void Save(SettingCatalog settings)
    {
        Validate();
        settings.Write(new Dictionary<string, string?>
        {
            [Prefix + "Server"] = Server,
            [Prefix + "Port"] = Port.ToString(CultureInfo.InvariantCulture),
            [Prefix + "From"] = From,
            [Prefix + "UseTls"] = UseTls.ToString(CultureInfo.InvariantCulture),
            [Prefix + "UserName"] = UserName,
            [Prefix + "Password"] = ProtectedPassword,
        }, "Smtp", Describe());
    }

    public void Validate()
    {
        if (Server is not null && (Server.Length > 253 || Uri.CheckHostName(Server) == UriHostNameType.Unknown))
            throw Invalid($"-SmtpServer '{Server}' is not a host name or IP address; give the mail server's name, such as smtp.contoso.com, and its port with -SmtpPort.", Server);
        if (Port is < 1 or > 65535)
            throw Invalid($"-SmtpPort {Port} is not a TCP port (1 to 65535).", Port);
        if (From is not null) EmailAddress.Parse(From, "-SmtpFrom");
        if (ProtectedPassword is not null && UserName is null)
            throw Invalid("An SMTP password needs a user name: give -SmtpCredential (Get-Credential) with both.", null);
    }

    /// <summary>The settings in words, for the audit log and messages: whether a password is stored, never the password.</summary>
    public string Describe() =>
        $"server={Server ?? "(none)"}; port={Port}; from={From ?? "(none)"}; tls={(UseTls ? "required" : "when offered")}; credential={(UserName is null ? "none" : $"{UserName} (password {(ProtectedPassword is null ? "none" : "set")})")}";

    public ExportSetting ToModel() => new()
    {
        SmtpServer = Server,
        SmtpPort = Port,
        SmtpFrom = From,
        SmtpUseTls = UseTls,
        SmtpUserName = UserName,
        HasSmtpCredential = UserName is not null,
        SmtpConfigured = IsConfigured,
    };

    private static ConversationExportException Invalid(string message, object? target) =>
        new(ErrorId.ExportSettingInvalid, ErrorKind.InvalidArgument, message, target);
}
