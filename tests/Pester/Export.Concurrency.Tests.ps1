# Runs that race each other (SPEC §6.1, §10, §11): two processes that start one task, or resume one
# run, at the same instant; a -Scheduled run that finds its task already running; and the counters of
# a run whose destination fills up. Each racing process is a real pwsh child that waits on a start
# barrier (a file the test creates once every child has reported ready), so the calls start together.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')
    $script:children = [Collections.Generic.List[Diagnostics.Process]]::new()

    # A catalog of $Count recordings, a storage target per task is made by New-RaceTask.
    function New-RaceCorpus {
        param([string] $Name, [int] $Count, [int] $MediaBytes = 64, [switch] $Incompressible, [int[]] $GateAt = @())
        New-IsolatedTestCatalog -Root (Join-Path $TestDrive "catalog-$Name") | Out-Null
        $folder = Join-Path $TestDrive "rec-$Name"
        $ids = Write-TestRecordings -Folder $folder -Count $Count -MediaBytes $MediaBytes -Incompressible:$Incompressible
        $gates = foreach ($at in $GateAt) {
            $gate = Join-Path $folder ('rec{0:D6}.wav' -f $at)
            [IO.File]::WriteAllBytes($gate, [byte[]]@())
            $gate
        }
        (Import-Conversation -Path $folder).Imported | Should -Be $Count
        [pscustomobject]@{ Ids = $ids; Folder = $folder; Gates = @($gates) }
    }

    # Runs a task into a full destination and checks it failed once, naming the cause; returns the run.
    function Invoke-FullDestinationRun([string] $Task) {
        $run = Invoke-ConversationExport -Task $Task -ThrottleLimit 1 -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $run.State | Should -Be 'Failed'
        (Get-ExportStatus -RunId $run.RunId).State | Should -Be 'Failed'
        @($problems) | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'RunFailed,*'
        $run.Message | Should -Match '(?i)full|space' -Because "the message names the cause: $($run.Message)"
        $run
    }

    function New-RaceTask {
        param([Parameter(Mandatory)] [string] $Name, [string] $Destination, [hashtable] $Settings = @{})
        if (-not $Destination) { $Destination = Join-Path $TestDrive "dest-$Name" }
        New-Item -ItemType Directory -Path $Destination -Force | Out-Null
        New-StorageTarget -Name "target-$Name" -Path $Destination | Out-Null
        New-ExportTask -Name $Name -StorageTarget "target-$Name" -RenamePattern '{ConversationId}' @Settings | Out-Null
        $Destination
    }

    # Starts one child per command; each imports the module, reports ready, waits for the barrier, runs
    # its command and writes its outcome (RunId/State or the error id, and its warnings) as JSON. A
    # terminating error is rethrown after the outcome is written, so the process exit code tells too.
    # Returns, once every child has exited, one object per child: ExitCode, Outcome, Output.
    function Invoke-Race {
        param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string[]] $Command, [int] $TimeoutSeconds = 180)
        $folder = Join-Path $TestDrive "race-$Name"
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        $go = Join-Path $folder 'go'
        $module = (Get-TestModulePath).Replace("'", "''")
        $started = for ($i = 0; $i -lt $Command.Count; $i++) {
            $ready = Join-Path $folder "ready-$i"
            $out = Join-Path $folder "outcome-$i.json"
            $file = Join-Path $folder "child-$i.ps1"
            Set-Content -LiteralPath $file -Value @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$module'
`$null = Get-Command Invoke-ConversationExport
[IO.File]::WriteAllText('$ready', "`$PID")
while (-not [IO.File]::Exists('$go')) { [Threading.Thread]::Sleep(1) }
`$outcome = [ordered]@{ RunId = `$null; State = `$null; ErrorId = `$null; Message = `$null; Warnings = @() }
`$warned = `$null
try {
    `$result = $($Command[$i]) -WarningVariable warned -WarningAction SilentlyContinue
    if (`$result) { `$outcome.RunId = `$result.RunId; `$outcome.State = "`$(`$result.State)"; `$outcome.Message = `$result.Message }
    `$outcome.Warnings = @(`$warned | ForEach-Object { "`$_" })
    `$outcome | ConvertTo-Json | Set-Content -LiteralPath '$out'
}
catch {
    `$outcome.ErrorId = `$_.FullyQualifiedErrorId
    `$outcome.Message = "`$_"
    `$outcome.Warnings = @(`$warned | ForEach-Object { "`$_" })
    `$outcome | ConvertTo-Json | Set-Content -LiteralPath '$out'
    throw
}
"@
            $start = [Diagnostics.ProcessStartInfo]::new((Get-PwshPath))
            foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $file) { $start.ArgumentList.Add($argument) }
            $start.UseShellExecute = $false
            $start.RedirectStandardOutput = $true
            $start.RedirectStandardError = $true
            $process = [Diagnostics.Process]::Start($start)
            $children.Add($process)
            [pscustomobject]@{ Process = $process; Ready = $ready; Out = $out; Stdout = $process.StandardOutput.ReadToEndAsync(); Stderr = $process.StandardError.ReadToEndAsync() }
        }
        $null = Wait-Until { @($started | Where-Object { -not (Test-Path -LiteralPath $_.Ready) }).Count -eq 0 } -Because "every racer of $Name is ready at the barrier" -TimeoutSeconds 60 -IntervalMilliseconds 20
        [IO.File]::WriteAllBytes($go, [byte[]]@())
        foreach ($child in $started) {
            $child.Process.WaitForExit($TimeoutSeconds * 1000) | Should -BeTrue -Because "racer $($child.Process.Id) of $Name ends"
            $child.Process.WaitForExit()
            [pscustomobject]@{
                ExitCode = $child.Process.ExitCode
                Outcome  = (Test-Path -LiteralPath $child.Out) ? (Get-Content -Raw -LiteralPath $child.Out | ConvertFrom-Json) : $null
                Output   = "$($child.Stdout.Result)$($child.Stderr.Result)"
            }
        }
    }

    # The one racer that ran and the one that was refused; fails when it is not exactly one of each.
    function Split-RaceResult {
        param([object[]] $Result, [string] $What)
        $detail = ($Result | ForEach-Object { "exit $($_.ExitCode): $($_.Outcome | ConvertTo-Json -Compress) $($_.Output)" }) -join ' || '
        @($Result | Where-Object { $null -eq $_.Outcome }) | Should -HaveCount 0 -Because "every racer writes its outcome ($detail)"
        $ran = @($Result | Where-Object { $null -ne $_.Outcome.RunId })
        $ran | Should -HaveCount 1 -Because "exactly one of the racers may run $What ($detail)"
        [pscustomobject]@{ Ran = $ran[0]; Refused = @($Result | Where-Object { $null -eq $_.Outcome.RunId })[0]; Detail = $detail }
    }

    function Get-DeliveredId {
        param([Parameter(Mandatory)] [string] $Folder, [string] $Extension = 'wav')
        foreach ($zip in Get-ChildItem -LiteralPath $Folder -Filter '*.zip' -File) {
            Get-ConversationIdFromEntry (Get-7zEntryName $zip.FullName) -Extension $Extension
        }
    }

    function Assert-ExactlyOnce {
        param([string[]] $Delivered, [string[]] $Expected, [string] $What)
        $Delivered.Count | Should -Be $Expected.Count -Because "$What must be delivered once each (duplicates: $(@($Delivered | Group-Object | Where-Object Count -GT 1).Count))"
        @($Expected | Where-Object { $_ -notin $Delivered }) | Should -HaveCount 0 -Because "no selected conversation may be lost ($What)"
    }

    function Assert-ArchivesTest {
        param([Parameter(Mandatory)] [string[]] $Path)
        foreach ($zip in $Path) {
            $test = Invoke-NativeTool 7z 't', $zip
            $test.ExitCode | Should -Be 0 -Because "7z t $zip`: $($test.Output)"
        }
    }
}

