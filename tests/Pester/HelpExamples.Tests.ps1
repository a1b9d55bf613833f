# Every example a reader is shown works as written (SPEC §14): each help example of every exported
# cmdlet (read back through Get-Help, so a cmdlet added later is covered without touching this file)
# and each statement of the README tour, run against a demo catalog in a sandbox.
#
# How an example is run, and the rewrites it gets:
# - in a fresh runspace with the module imported, the current location a sandbox folder (cwd/), HOME a
#   sandbox home (home/) and CONVERSATIONEXPORT_CATALOG a copy of the demo catalog;
# - absolute paths in its text are re-rooted in the sandbox folder root/ (Convert-ExamplePath):
#   /srv/ce/x -> root/srv/ce/x, D:\ce\x -> root/D/ce/x, \\nas01\x -> root/nas01/x;
# - the servers it names are the ones this file starts on loopback (the substitution table $ServerNames in
#   BeforeAll: sshd for sftp.example.net, Azurite and s3rver, SMTP servers for smtp.contoso.com and
#   relay.corp.local, PostgreSQL for db01), and a load-test size is made small (-Count 100000 -> 20);
# - prompts are answered by stand-ins: Read-Host returns what the person would type (a fixed secure string,
#   or the example's own answer from $Answers: the Azurite connection string), Get-Credential a login (a fixed
#   password, or the started server's login from $Answers); an explicit -Confirm is answered Yes by the
#   runspace's host (CeHelpExampleHost, which records the question), other confirmations are not asked
#   ($ConfirmPreference = 'None': the user answers Yes);
# - an example that creates a named task or template (New-ExportTask/New-ExportTemplate -Name X) starts in a
#   world without it; an example that needs more of the world (a run in progress, a crashed run, a schedule, a
#   catalog on the PostgreSQL server) gets it from $Prepare just before it runs, and $Check then looks at what it
#   did to the servers (the mail the SMTP server received, the target that reaches sshd, Azurite, s3rver, the crontab);
# - the schedule examples run as a scratch OS account (runuser), whose crontab they edit: never root's
#   (Linux as root only, where CI runs them; elsewhere those cases are not generated, see BeforeDiscovery).
# It passes when it writes no error, runs to its end (an `exit` means its failure branch ran) and leaves
# no export process behind. The world (root/, the demo catalog with the targets, tasks and runs the
# examples name) is built once, from the examples' own nouns: see BeforeAll.
# Runs in the SQLite pass only: the examples are about the module, not the provider.

