# Running exports (SPEC §6.1, §10, §11): the ExportRun a run returns, status from another
# session, the per-conversation log, -WhatIf, ad hoc and background runs, and runs that fail.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')

    function Get-ChildScript([string] $Body) {
        "`$ErrorActionPreference = 'Stop'; Import-Module '$((Get-TestModulePath).Replace("'", "''"))'`n$Body"
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'Invoke-ConversationExport' {
    BeforeAll {
        $script:catalog = New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'runs')
        $script:folder = Join-Path $TestDrive 'rec'
        $script:ids = 1..4 | ForEach-Object { New-TestRecording -Folder $folder -Name "call$_" -MediaBytes 262144 }
        Import-Conversation -Path $folder | Out-Null
        $script:sourceBytes = (Get-ChildItem $folder -File | Measure-Object Length -Sum).Sum
        New-TestTask -Name 'daily' -Settings @{ RenamePattern = '{ConversationId}'; MetadataFormat = 'Xml' } | Out-Null
        $script:run = Invoke-ConversationExport -Task 'daily'
    }

    It 'returns an ExportRun with the counts, bytes and archive of the run' {
        $run | Should -BeOfType ConversationExport.ExportRun
        $run.Task | Should -Be 'daily'
        $run.State | Should -Be 'Completed'
        $run.Selected | Should -Be 4
        $run.Exported | Should -Be 4
        $run.Skipped | Should -Be 0
        $run.Failed | Should -Be 0
        $run.Bytes | Should -Be $sourceBytes -Because 'Bytes is the original size of every exported file, media and sidecars'
        $run.PercentComplete | Should -Be 100
        $run.EndedUtc | Should -Not -BeNullOrEmpty
        $run.Destination | Should -Be (Join-Path $TestDrive 'dest-daily')
        @($run.Outputs) | Should -HaveCount 1
        $run.Outputs[0] | Should -Exist
        (Get-ConversationIdFromEntry (Get-ZipEntryName $run.Outputs[0]) | Sort-Object) | Should -Be ($ids | Sort-Object)
    }

    It 'knows the size of the whole run from its snapshot: TotalBytes of a run that exported everything equals its Bytes' {
        # TotalBytes is the base of progress and ETA; a total that leaves the sidecars out lets Bytes pass 100 %.
        $run.TotalBytes | Should -Be $run.Bytes
    }

    It 'is visible to Get-ExportStatus in another PowerShell process' {
        $child = Invoke-CleanSession (Get-ChildScript "Get-ExportStatus -RunId $($run.RunId) | Select-Object RunId, Task, State, Selected, Exported, Failed, Bytes | ConvertTo-Json -EnumsAsStrings")
        $child.ExitCode | Should -Be 0 -Because $child.Output
        $seen = $child.Output | ConvertFrom-Json
        $seen.RunId | Should -Be $run.RunId
        $seen.Task | Should -Be 'daily'
        $seen.State | Should -Be 'Completed'
        $seen.Exported | Should -Be 4
        $seen.Bytes | Should -Be $sourceBytes
    }

    It 'lists each conversation''s outcome and files in Get-ExportLog' {
        $log = @(Get-ExportLog -RunId $run.RunId)
        $log | Should -HaveCount 4
        ($log.ConversationId | Sort-Object) | Should -Be ($ids | Sort-Object)
        foreach ($entry in $log) {
            $entry.State | Should -Be 'Exported'
            ($entry.Files | Sort-Object) | Should -Be @("2026/11/28/$($entry.ConversationId).wav", "2026/11/28/$($entry.ConversationId).xml")
        }
        ($log | Measure-Object Bytes -Sum).Sum | Should -Be $sourceBytes
    }

    It 'keeps the run summary but no per-conversation rows with -NoDatabaseLog' {
        New-TestTask -Name 'nolog' -Settings @{ NoDatabaseLog = $true; MetadataFormat = 'Xml' } | Out-Null
        $quiet = Invoke-ConversationExport -Task 'nolog'
        $quiet.Exported | Should -Be 4
        $summary = Get-ExportStatus -RunId $quiet.RunId
        $summary.State | Should -Be 'Completed'
        $summary.Exported | Should -Be 4
        $summary.Bytes | Should -Be $sourceBytes
        @(Get-ExportLog -RunId $quiet.RunId -WarningVariable warned -WarningAction SilentlyContinue) | Should -HaveCount 0
        "$warned" | Should -Match 'NoDatabaseLog'
        @(Get-ExportLog -RunId $run.RunId) | Should -HaveCount 4 -Because 'the other task''s log is untouched'
    }

    It 'with -WhatIf reports the count, size and destination, and writes nothing' {
        New-TestTask -Name 'preview' | Out-Null
        $child = Invoke-CleanSession (Get-ChildScript "Invoke-ConversationExport -Task preview -WhatIf")
        $child.ExitCode | Should -Be 0 -Because $child.Output
        $child.Output | Should -Match 'What if:'
        $child.Output | Should -Match '4 conversation'
        $child.Output | Should -Match '1\.0 MB' -Because '4 media files of 256 KiB are 1 MB'
        ($child.Output -replace '\s+', '') | Should -BeLike "*$(Join-Path $TestDrive 'dest-preview')*"
        @(Get-ChildItem (Join-Path $TestDrive 'dest-preview') -Force) | Should -HaveCount 0
        @(Get-ExportStatus -Task 'preview') | Should -HaveCount 0
    }

    It 'exports exactly the piped conversations ad hoc, named after -RunName' {
        $destination = Join-Path $TestDrive 'dest-adhoc'
        New-Item -ItemType Directory -Path $destination | Out-Null
        $adhoc = Get-Conversation -ConversationId $ids[1], $ids[3] | Invoke-ConversationExport -Destination $destination -RunName 'Case 2026-0017' -RenamePattern '{ConversationId}' -MetadataFormat Xml
        $adhoc.State | Should -Be 'Completed'
        $adhoc.Selected | Should -Be 2
        $adhoc.Task | Should -Be 'Case 2026-0017'
        $files = @(Get-ChildItem $destination -File)
        $files | Should -HaveCount 1
        $files[0].Name | Should -Match '^Case 2026-0017_\d{8}_\d{6}\.zip$'
        (Get-ConversationIdFromEntry (Get-ZipEntryName $files[0].FullName) | Sort-Object) | Should -Be (@($ids[1], $ids[3]) | Sort-Object)
    }

    It 'with -AsJob returns a job whose output is the ExportRun' {
        $job = Invoke-ConversationExport -Task 'daily' -AsJob
        $job | Should -BeOfType System.Management.Automation.Job
        $result = $job | Receive-Job -Wait -AutoRemoveJob
        $result | Should -BeOfType ConversationExport.ExportRun
        $result.State | Should -Be 'Completed'
        $result.Exported | Should -Be 4
        $result.RunId | Should -Not -Be $run.RunId
        $result.Outputs[0] | Should -Exist
    }

    It 'runs under Start-ThreadJob with the session''s catalog passed along' {
        $module = Get-TestModulePath
        $job = Start-ThreadJob {
            Import-Module $using:module
            Invoke-ConversationExport -Task 'daily' -Catalog $using:catalog -WarningAction SilentlyContinue
        }
        $result = $job | Receive-Job -Wait -AutoRemoveJob
        $result.State | Should -Be 'Completed'
        $result.Exported | Should -Be 4
    }
}

Describe 'Ad-hoc runs into new folders, and as jobs' {
    BeforeAll {
        New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'job-progress') | Out-Null
        # Batches are 100 conversations: 250 make three, so the job reports progress more than once.
        $script:jobFolder = Join-Path $TestDrive 'job-rec'
        New-DemoRecording -Path $jobFolder -Count 250 -Seed 11 | Out-Null
        Import-Conversation -Path $jobFolder | Out-Null
    }

    It 'creates a missing -Destination with its parents, as New-Item -Force would' {
        $destination = Join-Path $TestDrive 'case-0017/exports'
        $run = Get-Conversation -First 3 | Invoke-ConversationExport -Destination $destination -ArchiveMethod Zip
        $run.State | Should -Be 'Completed'
        $zip = @(Get-ChildItem $destination -Filter *.zip)
        $zip | Should -HaveCount 1
        Get-ZipEntryName $zip[0].FullName | Should -Contain 'manifest.json'
    }

    It 'fills the job''s Progress with rising percentages, ending in a Completed record at 100' {
        $job = Get-Conversation | Invoke-ConversationExport -Destination (Join-Path $TestDrive 'job-out') -AsJob
        try {
            # Read before Receive-Job, which hands the progress records to the host and empties the collection.
            $job | Wait-Job -Timeout 600 | Out-Null
            $records = @($job.Progress)
            $run = $job | Receive-Job
            $run.State | Should -Be 'Completed'
            $records.Count | Should -BeGreaterThan 1 -Because 'a record per batch that moved the percentage, then the Completed record'
            $percents = @($records | ForEach-Object PercentComplete)
            for ($i = 1; $i -lt $percents.Count; $i++) { $percents[$i] | Should -BeGreaterOrEqual $percents[$i - 1] -Because "percentages rise: $($percents -join ', ')" }
            $percents[0] | Should -BeLessThan 100 -Because "the first batch of three is not the whole run: $($percents -join ', ')"
            $records[-1].RecordType | Should -Be 'Completed'
            $records[-1].PercentComplete | Should -Be 100
            @($records | Where-Object RecordType -eq 'Processing') | ForEach-Object { $_.StatusDescription | Should -Match 'of 250 conversations' }
        }
        finally { $job | Remove-Job -Force }
    }
}

Describe 'A conversation that fails' {
    BeforeAll {
        New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'failing') | Out-Null
        $folder = Join-Path $TestDrive 'rec-failing'
        $script:good = 1..3 | ForEach-Object { New-TestRecording -Folder $folder -Name "good$_" }
        $script:gone = New-TestRecording -Folder $folder -Name 'gone'
        Import-Conversation -Path $folder | Out-Null
        Remove-Item (Join-Path $folder 'gone.wav')
        New-TestTask -Name 'missing' -Settings @{ RenamePattern = '{ConversationId}' } | Out-Null
        $script:run = Invoke-ConversationExport -Task 'missing' -WarningVariable warned -WarningAction SilentlyContinue
        $script:warned = $warned
    }

    It 'is logged Failed with the reason, and the run ends CompletedWithErrors' {
        $run.State | Should -Be 'CompletedWithErrors'
        $run.Failed | Should -Be 1
        $run.Exported | Should -Be 3
        $entry = Get-ExportLog -RunId $run.RunId | Where-Object ConversationId -EQ $gone
        $entry.State | Should -Be 'Failed'
        $entry.Reason | Should -Match 'missing'
        $entry.Reason | Should -BeLike '*gone.wav*'
        "$warned" | Should -Match '1 failed'
    }

    It 'does not stop the others from being exported, and leaves nothing of its own in the archive' {
        $entries = @(Get-ZipEntryName $run.Outputs[0])
        (Get-ConversationIdFromEntry $entries | Sort-Object) | Should -Be ($good | Sort-Object)
        $entries -like "*$gone*" | Should -BeNullOrEmpty -Because 'a conversation is exported whole or reported, never half (no sidecar without its media)'
        (Invoke-NativeTool unzip '-t', $run.Outputs[0]).ExitCode | Should -Be 0
    }
}

# Skipped on Windows only (not temporary): the gate holder that pauses these runs is a POSIX shell script; Linux CI runs these.
Describe 'A run that fails' -Skip:$IsWindows {
    BeforeAll {
        New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'failed-runs') | Out-Null
        $folder = Join-Path $TestDrive 'rec-gated'
        $script:ids = Write-TestRecordings -Folder $folder -Count 200 -MediaBytes 2000 -Incompressible
        $script:gate = Join-Path $folder 'rec000150.wav'
        [IO.File]::WriteAllBytes($gate, [byte[]]@())
        Import-Conversation -Path $folder | Out-Null
        Lock-Gate $gate
        $script:holders = [Collections.Generic.List[object]]::new()
        $script:processes = [Collections.Generic.List[object]]::new()
    }

    AfterAll {
        foreach ($holder in $holders) { Open-Gate $holder; Stop-TestProcess $holder.Process }
        foreach ($process in $processes) { Stop-TestProcess $process }
    }

    It 'ends Failed with the reason when the destination disappears mid-run, and $? is false' {
        New-TestTask -Name 'vanishing' | Out-Null
        $destination = Join-Path $TestDrive 'dest-vanishing'
        # Held at conversation 150: its destination is taken away, then it goes on.
        $holder = Start-GateHolder -Path $gate -Then "rm -rf '$destination'" -AutoRelease
        $holders.Add($holder)
        $script:failed = Invoke-ConversationExport -Task 'vanishing' -ThrottleLimit 1 -ErrorVariable problems -ErrorAction SilentlyContinue
        $succeeded = $?
        Test-Path $holder.Reached | Should -BeTrue -Because 'the run reached the gate'
        $succeeded | Should -BeFalse
        $failed.State | Should -Be 'Failed'
        $failed.Message | Should -BeLike "*$destination*" -Because "the reason names the folder that went away"
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'RunFailed,*'
        (Get-ExportStatus -RunId $failed.RunId).State | Should -Be 'Failed'
    }

    It 'resumes once the destination is back, delivering every conversation exactly once' {
        New-Item -ItemType Directory -Path (Join-Path $TestDrive 'dest-vanishing') -Force | Out-Null
        $holder = Start-GateHolder -Path $gate -AutoRelease
        $holders.Add($holder)
        $resumed = Invoke-ConversationExport -Resume -RunId $failed.RunId -ThrottleLimit 1
        $resumed.State | Should -Be 'Completed'
        $resumed.Exported | Should -Be 200
        $names = foreach ($zip in Get-ChildItem (Join-Path $TestDrive 'dest-vanishing') -Filter *.zip) { Get-ZipEntryName $zip.FullName }
        $media = @($names -like '*.wav' | ForEach-Object { $_.Split('/')[-1] })
        $media | Should -HaveCount 200
        ($media | Sort-Object) | Should -Be (1..200 | ForEach-Object { 'rec{0:D6}.wav' -f $_ })
        @(Get-ChildItem (Join-Path $TestDrive 'dest-vanishing') -Filter *.partial) | Should -HaveCount 0
    }

    It 'makes pwsh -Command exit non-zero when the run failed' {
        New-TestTask -Name 'vanishing-child' | Out-Null
        $destination = Join-Path $TestDrive 'dest-vanishing-child'
        $start = [Diagnostics.ProcessStartInfo]::new((Get-PwshPath))
        foreach ($argument in '-NoProfile', '-NonInteractive', '-Command',
            "Import-Module '$(Get-TestModulePath)'; Invoke-ConversationExport -Task vanishing-child -ThrottleLimit 1") { $start.ArgumentList.Add($argument) }
        $start.UseShellExecute = $false
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $holder = Start-GateHolder -Path $gate -Then "rm -rf '$destination'" -AutoRelease
        $holders.Add($holder)
        $process = [Diagnostics.Process]::Start($start)
        $processes.Add($process)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        $process.WaitForExit(120000) | Should -BeTrue
        $process.ExitCode | Should -Not -Be 0 -Because "$($stdout.Result)$($stderr.Result)"
        (Get-ExportStatus -Task 'vanishing-child' -Last 1).State | Should -Be 'Failed'
    }

    It 'fails a resume into a destination that is still missing with DestinationNotWritable, and leaves the run Failed, not Running' {
        $script:childRun = Get-ExportStatus -Task 'vanishing-child' -Last 1
        $childRun.State | Should -Be 'Failed'
        { Invoke-ConversationExport -Resume -RunId $childRun.RunId -ThrottleLimit 1 } | Should -Throw -ErrorId 'DestinationNotWritable,*'
        (Get-ExportStatus -RunId $childRun.RunId).State | Should -Be 'Failed'
    }
}