AfterAll {
    foreach ($process in $children) { Stop-TestProcess $process }
    Restore-IsolatedTestEnvironment
}

# Skipped on Windows only (not temporary): the racers and gate holders are started the POSIX way
# (the gate holder is a POSIX shell script); Linux CI runs these.
Describe 'Two processes starting one task at the same instant' -Skip:$IsWindows {
    BeforeAll {
        # 600 small recordings at -ThrottleLimit 1 take a couple of seconds: the two runs would overlap.
        $script:corpus = New-RaceCorpus -Name 'start' -Count 600
        $script:delivered = @{}
        $script:winners = [Collections.Generic.List[long]]::new()

        function Assert-DeliveredUnchanged {
            foreach ($path in $delivered.Keys) {
                Test-Path -LiteralPath $path | Should -BeTrue -Because "$path was delivered and must not disappear"
                Get-Sha256 $path | Should -Be $delivered[$path] -Because "$path was delivered and must never change"
            }
        }
    }

    It 'trial <_>: one process runs the task, the other is refused with RunAlreadyActive' -ForEach (1..20) {
        $task = "start$_"
        $destination = New-RaceTask -Name $task -Settings @{ ArchiveMethod = 'Zip' }
        $command = "Invoke-ConversationExport -Task $task -ThrottleLimit 1"
        $race = Split-RaceResult (Invoke-Race -Name $task -Command $command, $command) -What "task $task"

        $race.Ran.Outcome.State | Should -Be 'Completed' -Because $race.Detail
        $race.Ran.ExitCode | Should -Be 0 -Because $race.Detail
        $race.Refused.Outcome.ErrorId | Should -Be 'RunAlreadyActive,ConversationExport.Commands.Export.InvokeConversationExportCommand' -Because $race.Detail
        $race.Refused.ExitCode | Should -Not -Be 0 -Because 'a refused run is a terminating error without -Scheduled'

        $runs = @(Get-ExportStatus -Task $task)
        $runs | Should -HaveCount 1 -Because "one run of $task was created, not $($runs.Count) ($($race.Detail))"
        $runs[0].RunId | Should -Be $race.Ran.Outcome.RunId
        $runs[0].State | Should -Be 'Completed'
        $runs[0].Exported | Should -Be $corpus.Ids.Count

        $zips = @(Get-ChildItem -LiteralPath $destination -Filter '*.zip' -File)
        $zips | Should -HaveCount 1
        $zips[0].Name | Should -Match "^$task`_\d{8}_\d{6}(_\d+)?\.zip$"
        @($runs[0].Outputs) | Should -Be @($zips[0].FullName)
        @(Get-ChildItem -LiteralPath $destination -Force | Where-Object Name -Like '*.partial') | Should -HaveCount 0
        Assert-ArchivesTest $zips.FullName
        Assert-ExactlyOnce -Delivered @(Get-DeliveredId $destination) -Expected $corpus.Ids -What "media of $task"

        Assert-DeliveredUnchanged
        foreach ($file in Get-ChildItem -LiteralPath $destination -Recurse -File -Force) { $delivered[$file.FullName] = Get-Sha256 $file.FullName }
        $winners.Add($race.Ran.Outcome.RunId)
    }

    It 'has changed or removed no file delivered by any trial' {
        $delivered.Count | Should -BeGreaterOrEqual 20
        Assert-DeliveredUnchanged
    }

    It 'resumes the runs left Failed, Interrupted or Cancelled (if any) without touching a delivered file' {
        $leftOver = @(foreach ($state in 'Failed', 'Interrupted', 'Cancelled') { Get-ExportStatus -State $state })
        foreach ($run in $leftOver) {
            try { $null = Invoke-ConversationExport -Resume -RunId $run.RunId -ThrottleLimit 1 -WarningAction SilentlyContinue -ErrorAction SilentlyContinue }
            catch { Write-Host "Resume of left-over run $($run.RunId) ($($run.State)): $($_.FullyQualifiedErrorId) $_" }
        }
        Assert-DeliveredUnchanged
    }

    It 'refuses to resume a Completed run with RunNotResumable, and no delivered file changes' {
        $winners.Count | Should -BeGreaterThan 0
        foreach ($runId in $winners | Select-Object -First 3) {
            { Invoke-ConversationExport -Resume -RunId $runId } | Should -Throw -ErrorId 'RunNotResumable,*'
            (Get-ExportStatus -RunId $runId).State | Should -Be 'Completed'
        }
        Assert-DeliveredUnchanged
    }
}