BeforeDiscovery {
    Import-Module $env:CONVERSATIONEXPORT_TEST_MODULE -Force
    $script:helpExamples = @(foreach ($command in Get-Command -Module ConversationExport -CommandType Cmdlet, Function | Sort-Object Name) {
            $number = 0
            foreach ($example in @((Get-Help $command.Name -Examples).examples.example)) {
                if (-not $example) { continue }
                $number++
                @{ Cmdlet = $command.Name; Number = $number; Key = "$($command.Name) #$number"; Code = ($example.code -join "`n"); Title = ($example.title -replace '^-+\s*Example \d+:\s*|\s*-+$', '') }
            }
        })

    # Not temporary: 'Invoke-ConversationExport #7' registers a Windows Task Scheduler task, which only Windows has,
    # so its case exists only there. The schedule examples edit a crontab: they run as a scratch OS account, which
    # only root on Linux can make and run as (CI); elsewhere their cases are not generated rather than edit the
    # crontab of the person running the tests.
    $script:scheduleExamples = 'Register-ExportSchedule #1', 'Register-ExportSchedule #2', 'Set-ExportSchedule #1', 'Set-ExportSchedule #2',
        'Unregister-ExportSchedule #1', 'Unregister-ExportSchedule #2', 'Get-ExportSchedule #1'
    $canRunAsAccount = $IsLinux -and (& id -u) -eq '0'
    $script:helpExamples = @($helpExamples | Where-Object {
            ($IsWindows -or $_.Key -ne 'Invoke-ConversationExport #7') -and ($canRunAsAccount -or $_.Key -notin $scheduleExamples)
        })
    foreach ($example in $helpExamples) { $example.AsAccount = $example.Key -in $scheduleExamples }

    # The README tour: the powershell block under "## A tour", one statement (with its continuation lines) per test.
    $readme = Get-Content (Join-Path $PSScriptRoot '../../README.md') -Raw
    $tour = [regex]::Match($readme, '(?s)## A tour\s+```powershell\r?\n(.*?)```').Groups[1].Value
    $script:tourSteps = @()
    $statement = ''
    $line = 0
    foreach ($text in $tour -split '\r?\n') {
        $line++
        if (-not $statement -and ($text.Trim() -eq '' -or $text.TrimStart().StartsWith('#'))) { continue }
        $statement = if ($statement) { "$statement`n$text" } else { $text }
        if (-not $text.TrimEnd().EndsWith('`') -and -not $text.TrimEnd().EndsWith('|')) {
            $asAccount = $statement -match '^(Register|Get)-ExportSchedule\b'
            if ($canRunAsAccount -or -not $asAccount) {
                $script:tourSteps += @{ Step = $script:tourSteps.Count + 1; Line = $line; Code = $statement; Title = ($statement -split '\r?\n')[0].Trim(); AsAccount = $asAccount }
            }
            $statement = ''
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TargetServices.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SmtpSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestPostgres.psm1') -Force

    # The runspace host of the examples: it answers Yes to a confirmation (-Confirm) and records the question.
    if (-not ('CeHelpExampleHost' -as [type])) {
        Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

public sealed class CeHelpExampleHost : PSHost
{
    private readonly Guid _id = Guid.NewGuid();
    private readonly CeHelpExampleHostUI _ui = new CeHelpExampleHostUI();
    public override string Name => "CeHelpExampleHost";
    public override Version Version => new Version(1, 0);
    public override Guid InstanceId => _id;
    public override PSHostUserInterface UI => _ui;
    public List<string> Questions => _ui.Questions;
    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;
    public override void SetShouldExit(int exitCode) { }
    public override void EnterNestedPrompt() => throw new NotSupportedException("no nested prompt in an example");
    public override void ExitNestedPrompt() => throw new NotSupportedException("no nested prompt in an example");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
}

public sealed class CeHelpExampleHostUI : PSHostUserInterface
{
    public List<string> Questions { get; } = new List<string>();
    public override PSHostRawUserInterface RawUI => null;
    public override string ReadLine() => throw new NotSupportedException("an example read a line from the host");
    public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("an example read a line from the host");
    public override void Write(string value) { }
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { }
    public override void WriteLine(string value) { }
    public override void WriteErrorLine(string value) { }
    public override void WriteDebugLine(string message) { }
    public override void WriteProgress(long sourceId, ProgressRecord record) { }
    public override void WriteVerboseLine(string message) { }
    public override void WriteWarningLine(string message) { }
    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
        throw new NotSupportedException("an example prompted for fields: " + caption);
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        throw new NotSupportedException("an example prompted for a credential: " + caption);
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
        throw new NotSupportedException("an example prompted for a credential: " + caption);
    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        Questions.Add(caption + ": " + message);
        for (var i = 0; i < choices.Count; i++)
            if (choices[i].Label.Replace("&", "") == "Yes") return i;
        throw new NotSupportedException("a question without Yes: " + caption);
    }
}
'@
    }

    $script:world = Join-Path $TestDrive 'world'
    $script:root = Join-Path $world 'root'
    $script:homeFolder = Join-Path $world 'home'
    $script:cwd = Join-Path $world 'cwd'
    $script:pristine = Join-Path $world 'pristine.db'
    $script:plain = Join-Path $world 'plain.db'
    $script:catalog = Join-Path $root 'srv/ce/catalog.db'

    # A SQLite catalog file with its write-ahead log, if it has one: together they are the catalog.
    function Copy-CatalogFile([string] $From, [string] $To) {
        New-Item -ItemType Directory -Path (Split-Path $To) -Force | Out-Null
        foreach ($extra in '-wal', '-shm') { Remove-Item "$To$extra" -ErrorAction SilentlyContinue }
        Copy-Item $From $To -Force
        if (Test-Path "$From-wal") { Copy-Item "$From-wal" "$To-wal" -Force }
    }
    # Every catalog file the examples name: a copy of the demo catalog each, fresh for every example.
    $script:catalogCopies = @($catalog, 'D/ce/main.db', 'D/ce/site3.db', 'D/ce/catalog.db', 'data/site2.db', 'data/site3.db', 'srv/ce/sites/site1.db') |
        ForEach-Object { if ([IO.Path]::IsPathRooted($_)) { $_ } else { Join-Path $root $_ } }

    Set-IsolatedTestEnvironment -Root (Join-Path $world 'env')
    # HOME and the module path are the process's, for the example sessions: restored in AfterAll.
    $script:savedHome = $env:HOME
    $script:savedModulePath = $env:PSModulePath
    $env:HOME = $homeFolder
    # Installed, as the examples assume: Import-Module ConversationExport finds the build under test.
    $env:PSModulePath = (Split-Path (Get-TestModulePath)) + [IO.Path]::PathSeparator + $env:PSModulePath
    New-Item -ItemType Directory -Path $homeFolder, $cwd -Force | Out-Null

    # The recording folders the examples import or read.
    New-DemoRecording -Path (Join-Path $root 'srv/recordings') -Count 60 -Seed 7 | Out-Null
    New-DemoRecording -Path (Join-Path $root 'nas01/recordings') -Count 20 -Seed 8 | Out-Null
    New-DemoRecording -Path (Join-Path $root 'D/Recordings') -Count 10 -Seed 9 | Out-Null
    New-DemoRecording -Path (Join-Path $homeFolder 'demo-recordings') -Count 10 -Seed 10 | Out-Null

    # The conversation the examples show by its ConversationId.
    New-TestRecording -Folder (Join-Path $root 'srv/recordings') -Name 'shown-in-help' -Id '9b2f0c1e-5d6a-4c1b-8e55-0f1d2a3b4c5d' | Out-Null

    # The demo catalog, furnished with what the examples name: targets, tasks, and runs 7 and 12.
    # The README tour brings its own targets and tasks: it gets the demo conversations only ($plain).
    Initialize-ConversationCatalog -Path $pristine | Out-Null
    Import-Conversation -Path (Join-Path $root 'srv/recordings') | Out-Null
    Copy-CatalogFile $pristine $plain
    # Another site's catalog, where New-ExportTemplate #3 moves a template: its own Evidence target, no templates.
    $script:branch = Join-Path $world 'branch.db'
    Copy-CatalogFile $pristine $branch
    New-StorageTarget -Name Evidence -Path (New-Item -ItemType Directory -Path (Join-Path $root 'branch-evidence') -Force).FullName -Catalog (Connect-ConversationCatalog -Path $branch) | Out-Null
    Connect-ConversationCatalog -Path $pristine | Out-Null
    $password = ConvertTo-SecureString 'example-password' -AsPlainText -Force
    # Evidence is where New-StorageTarget #1 puts it; /mnt/evidence is the README's share.
    foreach ($share in 'mnt/evidence', 'nas01/compliance/legal', 'bud-nas/exports', 'lon-nas/exports') { New-Item -ItemType Directory -Path (Join-Path $root $share) -Force | Out-Null }
    foreach ($target in 'Evidence', 'Evidence2025', 'Evidence2027', 'Vault') {
        $folder = New-Item -ItemType Directory -Path (Join-Path $root ($target -eq 'Evidence' ? 'nas01/compliance/exports' : "targets/$target")) -Force
        New-StorageTarget -Name $target -Path $folder.FullName | Out-Null
    }
    New-ExportTask -Name Nightly -StorageTarget Evidence -ArchiveMethod Aes256 -ZipPassword $password -Query (New-ConversationQuery -Group Trading) | Out-Null
    New-ExportTask -Name AuditorHandover -StorageTarget Evidence -ArchiveMethod ZipCrypto -ZipPassword $password -Scope Media | Out-Null
    foreach ($name in 'Weekly', 'Budapest', 'London', 'Site-Paris', 'Case-2026-0017') { New-ExportTask -Name $name -StorageTarget Evidence | Out-Null }
    Disable-ExportTask -Name Site-Paris
    $conversations = @(Get-Conversation -SortBy StartTime)
    $runs = Join-Path $root 'runs'
    # Run 1: Nightly, delivered to Evidence. Runs 2-6 and 8-11: small ad-hoc runs. Run 7 has a failed
    # conversation (its media is gone). Run 12, of Nightly, was stopped: it is there to resume.
    Invoke-ConversationExport -Task Nightly | Out-Null
    foreach ($run in 2..11) {
        if ($run -eq 7) {
            $gone = $conversations[0].Files[0]
            Move-Item $gone "$gone.away"
            $conversations[0..1] | Invoke-ConversationExport -Destination $runs -RunName "Run-$run" -WarningAction SilentlyContinue | Out-Null
            Move-Item "$gone.away" $gone
        }
        else { $conversations[$run] | Invoke-ConversationExport -Destination $runs -RunName "Run-$run" | Out-Null }
    }
    # Trading calls recorded after run 1: run 12 selects them too, so resuming it (Invoke-ConversationExport #4,
    # Stop-ConversationExport #3) has conversations to deliver that no run of Nightly delivered yet.
    foreach ($n in 1, 2) {
        New-TestRecording -Folder (Join-Path $root 'srv/recordings') -Name "late-trading-$n" -Group Trading -User trader$n `
            -Start "2026-11-29T10:0$($n):00.000Z" -End "2026-11-29T10:1$($n):00.000Z" | Out-Null
    }
    Import-Conversation -Path (Join-Path $root 'srv/recordings') | Out-Null
    $job = Invoke-ConversationExport -Task Nightly -AsJob
    $job | Stop-Job
    $job | Wait-Job -Timeout 120 | Out-Null
    $job | Remove-Job -Force
    $state = (Get-ExportStatus -RunId 12).State
    if ($state -ne 'Cancelled') { throw "The world needs run 12 stopped, it is $state" }
    # Runs 13 and 14: a Download-type task's run (loose files, downloaded with a method chosen then), and
    # plain ZIPs in E:\Evidence. A template, a task made for it, users and groups the examples name.
    New-ExportTask -Name Evidence -TargetType Download -ArchiveMethod None | Out-Null
    Invoke-ConversationExport -Task Evidence | Out-Null
    $conversations[20..22] | Invoke-ConversationExport -Destination (Join-Path $root 'E/Evidence') -ArchiveMethod Zip -RunName Evidence-Check | Out-Null
    New-ExportTemplate -Name Evidence-Aes -StorageTarget Evidence -ArchiveMethod Aes256 -CdrFormat Csv | Out-Null
    New-ExportTask -Name Case-0017 -StorageTarget Evidence -ArchiveMethod Aes256 -ZipPassword $password -Query (New-ConversationQuery -Case 2026-0017) | Out-Null
    # The scratch OS account the schedule examples run as (see Invoke-ExampleAsAccount) administers the catalog.
    $script:account = 'ce-help-ex'
    New-ExportUser -Name $account -Administrator -Permission ([Enum]::GetNames([ConversationExport.ExportPermission])) | Out-Null
    New-ExportUser -Name mkovacs -Permission ConversationExport | Out-Null
    New-ExportUser -Name adoe -Permission ConversationListExport | Out-Null
    Add-ExportGroupMember -Group Sales -Member mkovacs -Supervisor
    Add-ExportGroupMember -Group Desk -Member adoe

    # ---- The servers the examples name, started here on loopback (stopped in AfterAll) ----
    # Started before CONVERSATIONEXPORT_CATALOG names the world's catalog: a process with it in its environment
    # counts as an export process the examples left behind (Get-WorldProcess).
    $script:isRoot = $IsLinux -and (& id -u) -eq '0'
    if ($isRoot) {
        # The scratch account: the schedule examples run as it, and it is the SFTP server's user with a password.
        & id -u $account *> $null
        if ($LASTEXITCODE -ne 0) { & useradd --no-create-home --shell /bin/sh $account }
        'ce-help-ex:example-password' | & chpasswd
        # It reaches the world: every folder above it may be entered, and the catalog folders written.
        $folder = $world
        while ($folder -and $folder -ne '/') { & chmod a+rx $folder; $folder = Split-Path $folder }
        $script:accountHome = New-Item -ItemType Directory -Path (Join-Path $world 'account-home') -Force
        & chown $account $accountHome.FullName
        # Its own PowerShell and module, which it can read (the test runner's may sit in root's home).
        $pwshCopy = Join-Path $world 'pwsh'
        Copy-Item -Recurse (Split-Path $PSHOME) $pwshCopy
        $script:accountPwsh = Join-Path $pwshCopy "$(Split-Path $PSHOME -Leaf)/pwsh.dll"
        Copy-Item -Recurse (Get-TestModulePath) (Join-Path $world 'account-module')
        $script:accountModule = Join-Path $world 'account-module/ConversationExport.psd1'
        & chmod -R a+rX $pwshCopy (Join-Path $world 'account-module')
    }
    # sftp.example.net: sshd, where the scratch account logs in with its password into root/exports.
    $script:sftp = Start-SftpServer -PasswordUser $account
    $script:sftpFolder = New-Item -ItemType Directory -Path (Join-Path $root 'exports') -Force
    if ($isRoot) { & chown $account $sftpFolder.FullName }
    # Azure Blob and S3 (with the example's bucket).
    $script:azurite = Start-AzuriteServer
    $script:s3 = Start-S3Server -ExtraBucket 'compliance-worm'
    # smtp.contoso.com: a submission server with STARTTLS (a certificate the notifying process trusts through
    # SSL_CERT_FILE) and the example's login; relay.corp.local: a relay without either.
    $tls = New-Item -ItemType Directory -Path (Join-Path $world 'smtp-tls') -Force
    $script:certificate = Join-Path $tls 'cert.pem'
    & openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=127.0.0.1' -addext 'subjectAltName=IP:127.0.0.1' `
        -keyout (Join-Path $tls 'key.pem') -out $certificate 2>&1 | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'openssl could not make the SMTP server''s certificate.' }
    $script:trustBundle = Join-Path $tls 'trust.pem'
    Set-Content -LiteralPath $trustBundle -Value ((Get-Content -Raw $certificate) + "`n" + (Get-Content -Raw /etc/ssl/certs/ca-certificates.crt -ErrorAction Ignore))
    $script:submission = Start-TestSmtpServer -Folder (Join-Path $world 'mail-submission') -Login 'export@contoso.com:example-password' -CertificatePath $certificate -KeyPath (Join-Path $tls 'key.pem')
    $script:relay = Start-TestSmtpServer -Folder (Join-Path $world 'mail-relay')
    # db01: the suite's PostgreSQL server (build.ps1 Test starts one), or one of this file's own.
    $script:ownPostgres = if (-not $env:CONVERSATIONEXPORT_TEST_POSTGRES) { Start-TestPostgres }
    $adminConnection = $env:CONVERSATIONEXPORT_TEST_POSTGRES ? $env:CONVERSATIONEXPORT_TEST_POSTGRES : $ownPostgres.ConnectionString
    $parts = @{}
    foreach ($pair in $adminConnection -split ';') { if ($pair -match '^\s*([^=]+?)\s*=\s*(.*)$') { $parts[$Matches[1]] = $Matches[2] } }
    $script:pg = [pscustomobject]@{ Host = $parts['Host']; Port = $parts['Port']; User = $parts['Username']; Password = $parts['Password'] }

    function Invoke-PostgresAdmin([string] $Sql, [string] $Database = 'postgres') {
        $env:PGPASSWORD = $pg.Password
        try {
            $rows = & psql -h $pg.Host -p $pg.Port -U $pg.User -d $Database -v ON_ERROR_STOP=1 -A -t -q -c $Sql 2>&1
            if ($LASTEXITCODE -ne 0) { throw "psql failed (exit $LASTEXITCODE) running: $Sql`n$rows" }
            $rows
        }
        finally { Remove-Item Env:PGPASSWORD -ErrorAction Ignore }
    }
    # The logins the examples give: ce_export (Connect-ConversationCatalog #4) and exporter (the README's Get-Credential).
    foreach ($login in 'ce_export', 'exporter') {
        Invoke-PostgresAdmin "DO `$`$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$login') THEN CREATE ROLE $login LOGIN PASSWORD 'example-password'; END IF; END`$`$" | Out-Null
    }

    # What the examples' server names stand for here: regex -> replacement, applied to an example's text.
    $script:ServerNames = [ordered]@{
        '\bsftp\.example\.net\b'                = "127.0.0.1 -Port $($sftp.Port)"
        'SHA256:[A-Za-z0-9+/]{43}'              = $sftp.Fingerprint     # the key the server's administrator confirmed
        '-Region eu-central-1'                  = "-Endpoint $($s3.Endpoint)"
        '\bsmtp\.contoso\.com -SmtpPort 587\b'  = "127.0.0.1 -SmtpPort $($submission.Port)"
        '\brelay\.corp\.local -SmtpPort 25\b'   = "127.0.0.1 -SmtpPort $($relay.Port)"
        'Host=db01(;Port=5432)?'                = "Host=$($pg.Host);Port=$($pg.Port)"
        # New-DemoRecording #3 writes a load-test corpus (tens of GB): the same command, bounded.
        '-Count 100000\b'                       = '-Count 20'
    }
    function Convert-ExampleServer([string] $Code) {
        foreach ($name in $ServerNames.Keys) { $Code = [regex]::Replace($Code, $name, $ServerNames[$name].Replace('$', '$$')) }
        $Code
    }

    # What the person types at a prompt, where an example's server needs it: by example key (README: by statement start).
    $script:Answers = @{
        'New-StorageTarget #2'              = @{ Credential = @{ exporter = $account, 'example-password' } }
        'Set-StorageTarget #1'              = @{ Credential = @{ exporter = $account, 'example-password' } }
        'New-StorageTarget #3'              = @{ SecureText = $azurite.ConnectionString; Credential = @{ exporter = $s3.AccessKeyId, $s3.SecretAccessKey } }
        'Initialize-ConversationCatalog #1' = @{ Credential = @{ ce_admin = $pg.User, $pg.Password } }
    }

    $env:CONVERSATIONEXPORT_CATALOG = $catalog

    # Re-roots absolute paths of an example's text in the sandbox (the one rewrite examples get).
    function Convert-ExamplePath([string] $Code) {
        $rooted = $root -replace '\\', '/'
        $Code = [regex]::Replace($Code, '(?<=[\s''"=(])/(?=[A-Za-z])', "$rooted/")          # /srv/folder
        $Code = [regex]::Replace($Code, '\\\\(?=[A-Za-z])', "$rooted/")                  # \\server\share
        $Code = [regex]::Replace($Code, '(?<![\w$])([A-Za-z]):\\', "$rooted/`$1/")          # D:\folder
        $Code
    }

    function Reset-World([string] $From = $pristine) {
        foreach ($copy in $catalogCopies) { Copy-CatalogFile $From $copy }
        Copy-CatalogFile $branch (Join-Path $root 'D/Catalogs/branch.db')
    }

    # The export processes (background runs) started for this world: their environment names its catalog.
    function Get-WorldProcess {
        if (-not $IsLinux) { return @() }
        foreach ($process in Get-ChildItem /proc -Directory -ErrorAction SilentlyContinue | Where-Object Name -Match '^\d+$') {
            $environ = try { [IO.File]::ReadAllText("$($process.FullName)/environ") } catch { '' }
            if ($environ.Contains("CONVERSATIONEXPORT_CATALOG=$catalog`0") -and [int]$process.Name -ne $PID) { [int]$process.Name }
        }
    }

    # A runspace like a user's session in the sandbox, its host the one that answers Yes (its questions: $__host.Questions).
    function New-ExampleSession {
        $exampleHost = [CeHelpExampleHost]::new()
        $runspace = [runspacefactory]::CreateRunspace($exampleHost, [initialsessionstate]::CreateDefault2())
        $runspace.Open()
        $session = [powershell]::Create()
        $session.Runspace = $runspace
        $runspace.SessionStateProxy.SetVariable('__answers', @{ Credential = @{} })
        $runspace.SessionStateProxy.SetVariable('__host', $exampleHost)
        $null = $session.AddScript(@"
Import-Module '$(Get-TestModulePath)'
Set-Location '$cwd'
$StandIns
"@).Invoke()
        $session.Commands.Clear()
        $session
    }
    # The prompts' stand-ins: what the person types is in `$__answers (see $Answers).
    $script:StandIns = @'
function Read-Host { param([Parameter(Position = 0)] $Prompt, [switch] $AsSecureString) if ($AsSecureString) { ConvertTo-SecureString ($__answers.SecureText ?? 'example-password') -AsPlainText -Force } else { 'example' } }
function Get-Credential { param([Parameter(Position = 0)] $UserName = 'exporter', $Message) $typed = $__answers.Credential[$UserName] ?? @($UserName, 'example-password'); [pscredential]::new($typed[0], (ConvertTo-SecureString $typed[1] -AsPlainText -Force)) }
$ConfirmPreference = 'None'
'@

    function Close-ExampleSession([powershell] $Session) {
        $runspace = $Session.Runspace
        $Session.Dispose()
        $runspace.Dispose()
    }

    # Runs code in a fresh session of the world, as preparation or check (no rewrite); fails on any error.
    function Invoke-InWorld([string] $Code) {
        $session = New-ExampleSession
        try { $result = Invoke-Example $session $Code -AsIs } finally { Close-ExampleSession $session }
        if ($result.Errors) { throw "The world's command failed: $($result.Errors -join '; ')`n$Code" }
        foreach ($item in $result.Output) { $item }
    }

    # Runs one example's code in a session; returns what a test needs to judge it.
    # -AsIs: the test's own code, whose paths and names are not rewritten.
    function Invoke-Example([powershell] $Session, [string] $Code, [int] $TimeoutSeconds = 300, [switch] $AsIs) {
        $Session.Streams.ClearStreams()
        $Session.Runspace.SessionStateProxy.SetVariable('__exampleEnded', $false)
        $text = $AsIs ? $Code : (Convert-ExampleServer (Convert-ExamplePath $Code))
        $null = $Session.AddScript($text + "`n`$__exampleEnded = `$true")
        $errors = @()
        $async = $Session.BeginInvoke()
        if (-not $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($TimeoutSeconds))) {
            $Session.Stop()
            $errors += "did not end within $TimeoutSeconds s"
        }
        try { $output = $Session.EndInvoke($async) } catch { $errors += $_.Exception.InnerException ?? $_.Exception }
        $Session.Commands.Clear()
        $errors += @($Session.Streams.Error | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" })
        [pscustomobject]@{
            Output = $output
            Errors = @($errors | ForEach-Object { "$_" })
            Ended  = [bool]$Session.Runspace.SessionStateProxy.GetVariable('__exampleEnded')
        }
    }

    function Assert-NoProcessLeft {
        $left = @()
        for ($i = 0; $i -lt 120; $i++) {
            $left = @(Get-WorldProcess)
            if ($left.Count -eq 0) { break }
            Start-Sleep -Milliseconds 500
        }
        foreach ($id in $left) { Stop-Process -Id $id -Force -ErrorAction SilentlyContinue }
        $left | Should -BeNullOrEmpty -Because 'an example must not leave an export process running'
    }

    # A run of the world held at a gate (ExportSupport.psm1), in a process of its own: the gate is the media file
    # of a conversation the run exports. The holder lets it go on once a stop was asked for it (the catalog's
    # stop_requested, read with sqlite3); with -Hold never (the test kills the run there, as a crash would).
    $script:heldRuns = [Collections.Generic.List[object]]::new()
    function Start-HeldRun([string] $Script, [string] $Gate, [string] $Catalog = $catalog, [switch] $Hold) {
        $then = $Hold ? ':' : ('until [ "$(sqlite3 -readonly ''{0}'' "SELECT MAX(stop_requested) FROM export_run WHERE state = ''Running''" 2>/dev/null)" = 1 ]; do sleep 0.1; done' -f $Catalog)
        Lock-Gate $Gate
        $holder = Start-GateHolder -Path $Gate -Then $then -AutoRelease:(-not $Hold)
        $saved = $env:CONVERSATIONEXPORT_CATALOG
        $env:CONVERSATIONEXPORT_CATALOG = $Catalog
        $log = Join-Path $world "held-$([guid]::NewGuid().ToString('N')).log"
        try { $process = Start-ExportProcess -Script $Script -LogPath $log }
        finally { $env:CONVERSATIONEXPORT_CATALOG = $saved; Unlock-Gate $Gate }
        $held = [pscustomobject]@{ Holder = $holder; Process = $process; Gate = $Gate; Log = $log }
        $heldRuns.Add($held)
        try { Wait-GateReached $holder -TimeoutSeconds 120 }
        catch { throw "$_`n$(Get-Content -Raw $log -ErrorAction Ignore)" }
        $held
    }
    # Waits until a held run's process has ended (-Kill: ends it), then puts the gate away.
    function Stop-HeldRun($Held, [switch] $Kill) {
        $ended = $Kill ? $false : $Held.Process.WaitForExit(120000)
        Stop-TestProcess $Held.Process
        Stop-TestProcess $Held.Holder.Process
        Remove-Item -LiteralPath "$($Held.Gate).reached", "$($Held.Gate).release" -ErrorAction Ignore
        $null = $heldRuns.Remove($Held)
        if (-not $Kill -and -not $ended) { throw "The held run did not end within 120 s:`n$(Get-Content -Raw $Held.Log -ErrorAction Ignore)" }
    }

    # Runs an example as the scratch account, in a pwsh of its own, against a catalog it may write: the
    # crontab it edits is the account's (crontab -u), never root's. Same stand-ins and verdict as Invoke-Example.
    function Invoke-ExampleAsAccount([string] $Code, [string] $Catalog) {
        & chmod -R a+rwX (Split-Path $Catalog)
        $file = Join-Path $accountHome "example-$([guid]::NewGuid().ToString('N')).ps1"
        Set-Content -LiteralPath $file -Value @"
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$accountModule'
Set-Location '$accountHome'
`$__answers = @{ Credential = @{} }
$StandIns
try {
    & {
$(Convert-ExampleServer (Convert-ExamplePath $Code))
    } 2>&1 | ForEach-Object { if (`$_ -is [Management.Automation.ErrorRecord]) { "__ERROR__ `$(`$_.FullyQualifiedErrorId): `$_" } else { `$_ | Out-String -Stream } }
    '__ENDED__'
}
catch { "__ERROR__ `$(`$_.FullyQualifiedErrorId): `$_" }
"@
        & chmod a+r $file
        $output = & runuser -u $account -- env "CONVERSATIONEXPORT_CATALOG=$Catalog" "HOME=$accountHome" "DOTNET_CLI_HOME=$accountHome" `
            "CONVERSATIONEXPORT_KEYFILE=$(Join-Path $accountHome 'secret.key')" "CONVERSATIONEXPORT_MACHINE_KEYFILE=$(Join-Path $accountHome 'machine.key')" `
            "XDG_DATA_HOME=$(Join-Path $accountHome 'xdg')" dotnet $accountPwsh -NoProfile -NonInteractive -File $file 2>&1
        $lines = @($output | ForEach-Object { "$_" })
        [pscustomobject]@{
            Output = $lines
            Errors = @($lines | Where-Object { $_ -like '__ERROR__*' } | ForEach-Object { $_.Substring(10) }) + @(if ($LASTEXITCODE -ne 0) { "pwsh exited with $LASTEXITCODE`: $($lines -join "`n")" })
            Ended  = $lines -contains '__ENDED__'
        }
    }
    function Get-AccountCrontab { @(& crontab -u $account -l 2>$null) }
    function Clear-AccountCrontab { if ($isRoot) { & crontab -u $account -r 2>$null } }
    function Register-AccountSchedule([string] $Task, [string] $Catalog = $catalog) {
        $result = Invoke-ExampleAsAccount "Register-ExportSchedule -Task $Task -Daily -At 02:00 -TimeZone Europe/Budapest | Out-Null" $Catalog
        if ($result.Errors -or -not $result.Ended) { throw "Registering the schedule of $Task as $account failed: $($result.Output -join "`n")" }
    }
    function Assert-Crontab([string] $Task, [switch] $Not) {
        $lines = @(Get-AccountCrontab | Where-Object { $_ -like "*Invoke-ConversationExport*$Task*-Scheduled*" })
        if ($Not) { $lines | Should -BeNullOrEmpty -Because "the schedule of $Task is gone from the account's crontab" }
        else { $lines | Should -HaveCount 1 -Because "the account's crontab runs $Task" }
    }

    # A target the example made reaches its server: Test-StorageTarget writes and deletes a probe there.
    function Assert-TargetWorks([string[]] $Name) {
        foreach ($test in Invoke-InWorld "Test-StorageTarget -Name $($Name -join ', ')") {
            $test.Succeeded | Should -BeTrue -Because "the target $($test.Name) reaches its server ($($test.Failure))"
        }
    }

    # The notification settings an example saved reach its SMTP server: a run notifies, in a process of its own
    # that trusts the submission server's certificate, and the server received the mail with the expected login.
    function Assert-MailArrives($Server, [string] $Login) {
        Invoke-InWorld "New-ExportTask -Name MailCheck -StorageTarget Evidence -NotifyEmail 'ops@contoso.com' -NotifyOn Always -Query (New-ConversationQuery -Case 2026-0017) | Out-Null" | Out-Null
        $log = Join-Path $world "mail-$([guid]::NewGuid().ToString('N')).log"
        $env:SSL_CERT_FILE = $trustBundle
        try { $process = Start-ExportProcess -Script 'Invoke-ConversationExport -Task MailCheck' -LogPath $log }
        finally { Remove-Item Env:SSL_CERT_FILE }
        try { $process.WaitForExit(120000) | Should -BeTrue } finally { Stop-TestProcess $process }
        $mail = @(Get-TestMail $Server)
        $mail | Should -HaveCount 1 -Because "the run's notification goes through the example's server ($(Get-Content -Raw $log))"
        $mail[0].Recipients | Should -Be 'ops@contoso.com'
        if ($Login) { $mail[0].Login | Should -Be $Login } else { $mail[0].Login | Should -BeNullOrEmpty -Because 'the relay needs no login' }
        Get-ChildItem -LiteralPath $Server.Folder -Filter '*.json' | Remove-Item
    }

    # The database 'recordings' on the PostgreSQL server, emptied (its schema made anew: dropping the database would
    # break the connections the examples' process keeps pooled); -Login: with a catalog in it, which that login may use.
    Invoke-PostgresAdmin 'DROP DATABASE IF EXISTS recordings WITH (FORCE)' | Out-Null
    Invoke-PostgresAdmin 'CREATE DATABASE recordings' | Out-Null
    function Reset-RecordingsDatabase([string] $Login) {
        Invoke-PostgresAdmin "DROP SCHEMA public CASCADE; CREATE SCHEMA public; GRANT ALL ON SCHEMA public TO PUBLIC" recordings | Out-Null
        if (-not $Login) { return }
        Invoke-InWorld "Initialize-ConversationCatalog -Provider PostgreSql -ConnectionString 'Host=$($pg.Host);Port=$($pg.Port);Database=recordings' -Credential ([pscredential]::new('$($pg.User)', (ConvertTo-SecureString '$($pg.Password)' -AsPlainText -Force))) | Out-Null" | Out-Null
        Invoke-PostgresAdmin "GRANT USAGE ON SCHEMA public TO $Login; GRANT ALL ON ALL TABLES IN SCHEMA public TO $Login; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO $Login" recordings | Out-Null
    }

    # What an example needs of the world beyond the demo catalog, made just before it runs.
    $script:Prepare = @{
        'Connect-ConversationCatalog #4'    = { Reset-RecordingsDatabase -Login ce_export }
        'Initialize-ConversationCatalog #1' = { Reset-RecordingsDatabase }
        'New-StorageTarget #2'              = { Invoke-InWorld 'Remove-StorageTarget -Name Vault -Confirm:$false' | Out-Null }
        # Vault is an SFTP target whose stored password is out of date (#1), or whose pinned key is the old server's (#2).
        # The company mail server of Set-ExportSetting #1 is configured: the example replaces it with the relay.
        'Set-ExportSetting #2'              = {
            Invoke-InWorld ("Set-ExportSetting -SmtpServer smtp.contoso.com -SmtpPort 587 -SmtpUseTls -SmtpFrom 'ConversationExport <export@contoso.com>' " +
                "-SmtpCredential ([pscredential]::new('export@contoso.com', (ConvertTo-SecureString 'example-password' -AsPlainText -Force)))") | Out-Null
        }
        'Set-StorageTarget #1'              = { New-SftpVault -Password 'expired-password' -Fingerprint $sftp.Fingerprint }
        'Set-StorageTarget #2'              = { New-SftpVault -Password 'example-password' -Fingerprint ('SHA256:' + 'A' * 43) }
        # A run of Nightly in progress, in another process, held at a conversation Nightly exports (run 1 did).
        'Stop-ConversationExport #1'        = {
            $gate = Invoke-InWorld '(Get-Conversation -ConversationId (Get-ExportLog -RunId 1 | Select-Object -First 1).ConversationId).Files[0]'
            Start-HeldRun -Script 'Invoke-ConversationExport -Task Nightly' -Gate $gate | Out-Null
        }
        # Run 12 (stopped) resumed in another process, held at a conversation it has not exported yet.
        'Stop-ConversationExport #3'        = {
            $gate = Invoke-InWorld ('$delivered = @(Get-ExportLog -RunId 1).ConversationId; ' +
                '(Get-Conversation -ConversationId (Get-ExportLog -RunId 12 -State Pending | Where-Object ConversationId -NotIn $delivered | Select-Object -First 1).ConversationId).Files[0]')
            Start-HeldRun -Script 'Invoke-ConversationExport -Resume -RunId 12' -Gate $gate | Out-Null
        }
        # The schedules the examples change, read or remove, registered by the account.
        'Set-ExportSchedule #1'             = { Register-AccountSchedule Nightly }
        'Set-ExportSchedule #2'             = { Register-AccountSchedule Nightly }
        'Get-ExportSchedule #1'             = { Register-AccountSchedule Nightly }
        'Unregister-ExportSchedule #1'      = { Register-AccountSchedule Nightly }
        'Unregister-ExportSchedule #2'      = { Register-AccountSchedule AuditorHandover }
    }
    function New-SftpVault([string] $Password, [string] $Fingerprint) {
        Invoke-InWorld ("Remove-StorageTarget -Name Vault -Confirm:`$false; New-StorageTarget -Name Vault -Type Sftp -HostName 127.0.0.1 -Port $($sftp.Port) " +
            "-Credential ([pscredential]::new('$account', (ConvertTo-SecureString '$Password' -AsPlainText -Force))) -HostKeyFingerprint '$Fingerprint' -RemoteFolder '$($sftpFolder.FullName)' | Out-Null") | Out-Null
    }

    # What an example did to the servers and the world, checked after it ran ($Result: its output and errors).
    $script:Check = @{
        'Connect-ConversationCatalog #4'    = { param($Result) $Result.Output.Provider | Should -Be 'PostgreSql' }
        'Initialize-ConversationCatalog #1' = {
            Invoke-PostgresAdmin "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'conversation'" recordings | Should -Be 1 -Because 'the catalog''s tables are in the database'
        }
        'New-StorageTarget #2'              = { Assert-TargetWorks Vault }
        'New-StorageTarget #3'              = { Assert-TargetWorks Blob, Worm }
        'Set-StorageTarget #1'              = { Assert-TargetWorks Vault }
        'Set-StorageTarget #2'              = { param($Result) $Result.Output.Succeeded | Should -BeTrue -Because "Test-StorageTarget reached the server with the new key ($($Result.Output.Failure))" }
        'Set-ExportSetting #1'              = { Assert-MailArrives $submission 'export@contoso.com' }
        'Set-ExportSetting #2'              = { Assert-MailArrives $relay $null }
        'Stop-ConversationExport #1'        = {
            Stop-HeldRun $heldRuns[0]
            $stop = @(Invoke-InWorld 'Get-ExportAuditLog -Action StopExportRun -Last 1')
            $stop.Target | Should -Be 'Nightly'
            "$($stop.Outcome)" | Should -Be 'Succeeded'
        }
        'Stop-ConversationExport #3'        = {
            param($Result)
            $Result.Questions | Should -HaveCount 1 -Because '-Confirm asks before it stops the run'
            Stop-HeldRun $heldRuns[0]
            $stop = @(Invoke-InWorld 'Get-ExportAuditLog -Action StopExportRun -Last 1')
            $stop.Detail | Should -BeLike 'run 12*'
        }
        'Register-ExportSchedule #1'        = { Assert-Crontab Nightly }
        'Register-ExportSchedule #2'        = { Assert-Crontab Weekly }
        'Set-ExportSchedule #1'             = { Assert-Crontab Nightly }
        'Set-ExportSchedule #2'             = { Assert-Crontab Nightly }
        'Get-ExportSchedule #1'             = { param($Result) "$($Result.Output)" | Should -Match '\d' -Because 'it lists the next runs' }
        'Unregister-ExportSchedule #1'      = { Assert-Crontab Nightly -Not }
        'Unregister-ExportSchedule #2'      = { Assert-Crontab AuditorHandover -Not }
        'New-DemoRecording #3'              = { @(Get-ChildItem (Join-Path $root 'D/load/recordings') -Recurse -Filter '*.xml').Count | Should -Be 20 }
    }
    if ($IsWindows) {
        # The one real Task Scheduler task an example registers (Invoke-ConversationExport #7) goes again.
        $Check['Invoke-ConversationExport #7'] = { Unregister-ScheduledTask -TaskName 'ConversationExport Nightly' -Confirm:$false }
    }

    $script:crontabBefore = if (Get-Command crontab -ErrorAction SilentlyContinue) { (crontab -l 2>$null) -join "`n" }
}

AfterAll {
    foreach ($held in @($heldRuns)) { Stop-HeldRun $held -Kill }
    Clear-AccountCrontab
    foreach ($service in $sftp, $azurite, $s3) { Stop-TestService $service }
    foreach ($server in $submission, $relay) { Stop-TestSmtpServer $server }
    if ($pg) { try { Invoke-PostgresAdmin 'DROP DATABASE IF EXISTS recordings WITH (FORCE)' | Out-Null } catch { Write-Warning $_ } }
    if ($ownPostgres) { Stop-TestPostgres $ownPostgres }
    if ($null -ne $script:savedHome) { $env:HOME = $script:savedHome }
    if ($null -ne $script:savedModulePath) { $env:PSModulePath = $script:savedModulePath }
    Restore-IsolatedTestEnvironment
}

Describe 'Help example <Key>: <Title>' -ForEach $helpExamples -Skip:($env:CONVERSATIONEXPORT_TEST_PROVIDER -eq 'PostgreSql') {
    It 'runs as written' {
        Reset-World
        # The environment is the process's: what an example sets there (Get-ConversationCatalog #2) is put back.
        $environment = [Environment]::GetEnvironmentVariables()
        $session = New-ExampleSession
        try {
            # An example that creates a task or a template starts in a world without it.
            foreach ($created in [regex]::Matches($Code, 'New-Export(Task|Template) -Name (\S+)')) {
                $null = Invoke-Example $session "Remove-Export$($created.Groups[1].Value) -Name '$($created.Groups[2].Value)' -Confirm:`$false -ErrorAction SilentlyContinue"
            }
            if ($Prepare[$Key]) { & $Prepare[$Key] }
            if ($Answers[$Key]) { $session.Runspace.SessionStateProxy.SetVariable('__answers', $Answers[$Key]) }
            $result = $AsAccount ? (Invoke-ExampleAsAccount $Code $catalog) : (Invoke-Example $session $Code)
            $result | Add-Member Questions @($session.Runspace.SessionStateProxy.GetVariable('__host').Questions)
            $result.Errors | Should -BeNullOrEmpty -Because "the example is:`n$Code"
            $result.Ended | Should -BeTrue -Because "the example ran into an exit (its failure branch):`n$Code"
            if ($Check[$Key]) { & $Check[$Key] $result }
        }
        finally {
            Close-ExampleSession $session
            foreach ($name in $environment.Keys) { [Environment]::SetEnvironmentVariable($name, $environment[$name]) }
            foreach ($held in @($heldRuns)) { Stop-HeldRun $held -Kill }
            if ($AsAccount) { Clear-AccountCrontab }
        }
        Assert-NoProcessLeft
    }
}

Describe 'README tour' -Skip:($env:CONVERSATIONEXPORT_TEST_PROVIDER -eq 'PostgreSql') {
    BeforeAll {
        Reset-World -From $plain
        # The tour starts without a catalog of its own: it creates one under ~/recordings.
        $env:CONVERSATIONEXPORT_CATALOG = Join-Path $homeFolder 'default-catalog.db'
        $script:tour = New-ExampleSession

        # The catalog the tour's session uses at that step.
        function Get-TourCatalog { (Invoke-Example $tour '(Get-ConversationCatalog).Path' -AsIs).Output | Select-Object -First 1 }
        # What a tour statement needs of the world, by the start of its text, made just before it runs.
        $script:TourPrepare = @{
            # The server's catalog, which the statement connects to; the tour then goes on in the catalog it had.
            'Connect-ConversationCatalog -Provider PostgreSql' = {
                Reset-RecordingsDatabase -Login exporter
                $script:tourCatalog = Get-TourCatalog
            }
            # The account that registers the schedule (in its own crontab) administers the tour's catalog.
            'Register-ExportSchedule'                          = {
                $null = Invoke-Example $tour "New-ExportUser -Name $account -Administrator -Permission ([Enum]::GetNames([ConversationExport.ExportPermission])) | Out-Null" -AsIs
            }
            # A crashed run of Nightly: killed in its own process while it exported.
            'Invoke-ConversationExport -Resume'                = {
                $gate = (Invoke-Example $tour '(Get-Conversation -ConversationId (Get-ExportLog -RunId $run.RunId | Select-Object -First 1).ConversationId).Files[0]' -AsIs).Output | Select-Object -First 1
                $held = Start-HeldRun -Script 'Invoke-ConversationExport -Task Nightly' -Gate $gate -Catalog (Get-TourCatalog) -Hold
                Stop-HeldRun $held -Kill
            }
        }
        $script:TourCheck = @{
            'Connect-ConversationCatalog -Provider PostgreSql' = {
                param($Result)
                $Result.Output.Provider | Should -Be 'PostgreSql'
                $null = Invoke-Example $tour "Connect-ConversationCatalog -Path '$tourCatalog' | Out-Null" -AsIs
            }
            'Register-ExportSchedule'                          = { Assert-Crontab Nightly }
            'Invoke-ConversationExport -Resume'                = { param($Result) $Result.Output.State | Should -Be 'Completed' }
        }
    }
    AfterAll {
        Close-ExampleSession $tour
        Clear-AccountCrontab
        $env:CONVERSATIONEXPORT_CATALOG = $catalog
    }

    It 'step <Step> (line <Line>): <Title>' -ForEach $tourSteps {
        $key = $TourPrepare.Keys + $TourCheck.Keys | Where-Object { $Code -like "$_*" } | Select-Object -First 1
        if ($key -and $TourPrepare[$key]) { & $TourPrepare[$key] }
        # The module is already imported from the build under test.
        $code = $Code -replace '^Import-Module \./out/ConversationExport', 'Import-Module $env:CONVERSATIONEXPORT_TEST_MODULE'
        $result = $AsAccount ? (Invoke-ExampleAsAccount $code (Get-TourCatalog)) : (Invoke-Example $tour $code)
        $result.Errors | Should -BeNullOrEmpty -Because "the tour says:`n$Code"
        $result.Ended | Should -BeTrue
        if ($key -and $TourCheck[$key]) { & $TourCheck[$key] $result }
    }

    It 'leaves no export process running' {
        Assert-NoProcessLeft
    }
}

Describe 'The examples as a whole' -Skip:($env:CONVERSATIONEXPORT_TEST_PROVIDER -eq 'PostgreSql') {
    It 'found the examples of every exported cmdlet' {
        $covered = @($helpExamples.Cmdlet | Sort-Object -Unique)
        $covered.Count | Should -Be @(Get-Command -Module ConversationExport -CommandType Cmdlet, Function).Count
    }

    It 'left the crontab as it was' {
        $now = if (Get-Command crontab -ErrorAction SilentlyContinue) { (crontab -l 2>$null) -join "`n" }
        $now | Should -Be $crontabBefore
    }
}
