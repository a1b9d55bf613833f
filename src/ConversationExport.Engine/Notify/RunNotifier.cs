using System.Globalization;
using System.Net.Sockets;
using System.Text;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Export.Naming;
using ConversationExport.Engine.Security;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ConversationExport.Engine.Notify;

/// <summary>What notifying about a run did: sent to the recipients, or not, and why (never a secret).</summary>
public sealed record NotifyOutcome(bool Sent, IReadOnlyList<string> Recipients, string? Problem);

/// <summary>
/// The e-mail after a run of a task ends (design §10): the task's subject and message, then the run's
/// state, counts, duration, destination and, when it did not complete, why. A notification that
/// cannot be sent is reported (a warning, a NotifyFailed audit entry) and never changes the run.
/// </summary>
public sealed class RunNotifier
{
    /// <summary>A dead or silent SMTP server must not hold a scheduled job longer than this.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public const string NotifiedAction = "Notified";
    public const string NotifyFailedAction = "NotifyFailed";

    private readonly ConversationCatalog _catalog;
    private readonly CallerIdentity _caller;

    public RunNotifier(ConversationCatalog catalog, CallerIdentity caller)
    {
        _catalog = catalog;
        _caller = caller;
    }

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Failure: runs that ended Failed or CompletedWithErrors. Always: every ended run.</summary>
    public static bool Wants(NotifyOn on, RunState state) => state switch
    {
        RunState.Failed or RunState.CompletedWithErrors => true,
        RunState.Completed or RunState.Cancelled or RunState.Interrupted => on == NotifyOn.Always,
        _ => false, // Queued or Running: not ended
    };

