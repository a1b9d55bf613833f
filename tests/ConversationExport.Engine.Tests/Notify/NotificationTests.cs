using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Notify;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Notify;

/// <summary>The notification e-mail after a run (SPEC §10): what it says, to whom, when, and that it never carries a secret.</summary>
public sealed class NotificationTests : IDisposable
{
    private const string ProtectedSmtpPassword = "ce1:gcm:PROTECTED-SMTP-SECRET";
    private const string ProtectedZipPassword = "ce1:gcm:PROTECTED-ZIP-SECRET";

    private readonly TempFolder _temp = new();

    private static readonly SmtpSettings Smtp = new()
    {
        Server = "smtp.contoso.test",
        Port = 587,
        From = "ConversationExport <export@contoso.test>",
        UseTls = true,
        UserName = "notifier",
        ProtectedPassword = ProtectedSmtpPassword,
    };

    private static ExportRun Run(RunState state, string? message = null) => new()
    {
        RunId = 42,
        Task = "Nightly",
        State = state,
        Selected = 120,
        Exported = state == RunState.Failed ? 17 : 118,
        Skipped = 1,
        Failed = state == RunState.Completed ? 0 : 1,
        Bytes = 5 * 1048576 + 123,
        StartedUtc = new DateTime(2026, 11, 28, 22, 0, 0, DateTimeKind.Utc),
        EndedUtc = new DateTime(2026, 11, 28, 23, 2, 5, DateTimeKind.Utc),
        StartedBy = "svc-export",
        Destination = "/srv/evidence",
        Outputs = ["/srv/evidence/Nightly_20261128_230000.zip"],
        Message = message,
    };

    private static ExportSettings Settings(NotifyOn on = NotifyOn.Failure) => new()
    {
        StorageTarget = "Vault",
        ArchiveMethod = ArchiveMethod.Aes256,
        ProtectedPassword = ProtectedZipPassword,
        TimeZone = "Europe/Budapest",
        NotifyEmail = ["ops@contoso.test", "Legal <legal@contoso.test>"],
        NotifyOn = on,
        EmailSubject = "Nightly evidence export",
        EmailMessage = "Call the duty officer if this failed.",
    };

    [Fact]
    public void The_subject_is_the_task_subject_and_the_state()
    {
        var message = RunNotifier.BuildMessage(Run(RunState.Failed, "disk full"), Settings(), Smtp);
        Assert.Equal("Nightly evidence export: Failed", message.Subject);
    }

    [Fact]
    public void Without_a_subject_the_subject_names_the_task_and_run()
    {
        var message = RunNotifier.BuildMessage(Run(RunState.Completed), Settings() with { EmailSubject = null }, Smtp);
        Assert.Equal("Export 'Nightly' run 42: Completed", message.Subject);
    }