# Skipped on Windows only (not temporary): see above; Linux CI runs these.
Describe 'Two -Scheduled processes starting one task at the same instant' -Skip:$IsWindows {
    BeforeAll {
        $script:corpus = New-RaceCorpus -Name 'scheduled' -Count 600
    }

    It 'trial <_>: one runs, the other warns that the task is already running and exits 0' -ForEach (1..10) {
        $task = "scheduled$_"
        # A scheduled run starts only for an enabled task, and saving a task enabled starts a run of
        # its own in the background: that one ends first, then the two scheduled runs race.
        $destination = New-RaceTask -Name $task -Settings @{ ArchiveMethod = 'Zip'; Enabled = $true }
        $null = Wait-Until { $r = @(Get-ExportStatus -Task $task); if ($r.Count -gt 0 -and @($r | Where-Object State -In 'Queued', 'Running').Count -eq 0) { $r } } -Because "the run started by saving $task enabled ended" -TimeoutSeconds 120 -IntervalMilliseconds 200
        $before = @(Get-ExportStatus -Task $task).RunId
        $zipsBefore = @(Get-ChildItem -LiteralPath $destination -Filter '*.zip' -File).FullName
        # Scheduled runs are incremental: what arrives after that run is what they have to export.
        $fresh = Write-TestRecordings -Folder (Join-Path $TestDrive "rec-$task") -Count 600 -Prefix "s$_" -Seed (100 + $_)
        (Import-Conversation -Path (Join-Path $TestDrive "rec-$task")).Imported | Should -Be 600
        $command = "Invoke-ConversationExport -Task $task -Scheduled -ThrottleLimit 1"
        $race = Split-RaceResult (Invoke-Race -Name $task -Command $command, $command) -What "task $task"

        $race.Ran.Outcome.State | Should -Be 'Completed' -Because $race.Detail
        $race.Ran.ExitCode | Should -Be 0
        $race.Refused.Outcome.ErrorId | Should -BeNullOrEmpty -Because "-Scheduled warns instead of failing ($($race.Detail))"
        $race.Refused.ExitCode | Should -Be 0 -Because $race.Detail
        @($race.Refused.Outcome.Warnings) -join "`n" | Should -BeLike '*already running*' -Because $race.Detail

        $runs = @(Get-ExportStatus -Task $task | Where-Object RunId -NotIn $before)
        $runs | Should -HaveCount 1 -Because "one new run of $task was created, not $($runs.Count) ($($race.Detail))"
        $runs[0].RunId | Should -Be $race.Ran.Outcome.RunId
        $zips = @(Get-ChildItem -LiteralPath $destination -Filter '*.zip' -File | Where-Object FullName -NotIn $zipsBefore)
        $zips | Should -HaveCount 1 -Because 'the one scheduled run delivered one archive'
        @($runs[0].Outputs) | Should -Be @($zips[0].FullName)
        Assert-ArchivesTest $zips.FullName
        Assert-ExactlyOnce -Delivered @(Get-ConversationIdFromEntry (Get-7zEntryName $zips[0].FullName)) -Expected $fresh -What "media of $task"
    }
}