    /// <summary>
    /// Sends the notification of an ended run when its task asks for one; null when there is nothing
    /// to send. Never throws for an SMTP or catalog problem: the outcome says what went wrong.
    /// </summary>
    /// <remarks>
    /// It does not observe the run's cancellation: a run stopped with Ctrl+C still reports, within the timeout.
    /// </remarks>
    public async Task<NotifyOutcome?> NotifyAsync(ExportRun run)
    {
        ExportSettings settings;
        SmtpSettings smtp;
        var store = new SettingCatalog(_catalog, _caller);
        try
        {
            settings = SettingsFor(run.RunId);
            if (settings.NotifyEmail.Length == 0 || !Wants(settings.NotifyOn, run.State)) return null;
            smtp = SmtpSettings.Load(store);
        }
        catch (ConversationExportException error)
        {
            return Failed(store, run, [], error.Message);
        }
        var recipients = settings.NotifyEmail;
        if (!smtp.IsConfigured)
            return Failed(store, run, recipients, $"SMTP is not configured; configure it with {SmtpSettings.HowToConfigure}.");

        MimeMessage message;
        string? password;
        try
        {
            message = BuildMessage(run, settings, smtp);
            password = smtp.ProtectedPassword is null ? null : SecretProtector.Unprotect(smtp.ProtectedPassword);
        }
        catch (ConversationExportException error) when (error.Id == ErrorId.SecretUnreadable)
        {
            return Failed(store, run, recipients,
                "the stored SMTP credential cannot be decrypted with this user's key (secrets are bound to the account and computer that stored them); store it again as the account that runs the exports with Set-ExportSetting -SmtpCredential.");
        }
        catch (ConversationExportException error)
        {
            return Failed(store, run, recipients, error.Message);
        }

        try
        {
            await SendAsync(message, smtp, password);
        }
        // Any failure of the mail path is the notification's, not the run's: it is reported and the run stands.
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            return Failed(store, run, recipients, Redact(Explain(error, smtp), password));
        }
        var auditProblem = TryAudit(store, NotifiedAction, run, $"run {run.RunId} {run.State}: sent to {string.Join(", ", recipients)} via {smtp.Server}:{smtp.Port}");
        return new NotifyOutcome(true, recipients, auditProblem);
    }

    /// <summary>The recipients and texts of the run's current task when it still exists (who to tell is today's choice), else those the run started with.</summary>
    private ExportSettings SettingsFor(long runId)
    {
        var record = new RunCatalog(_catalog).Get(runId);
        return record.TaskId is { } taskId && new TaskCatalog(_catalog, _caller).FindTask(taskId) is { } task ? task.Settings : record.Settings;
    }

    public static MimeMessage BuildMessage(ExportRun run, ExportSettings settings, SmtpSettings smtp)
    {
        var message = new MimeMessage();
        message.From.Add(EmailAddress.Parse(smtp.From ?? "", "-SmtpFrom"));
        foreach (var recipient in settings.NotifyEmail) message.To.Add(EmailAddress.Parse(recipient, "-NotifyEmail"));
        message.Subject = Subject(run, settings);
        message.Body = new TextPart("plain") { Text = Body(run, settings) };
        return message;
    }

    /// <summary>The task's subject (or "Export 'task' run n"), then the state, so mail rules can sort on it.</summary>
    public static string Subject(ExportRun run, ExportSettings settings) =>
        $"{settings.EmailSubject ?? $"Export '{run.Task}' run {run.RunId}"}: {run.State}";

    public static string Body(ExportRun run, ExportSettings settings)
    {
        var zone = Zone(settings.TimeZone);
        string Time(DateTime? utc) => utc is { } value
            ? ExportTimeZone.ToZone(value, zone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)
            : "(not ended)";
        var text = new StringBuilder();
        if (settings.EmailMessage is { } intro) text.Append(intro.TrimEnd()).Append("\n\n");
        var lines = new List<(string Label, string Value)>
        {
            ("Export task", run.Task),
            ("Run", run.RunId.ToString(CultureInfo.InvariantCulture)),
            ("State", run.State.ToString()),
        };
        if (run.State != RunState.Completed && !string.IsNullOrWhiteSpace(run.Message)) lines.Add(("Reason", run.Message));
        lines.Add(("Conversations", string.Create(CultureInfo.InvariantCulture,
            $"{run.Selected} selected, {run.Exported} exported, {run.Skipped} skipped, {run.Failed} failed")));
        lines.Add(("Size", string.Create(CultureInfo.InvariantCulture, $"{run.Bytes / 1048576.0:0.0} MB ({run.Bytes} bytes)")));
        lines.Add(("Started", Time(run.StartedUtc)));
        lines.Add(("Ended", Time(run.EndedUtc)));
        lines.Add(("Duration", Duration(run.Duration)));
        lines.Add(("Destination", run.Destination ?? "(none)"));
        foreach (var output in run.Outputs) lines.Add(("Output", output));
        lines.Add(("Started by", run.StartedBy));
        lines.Add(("Export server", Environment.MachineName));
        var width = lines.Max(l => l.Label.Length) + 2;
        foreach (var (label, value) in lines) text.Append((label + ":").PadRight(width)).Append(value).Append('\n');
        text.Append('\n').Append(CultureInfo.InvariantCulture, $"Details: Get-ExportStatus -RunId {run.RunId}; Get-ExportLog -RunId {run.RunId}\n");
        return text.ToString();
    }

    private static string Duration(TimeSpan duration) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours:00}:{duration.Minutes:00}:{duration.Seconds:00}");

    private static TimeZoneInfo Zone(string id)
    {
        try
        {
            return ExportTimeZone.Find(id);
        }
        catch (ConversationExportException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    private async Task SendAsync(MimeMessage message, SmtpSettings smtp, string? password)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        var security = smtp.UseTls
            ? smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls
            : SecureSocketOptions.StartTlsWhenAvailable;
        await client.ConnectAsync(smtp.Server!, smtp.Port, security, timeout.Token);
        if (smtp.UserName is not null) await client.AuthenticateAsync(smtp.UserName, password ?? "", timeout.Token);
        await client.SendAsync(message, timeout.Token);
        await client.DisconnectAsync(true, timeout.Token);
    }

    private string Explain(Exception error, SmtpSettings smtp) => error switch
    {
        OperationCanceledException => $"the SMTP server {smtp.Server}:{smtp.Port} did not answer within {Timeout.TotalSeconds:0} s",
        SocketException => $"cannot reach the SMTP server {smtp.Server}:{smtp.Port}: {error.Message}",
        AuthenticationException => $"the SMTP server {smtp.Server}:{smtp.Port} refused the credential of '{smtp.UserName}': {error.Message}",
        _ => $"the SMTP server {smtp.Server}:{smtp.Port} failed: {error.Message}",
    };

    /// <summary>Belt and braces: no server's error text may carry the password into a warning or the audit log.</summary>
    private static string Redact(string text, string? password) =>
        string.IsNullOrEmpty(password) ? text : text.Replace(password, "***", StringComparison.Ordinal);

    private NotifyOutcome Failed(SettingCatalog store, ExportRun run, IReadOnlyList<string> recipients, string problem)
    {
        var auditProblem = TryAudit(store, NotifyFailedAction, run, $"run {run.RunId} {run.State}: {problem}");
        return new NotifyOutcome(false, recipients, auditProblem is null ? problem : $"{problem} ({auditProblem})");
    }

    private static string? TryAudit(SettingCatalog store, string action, ExportRun run, string detail)
    {
        try
        {
            store.Audit(action, run.Task, detail, action == NotifyFailedAction ? AuditOutcome.Failed : AuditOutcome.Succeeded);
            return null;
        }
        catch (ConversationExportException error)
        {
            return $"the audit entry could not be written: {error.Message}";
        }
    }
}