    [Fact]
    public void It_goes_from_the_configured_sender_to_every_recipient()
    {
        var message = RunNotifier.BuildMessage(Run(RunState.Completed), Settings(), Smtp);
        Assert.Equal("export@contoso.test", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal(["ops@contoso.test", "legal@contoso.test"], message.To.Mailboxes.Select(m => m.Address));
    }

    [Fact]
    public void The_body_has_the_message_state_counts_duration_and_destination()
    {
        var body = RunNotifier.Body(Run(RunState.CompletedWithErrors, "1 conversation(s) failed; Get-ExportLog -RunId 42 lists why."), Settings());
        Assert.StartsWith("Call the duty officer if this failed.\n\n", body);
        Assert.Matches(@"State:\s+CompletedWithErrors\n", body);
        Assert.Matches(@"Reason:\s+1 conversation\(s\) failed; Get-ExportLog -RunId 42 lists why\.\n", body);
        Assert.Matches(@"Conversations:\s+120 selected, 118 exported, 1 skipped, 1 failed\n", body);
        Assert.Matches(@"Size:\s+5\.0 MB \(5243003 bytes\)\n", body);
        Assert.Matches(@"Duration:\s+01:02:05\n", body);
        // Times in the task's zone: 22:00 UTC is 23:00 in Budapest in November.
        Assert.Matches(@"Started:\s+2026-11-28 23:00:00 \+01:00\n", body);
        Assert.Matches(@"Destination:\s+/srv/evidence\n", body);
        Assert.Matches(@"Output:\s+/srv/evidence/Nightly_20261128_230000\.zip\n", body);
    }

    [Fact]
    public void A_completed_run_gives_no_reason()
    {
        var body = RunNotifier.Body(Run(RunState.Completed, "should not be shown"), Settings());
        Assert.DoesNotContain("Reason", body);
        Assert.Matches(@"State:\s+Completed\n", body);
    }

    [Fact]
    public void The_message_holds_no_secret()
    {
        var text = RunNotifier.BuildMessage(Run(RunState.Failed, "disk full"), Settings(), Smtp).ToString();
        Assert.DoesNotContain("PROTECTED", text);
        Assert.DoesNotContain("notifier", text);
        Assert.DoesNotContain("ce1:", text);
    }

    [Theory]
    [InlineData(NotifyOn.Failure, RunState.Failed, true)]
    [InlineData(NotifyOn.Failure, RunState.CompletedWithErrors, true)]
    [InlineData(NotifyOn.Failure, RunState.Completed, false)]
    [InlineData(NotifyOn.Failure, RunState.Cancelled, false)]
    [InlineData(NotifyOn.Failure, RunState.Interrupted, false)]
    [InlineData(NotifyOn.Always, RunState.Completed, true)]
    [InlineData(NotifyOn.Always, RunState.Cancelled, true)]
    [InlineData(NotifyOn.Always, RunState.Interrupted, true)]
    [InlineData(NotifyOn.Always, RunState.Failed, true)]
    [InlineData(NotifyOn.Always, RunState.Running, false)]
    public void NotifyOn_decides_which_ended_runs_send(NotifyOn on, RunState state, bool sends) =>
        Assert.Equal(sends, RunNotifier.Wants(on, state));

    [Theory]
    [InlineData("ops@contoso.test", true)]
    [InlineData("Ops team <ops@contoso.test>", true)]
    [InlineData("ops", false)]
    [InlineData("ops@", false)]
    [InlineData("a@contoso.test, b@contoso.test", false)]
    [InlineData("", false)]
    public void Addresses_are_checked(string address, bool valid)
    {
        Assert.Equal(valid, EmailAddress.TryParse(address, out _));
        if (!valid)
        {
            var error = Assert.Throws<ConversationExportException>(() => ExportValidator.Validate(new ExportSettings { Destination = "/tmp", NotifyEmail = ["ok@contoso.test", address] }, null));
            Assert.Equal(ErrorId.ExportSettingInvalid, error.Id);
            Assert.Contains($"'{address}'", error.Message);
        }
    }

    [Fact]
    public void Smtp_settings_round_trip_through_the_catalog_and_are_audited_without_the_password()
    {
        var path = _temp.Combine("catalog.db");
        var catalog = ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(path), Callers.Alice);
        var store = new SettingCatalog(catalog, Callers.Alice);
        Assert.False(SmtpSettings.Load(store).IsConfigured);
        Smtp.Save(store);
        Assert.Equal(Smtp, SmtpSettings.Load(store));
        Assert.Equal(1, Db.Scalar(path, $"SELECT COUNT(*) FROM setting WHERE name = 'Smtp.Password' AND value = '{ProtectedSmtpPassword}'"));
        var model = SmtpSettings.Load(store).ToModel();
        Assert.True(model.HasSmtpCredential);
        Assert.True(model.SmtpConfigured);
        Assert.Equal(1, Db.Scalar(path, "SELECT COUNT(*) FROM audit_log WHERE action = 'SetExportSetting' AND detail LIKE '%notifier (password set)%'"));
        Assert.Equal(0, Db.Scalar(path, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%PROTECTED%'"));
    }

    [Theory]
    [InlineData("smtp contoso", 25, "export@contoso.test")]
    [InlineData("smtp.contoso.test", 0, "export@contoso.test")]
    [InlineData("smtp.contoso.test", 25, "export")]
    public void Bad_smtp_settings_are_refused(string server, int port, string from)
    {
        var error = Assert.Throws<ConversationExportException>(() => new SmtpSettings { Server = server, Port = port, From = from }.Validate());
        Assert.Equal(ErrorId.ExportSettingInvalid, error.Id);
    }

    [Fact]
    public async Task A_run_that_should_notify_without_smtp_reports_and_audits_it_and_stays_as_it_ended()
    {
        var path = _temp.Combine("catalog.db");
        var catalog = ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(path), Callers.Alice);
        var tasks = new TaskCatalog(catalog, Callers.Alice);
        Directory.CreateDirectory(_temp.Combine("vault"));
        tasks.AddTarget("Vault", StorageTargetType.FileSystem, _temp.Combine("vault"), null);
        tasks.AddTask("Quiet", enabled: false, new ExportSettings { StorageTarget = "Vault", NotifyEmail = ["ops@contoso.test"] });
        tasks.AddTask("Loud", enabled: false, new ExportSettings { StorageTarget = "Vault", NotifyEmail = ["ops@contoso.test"], NotifyOn = NotifyOn.Always });
        var runner = new ExportRunner(catalog, Callers.Alice);

        var quiet = await runner.RunAsync(runner.StartTask("Quiet", ExportRunner.ManualTrigger), null, CancellationToken.None);
        Assert.Equal(RunState.Completed, quiet.State);
        Assert.Null(await runner.NotifyAsync(quiet)); // Failure only: nothing due for a Completed run

        var loud = await runner.RunAsync(runner.StartTask("Loud", ExportRunner.ManualTrigger), null, CancellationToken.None);
        var outcome = await runner.NotifyAsync(loud);
        Assert.NotNull(outcome);
        Assert.False(outcome.Sent);
        Assert.Contains("SMTP is not configured", outcome.Problem);
        Assert.Equal(RunState.Completed, runner.Runs.Get(loud.RunId).Run.State);
        Assert.Equal(1, Db.Scalar(path, "SELECT COUNT(*) FROM audit_log WHERE action = 'NotifyFailed' AND target = 'Loud'"));
    }

    public void Dispose() => _temp.Dispose();
}