# Skipped on Windows only (not temporary): the gate holder that pauses the runs is a POSIX shell script; Linux CI runs these.
Describe 'Two simultaneous resumes of one run' -Skip:$IsWindows {
    BeforeAll {
        # 300 conversations of 20 KB into parts of at most 1 MB (the smallest allowed), killed at conversation 150.
        $script:corpus = New-RaceCorpus -Name 'resume' -Count 300 -MediaBytes 20000 -Incompressible -GateAt 150
        $script:gate = $corpus.Gates[0]
        $script:holders = [Collections.Generic.List[object]]::new()
        $script:interrupted = @{}
        foreach ($trial in 1..5) {
            $task = "resume$trial"
            New-RaceTask -Name $task -Settings @{ ArchiveMethod = 'Zip'; MaxArchiveSize = 1MB } | Out-Null
            Lock-Gate $gate
            $holder = Start-GateHolder -Path $gate
            $holders.Add($holder)
            $child = Start-ExportProcess -Script "Invoke-ConversationExport -Task $task -ThrottleLimit 1" -LogPath (Join-Path $TestDrive "$task.log")
            $children.Add($child)
            Wait-GateReached $holder
            $interrupted[$trial] = (Get-ExportStatus -Task $task -Last 1).RunId
            Stop-Process -Id $child.Id -Force
            $null = $child.WaitForExit(10000)
            Open-Gate $holder
        }
        Unlock-Gate $gate
        # The engine calls a heartbeat stale after 30 s; the five killed runs go stale together.
        foreach ($runId in $interrupted.Values) {
            $null = Wait-Until { (Get-ExportStatus -RunId $runId).State -ne 'Running' } -Because "run $runId is no longer Running" -TimeoutSeconds 90 -IntervalMilliseconds 500
        }
    }

    AfterAll {
        foreach ($holder in $holders) { Open-Gate $holder; Stop-TestProcess $holder.Process }
    }

    It 'trial <_>: exactly one resume completes the run, the other is refused with RunAlreadyActive' -ForEach (1..5) {
        $task = "resume$_"
        $runId = $interrupted[$_]
        $destination = Join-Path $TestDrive "dest-$task"
        (Get-ExportStatus -RunId $runId).State | Should -Be 'Interrupted'
        $command = "Invoke-ConversationExport -Resume -RunId $runId -ThrottleLimit 1"
        $race = Split-RaceResult (Invoke-Race -Name "$task-resume" -Command $command, $command) -What "run $runId"

        $race.Ran.Outcome.RunId | Should -Be $runId
        $race.Ran.Outcome.State | Should -Be 'Completed' -Because $race.Detail
        $race.Refused.Outcome.ErrorId | Should -Not -BeLike 'RunFailed,*' -Because $race.Detail
        $race.Refused.Outcome.ErrorId | Should -BeLike 'RunAlreadyActive,*' -Because $race.Detail
        $race.Refused.Outcome.Message | Should -BeLike '*already being run or resumed*'

        $final = Get-ExportStatus -RunId $runId
        $final.State | Should -Be 'Completed'
        $final.Exported | Should -Be 300
        @(Get-ExportStatus -Task $task) | Should -HaveCount 1
        $zips = @(Get-ChildItem -LiteralPath $destination -Filter '*.zip' -File)
        ($final.Outputs | Sort-Object) | Should -Be ($zips.FullName | Sort-Object)
        @(Get-ChildItem -LiteralPath $destination -Force | Where-Object Name -Like '*.partial') | Should -HaveCount 0
        Assert-ArchivesTest $zips.FullName
        Assert-ExactlyOnce -Delivered @(Get-DeliveredId $destination) -Expected $corpus.Ids -What "media of run $runId"
        Assert-ExactlyOnce -Delivered @(Get-DeliveredId $destination -Extension xml) -Expected $corpus.Ids -What "sidecars of run $runId"
    }
}

