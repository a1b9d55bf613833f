# Schedules (SPEC §6.2) registered with the real cron of this machine: the entry is written, read
# back, fires, and is removed again, leaving every other crontab line alone. Linux only (not
# temporary): macOS cron needs a privacy grant to run jobs, and Windows has Task Scheduler, whose task
# document the xunit suite checks.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')

    function Get-Crontab {
        $lines = & crontab -l 2>$null
        if ($LASTEXITCODE -ne 0) { return @() }
        @($lines)
    }

    function Set-Crontab([string[]] $Lines) {
        if (-not $Lines) {
            & crontab -r 2>$null  # an empty crontab is no crontab
            return
        }
        ($Lines -join "`n") + "`n" | & crontab -
        if ($LASTEXITCODE -ne 0) { throw 'crontab - failed' }
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'A schedule registered with cron' -Skip:(-not $IsLinux) {
    BeforeAll {
        $script:savedCrontab = Get-Crontab
        # Somebody else's lines, which must survive every change.
        $script:foreign = @('# a line of the machine''s owner', '17 4 * * * /bin/true # not ours')
        Set-Crontab ($savedCrontab + $foreign)

        New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'catalog') | Out-Null
        $folder = Join-Path $TestDrive 'rec'
        Write-TestRecordings -Folder $folder -Count 5 | Out-Null
        Import-Conversation -Path $folder | Out-Null
        $destination = Join-Path $TestDrive 'vault'
        New-Item -ItemType Directory -Path $destination | Out-Null
        New-StorageTarget -Name Vault -Path $destination | Out-Null
        # A scheduled run starts only for an enabled task; saving it enabled starts a background run first.
        New-ExportTask -Name 'Minutely' -StorageTarget Vault -Enabled -WarningAction SilentlyContinue | Out-Null
        New-ExportTask -Name 'Other' -StorageTarget Vault | Out-Null
        $null = Wait-Until { $r = @(Get-ExportStatus -Task 'Minutely'); if ($r.Count -gt 0 -and @($r | Where-Object State -In 'Queued', 'Running').Count -eq 0) { $r } } -Because 'the run started by saving the task enabled ended' -TimeoutSeconds 120
        $script:runsBefore = @(Get-ExportStatus -Task 'Minutely').RunId
    }

    AfterAll {
        Get-ExportSchedule -ErrorAction SilentlyContinue | ForEach-Object { Unregister-ExportSchedule -Task $_.Task -Confirm:$false -ErrorAction SilentlyContinue }
        Set-Crontab $savedCrontab
    }

    It 'writes exactly two crontab lines that run the real pwsh with -Scheduled and no secret' {
        $schedule = Register-ExportSchedule -Task 'Minutely' -Every 00:01:00 -TimeZone UTC
        $schedule.Kind | Should -Be 'Every'
        $lines = Get-Crontab
        $lines.Count | Should -Be ($savedCrontab.Count + $foreign.Count + 2)
        $entry = $lines | Where-Object { $_ -like '*Invoke-ConversationExport*' }
        $entry | Should -HaveCount 1
        $entry | Should -BeLike "$([WildcardPattern]::Escape("* * * * * CONVERSATIONEXPORT_CATALOG='$env:CONVERSATIONEXPORT_CATALOG'"))*"
        $entry | Should -BeLike "*'$(Join-Path $PSHOME 'pwsh')' '-NoProfile' '-NonInteractive' '-Command'*"
        $entry | Should -BeLike "*Invoke-ConversationExport -Task '\''Minutely'\'' -Scheduled*"
        $entry | Should -Not -BeLike '*dotnet*'
        $lines | Should -Contain $foreign[0]
        $lines | Should -Contain $foreign[1]
    }

    It 'is read back with its next occurrences and its trigger' {
        $schedule = Get-ExportSchedule -Task 'Minutely'
        $schedule.NextRunUtc | Should -HaveCount 5
        ($schedule.NextRunUtc[1] - $schedule.NextRunUtc[0]) | Should -Be ([timespan]'00:01:00')
        $schedule.TriggerRegistered | Should -BeTrue
        $schedule.Trigger | Should -BeLike '# ConversationExport schedule Minutely-*'
    }

    It 'fires: cron starts a scheduled run of the task within two minutes' {
        $run = Wait-Until { Get-ExportStatus -Task 'Minutely' | Where-Object { $_.RunId -notin $runsBefore -and $_.State -notin 'Queued', 'Running' } | Select-Object -First 1 } `
            -Because 'cron ran the scheduled export' -TimeoutSeconds 150 -IntervalMilliseconds 1000
        $run.State | Should -Be 'Completed'
        (Get-ExportSchedule -Task 'Minutely').LastRunId | Should -BeGreaterOrEqual $run.RunId
    }

    It 'shows with -WhatIf exactly what would be registered, and registers nothing' {
        $before = Get-Crontab
        # -WhatIf writes to the host, so it is read from a child session's output.
        $result = Invoke-CleanSession -Script "Import-Module '$(Get-TestModulePath)'; Register-ExportSchedule -Task 'Other' -Daily -At 02:00 -TimeZone Europe/Budapest -WhatIf"
        $result.ExitCode | Should -Be 0
        $result.Output | Should -BeLike '*What if*ConversationExport schedule Other-*'
        $result.Output | Should -BeLike "*Invoke-ConversationExport -Task '\''Other'\'' -Scheduled*"
        Get-Crontab | Should -Be $before
        Get-ExportSchedule -Task 'Other' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'refuses <Case> naming it, and registers nothing' -ForEach @(
        @{ Case = 'an invalid cron expression'; Arguments = @{ Cron = '61 2 * * *' }; ErrorId = 'ScheduleInvalid' }
        @{ Case = '-At 25:00'; Arguments = @{ Daily = $true; At = '25:00' }; ErrorId = 'ScheduleInvalid' }
        @{ Case = 'an unknown time zone'; Arguments = @{ Daily = $true; At = '02:00'; TimeZone = 'Mars/Olympus_Mons' }; ErrorId = 'TimeZoneNotFound' }
        @{ Case = 'an end date before the start date'; Arguments = @{ Daily = $true; At = '02:00'; StartDate = [datetime]'2027-01-10'; EndDate = [datetime]'2027-01-01' }; ErrorId = 'ScheduleInvalid' }
    ) {
        $before = Get-Crontab
        { Register-ExportSchedule -Task 'Other' @Arguments } | Should -Throw -ErrorId "$ErrorId,*"
        Get-Crontab | Should -Be $before
        Get-ExportSchedule -Task 'Other' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'refuses an unknown task, and registers nothing' {
        $before = Get-Crontab
        { Register-ExportSchedule -Task 'NoSuchTask' -Daily -At 02:00 } | Should -Throw -ErrorId 'ExportTaskNotFound,*'
        Get-Crontab | Should -Be $before
    }

    It 'refuses a second schedule for the task' {
        { Register-ExportSchedule -Task 'Minutely' -Daily -At 02:00 } | Should -Throw -ErrorId 'ScheduleExists,*'
    }

    It 'keeps a scheduled task from being removed' {
        { Remove-ExportTask -Name 'Minutely' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ScheduleExists,*'
    }

    It 'changes the calendar with Set-ExportSchedule, replacing its entry' {
        $changed = Set-ExportSchedule -Task 'Minutely' -Daily -At 03:15 -TimeZone Europe/Budapest -PassThru
        $changed.Kind | Should -Be 'Daily'
        @(Get-Crontab | Where-Object { $_ -like '*Invoke-ConversationExport*' }) | Should -HaveCount 1
        $local = [TimeZoneInfo]::ConvertTimeFromUtc($changed.NextRunUtc[0], [TimeZoneInfo]::FindSystemTimeZoneById('Europe/Budapest'))
        $local.ToString('HH:mm') | Should -Be '03:15'
    }

    It 'is removed with exactly its crontab lines by Unregister-ExportSchedule' {
        Unregister-ExportSchedule -Task 'Minutely'
        Get-Crontab | Should -Be ($savedCrontab + $foreign)
        Get-ExportSchedule -Task 'Minutely' -ErrorAction SilentlyContinue -ErrorVariable missing | Should -BeNullOrEmpty
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'ScheduleNotFound,*'
    }
}
