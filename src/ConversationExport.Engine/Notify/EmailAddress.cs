using MimeKit;

namespace ConversationExport.Engine.Notify;

/// <summary>The one check of e-mail addresses (-NotifyEmail, -SmtpFrom), so a bad one is refused when saved, not at 2 a.m. when a run ends.</summary>
public static class EmailAddress
{
    // MimeKit's default options accept a bare local part ("ops") as an address; a notification needs a domain.
    private static readonly ParserOptions Strict = new() { AllowAddressesWithoutDomain = false };

    public static bool TryParse(string? text, out MailboxAddress? mailbox)
    {
        mailbox = null;
        if (string.IsNullOrWhiteSpace(text) || !MailboxAddress.TryParse(Strict, text.Trim(), out var parsed)) return false;
        var at = parsed.Address.LastIndexOf('@');
        if (at <= 0 || at == parsed.Address.Length - 1) return false;
        mailbox = parsed;
        return true;
    }

    public static MailboxAddress Parse(string text, string parameter) => TryParse(text, out var mailbox)
        ? mailbox!
        : throw new ConversationExportException(ErrorId.ExportSettingInvalid, ErrorKind.InvalidArgument,
            $"{parameter} '{text}' is not an e-mail address; give one address per value, such as ops@contoso.com or 'Ops team <ops@contoso.com>'.", text);

    public static void Validate(IEnumerable<string> addresses, string parameter)
    {
        foreach (var address in addresses) Parse(address, parameter);
    }
}