# Linux as root only (not temporary): the full destination is a small tmpfs, and only root may mount one.
Describe 'A run whose destination fills up' -Skip:(-not $IsLinux -or ((& id -u) -ne '0')) {
    BeforeAll {
        # 40 incompressible recordings of 200 KB (8 MB) into 3 MB file systems.
        $script:corpus = New-RaceCorpus -Name 'full' -Count 40 -MediaBytes 200000 -Incompressible
        $script:mounts = [Collections.Generic.List[string]]::new()
        foreach ($name in 'full-zip', 'full-none') {
            $mount = Join-Path $TestDrive "mnt-$name"
            New-Item -ItemType Directory -Path $mount | Out-Null
            $result = Invoke-NativeTool mount '-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', $mount
            $result.ExitCode | Should -Be 0 -Because $result.Output
            $mounts.Add($mount)
        }
        $script:zipDestination = New-RaceTask -Name 'full-zip' -Destination $mounts[0] -Settings @{ ArchiveMethod = 'Zip'; MaxArchiveSize = 1MB }
        $script:noneDestination = New-RaceTask -Name 'full-none' -Destination $mounts[1] -Settings @{ ArchiveMethod = 'None' }
    }

    AfterAll {
        foreach ($mount in $mounts) { $null = Invoke-NativeTool umount $mount }
    }

    Context 'ArchiveMethod Zip with parts of at most 1 MB' {
        It 'fails with RunFailed, State Failed and a message that says the destination is full' {
            $script:failed = Invoke-FullDestinationRun 'full-zip'
        }

        It 'counts only delivered parts: Outputs are the .zip files on disk, each passes 7z t, Exported is what they hold' {
            $zips = @(Get-ChildItem -LiteralPath $zipDestination -Filter '*.zip' -File)
            $zips.Count | Should -BeGreaterThan 0 -Because 'parts of 1 MB were delivered before 3 MB filled up'
            $status = Get-ExportStatus -RunId $failed.RunId
            (@($status.Outputs) | Sort-Object) | Should -Be ($zips.FullName | Sort-Object)
            Assert-ArchivesTest $zips.FullName
            $inside = @(Get-DeliveredId $zipDestination | Sort-Object -Unique)
            $status.Exported | Should -Be $inside.Count
            $status.Exported | Should -BeLessThan 40
            $status.Bytes | Should -Be ((Get-ExportLog -RunId $failed.RunId -State Exported | Measure-Object Bytes -Sum).Sum ?? 0)
            @(Get-ExportLog -RunId $failed.RunId -State Exported).ConversationId | Sort-Object | Should -Be $inside
            @(Get-ChildItem -LiteralPath $zipDestination -Recurse -Force | Where-Object Name -Like '*.partial') | Should -HaveCount 0
        }

        It 'completes on -Resume once there is room, every conversation delivered exactly once' {
            $result = Invoke-NativeTool mount '-o', 'remount,size=64m', $zipDestination
            $result.ExitCode | Should -Be 0 -Because $result.Output
            $resumed = Invoke-ConversationExport -Resume -RunId $failed.RunId -ThrottleLimit 1 -WarningAction SilentlyContinue
            $resumed.State | Should -Be 'Completed' -Because $resumed.Message
            $resumed.Exported | Should -Be 40
            $zips = @(Get-ChildItem -LiteralPath $zipDestination -Filter '*.zip' -File)
            ($resumed.Outputs | Sort-Object) | Should -Be ($zips.FullName | Sort-Object)
            Assert-ArchivesTest $zips.FullName
            Assert-ExactlyOnce -Delivered @(Get-DeliveredId $zipDestination) -Expected $corpus.Ids -What 'media'
            @(Get-ChildItem -LiteralPath $zipDestination -Recurse -Force | Where-Object Name -Like '*.partial') | Should -HaveCount 0
        }
    }

    Context 'ArchiveMethod None' {
        BeforeAll {
            function Get-RunFolder { @(Get-ChildItem -LiteralPath $noneDestination -Directory) }
            # Relative path ('/'-separated) of every file under the run folder.
            function Get-RunFile([string] $Folder) {
                $root = $Folder.TrimEnd('/')
                Get-ChildItem -LiteralPath $root -Recurse -File -Force | ForEach-Object { $_.FullName.Substring($root.Length + 1) }
            }
        }

        It 'fails with RunFailed, State Failed and a message that says the destination is full' {
            $script:failedNone = Invoke-FullDestinationRun 'full-none'
        }

        It 'counts only the files in place: Exported is the conversations on disk, and every file on disk belongs to one of them' {
            $folders = Get-RunFolder
            $folders | Should -HaveCount 1
            $files = @(Get-RunFile $folders[0].FullName)
            @($files | Where-Object { $_ -like '*.partial' }) | Should -HaveCount 0
            $onDisk = @($files | Where-Object { $_ -like '*.wav' } | ForEach-Object { [IO.Path]::GetFileNameWithoutExtension($_) } | Sort-Object -Unique)
            $status = Get-ExportStatus -RunId $failedNone.RunId
            $status.Exported | Should -Be $onDisk.Count -Because "media of $($onDisk.Count) conversations are on disk"
            $status.Exported | Should -BeLessThan 40
            $exported = @(Get-ExportLog -RunId $failedNone.RunId -State Exported)
            ($exported.ConversationId | Sort-Object) | Should -Be $onDisk
            $allowed = @($exported.Files) + @('cdr.csv', 'cdr.pdf', 'manifest.json')
            $stray = @($files | Where-Object { $_ -notin $allowed })
            $stray | Should -HaveCount 0 -Because "only files of Exported conversations may stay on disk (found: $($stray -join ', '))"
            $status.Bytes | Should -Be (($exported | Measure-Object Bytes -Sum).Sum ?? 0)
        }

        It 'completes on -Resume once there is room, every conversation delivered exactly once' {
            $result = Invoke-NativeTool mount '-o', 'remount,size=64m', $noneDestination
            $result.ExitCode | Should -Be 0 -Because $result.Output
            $resumed = Invoke-ConversationExport -Resume -RunId $failedNone.RunId -ThrottleLimit 1 -WarningAction SilentlyContinue
            $resumed.State | Should -Be 'Completed' -Because $resumed.Message
            $resumed.Exported | Should -Be 40
            $folders = Get-RunFolder
            $folders | Should -HaveCount 1
            $files = @(Get-RunFile $folders[0].FullName)
            @($files | Where-Object { $_ -like '*.partial' }) | Should -HaveCount 0
            $media = @($files | Where-Object { $_ -like '*.wav' } | ForEach-Object { [IO.Path]::GetFileNameWithoutExtension($_) })
            Assert-ExactlyOnce -Delivered $media -Expected $corpus.Ids -What 'media'
        }
    }
}
