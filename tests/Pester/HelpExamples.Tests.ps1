# Every example a reader is shown works as written (SPEC §14): each help example of every exported
# cmdlet (read back through Get-Help, so a cmdlet added later is covered without touching this file)
# and each statement of the README tour, run against a demo catalog in a sandbox.
#
# How an example is run, and the one rewrite it gets:
# - in a fresh runspace with the module imported, the current location a sandbox folder (cwd/), HOME a
#   sandbox home (home/) and CONVERSATIONEXPORT_CATALOG a copy of the demo catalog;
# - absolute paths in its text are re-rooted in the sandbox folder root/ (Convert-ExamplePath):
#   /srv/ce/x -> root/srv/ce/x, D:\ce\x -> root/D/ce/x, \\nas01\x -> root/nas01/x;
# - prompts are answered by stand-ins: Read-Host returns a fixed secure string, Get-Credential a fixed login,
#   and confirmations are not asked ($ConfirmPreference = 'None': the user answers Yes);
# - an example that creates a named task or template (New-ExportTask/New-ExportTemplate -Name X) starts in a
#   world without it.
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
            $script:tourSteps += @{ Step = $script:tourSteps.Count + 1; Line = $line; Code = $statement; Title = ($statement -split '\r?\n')[0].Trim() }
            $statement = ''
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

    # Examples that cannot run here, each with its reason. Keep it short: everything else must pass.
    $script:SkipList = @{
        'Connect-ConversationCatalog #4'    = 'needs a PostgreSQL server named db01'
        'Initialize-ConversationCatalog #1' = 'needs a PostgreSQL server named db01'
        'Invoke-ConversationExport #7'      = 'Windows Task Scheduler (Register-ScheduledTask)'
        'New-StorageTarget #2'              = 'needs an SFTP server sftp.example.net'
        'New-StorageTarget #3'              = 'needs Azure Blob storage and an S3 service'
        'Set-StorageTarget #1'              = 'needs an SFTP target (SFTP server)'
        'Set-StorageTarget #2'              = 'needs an SFTP target (SFTP server)'
        'Register-ExportSchedule #1'        = 'edits the real crontab'
        'Register-ExportSchedule #2'        = 'edits the real crontab'
        'Set-ExportSchedule #1'             = 'edits the real crontab'
        'Set-ExportSchedule #2'             = 'edits the real crontab'
        'Unregister-ExportSchedule #1'      = 'edits the real crontab'
        'Unregister-ExportSchedule #2'      = 'edits the real crontab'
        'Get-ExportSchedule #1'             = 'needs a schedule, which only Register-ExportSchedule (the real crontab) makes'
        'Set-ExportSetting #1'              = 'needs an SMTP server smtp.contoso.com'
        'Set-ExportSetting #2'              = 'needs an SMTP relay relay.corp.local'
        'Stop-ConversationExport #1'        = 'needs a run in progress at that moment (Disable-ExportTask #2 stops and resumes one)'
        'Stop-ConversationExport #3'        = '-Confirm asks a person'
        'New-DemoRecording #3'              = 'a load-test corpus: writes tens of GB (examples #1 and #2 run the same cmdlet)'
        'README Connect-ConversationCatalog -Provider PostgreSql' = 'needs a PostgreSQL server named db01'
        'README Register-ExportSchedule'    = 'edits the real crontab'
        'README Get-ExportSchedule'         = 'needs the schedule of the skipped Register-ExportSchedule'
        'README Invoke-ConversationExport -Resume' = 'needs a crashed run (help example Invoke-ConversationExport #4 resumes one)'
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
    New-ExportUser -Name mkovacs -Permission ConversationExport | Out-Null
    New-ExportUser -Name adoe -Permission ConversationListExport | Out-Null
    Add-ExportGroupMember -Group Sales -Member mkovacs -Supervisor
    Add-ExportGroupMember -Group Desk -Member adoe
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

    # A runspace like a user's session in the sandbox.
    function New-ExampleSession {
        $session = [powershell]::Create()
        $null = $session.AddScript(@"
Import-Module '$(Get-TestModulePath)'
Set-Location '$cwd'
function Read-Host { param([Parameter(Position = 0)] `$Prompt, [switch] `$AsSecureString) if (`$AsSecureString) { ConvertTo-SecureString 'example-password' -AsPlainText -Force } else { 'example' } }
function Get-Credential { param([Parameter(Position = 0)] `$UserName = 'exporter', `$Message) [pscredential]::new(`$UserName, (ConvertTo-SecureString 'example-password' -AsPlainText -Force)) }
`$ConfirmPreference = 'None'
"@).Invoke()
        $session.Commands.Clear()
        $session
    }

    # Runs one example's code in a session; returns what a test needs to judge it.
    function Invoke-Example([powershell] $Session, [string] $Code, [int] $TimeoutSeconds = 300) {
        $Session.Streams.ClearStreams()
        $Session.Runspace.SessionStateProxy.SetVariable('__exampleEnded', $false)
        $null = $Session.AddScript((Convert-ExamplePath $Code) + "`n`$__exampleEnded = `$true")
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

    $script:crontabBefore = if (Get-Command crontab -ErrorAction SilentlyContinue) { (crontab -l 2>$null) -join "`n" }
}

AfterAll {
    if ($null -ne $script:savedHome) { $env:HOME = $script:savedHome }
    if ($null -ne $script:savedModulePath) { $env:PSModulePath = $script:savedModulePath }
    Restore-IsolatedTestEnvironment
}

Describe 'Help example <Key>: <Title>' -ForEach $helpExamples -Skip:($env:CONVERSATIONEXPORT_TEST_PROVIDER -eq 'PostgreSql') {
    It 'runs as written' {
        if ($SkipList.ContainsKey($Key)) { Set-ItResult -Skipped -Because $SkipList[$Key]; return }
        Reset-World
        # The environment is the process's: what an example sets there (Get-ConversationCatalog #2) is put back.
        $environment = [Environment]::GetEnvironmentVariables()
        $session = New-ExampleSession
        try {
            # An example that creates a task or a template starts in a world without it.
            foreach ($created in [regex]::Matches($Code, 'New-Export(Task|Template) -Name (\S+)')) {
                $null = Invoke-Example $session "Remove-Export$($created.Groups[1].Value) -Name '$($created.Groups[2].Value)' -Confirm:`$false -ErrorAction SilentlyContinue"
            }
            $result = Invoke-Example $session $Code
        }
        finally {
            $session.Dispose()
            foreach ($name in $environment.Keys) { [Environment]::SetEnvironmentVariable($name, $environment[$name]) }
        }
        $result.Errors | Should -BeNullOrEmpty -Because "the example is:`n$Code"
        $result.Ended | Should -BeTrue -Because "the example ran into an exit (its failure branch):`n$Code"
        Assert-NoProcessLeft
    }
}

Describe 'README tour' -Skip:($env:CONVERSATIONEXPORT_TEST_PROVIDER -eq 'PostgreSql') {
    BeforeAll {
        Reset-World -From $plain
        # The tour starts without a catalog of its own: it creates one under ~/recordings.
        $env:CONVERSATIONEXPORT_CATALOG = Join-Path $homeFolder 'default-catalog.db'
        $script:tour = New-ExampleSession
    }
    AfterAll {
        $tour.Dispose()
        $env:CONVERSATIONEXPORT_CATALOG = $catalog
    }

    It 'step <Step> (line <Line>): <Title>' -ForEach $tourSteps {
        $key = $SkipList.Keys | Where-Object { $_ -like 'README *' -and $Code -like "$($_.Substring(7))*" } | Select-Object -First 1
        if ($key) { Set-ItResult -Skipped -Because $SkipList[$key]; return }
        # The module is already imported from the build under test.
        $code = $Code -replace '^Import-Module \./out/ConversationExport', 'Import-Module $env:CONVERSATIONEXPORT_TEST_MODULE'
        $result = Invoke-Example $tour $code
        $result.Errors | Should -BeNullOrEmpty -Because "the tour says:`n$Code"
        $result.Ended | Should -BeTrue
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
