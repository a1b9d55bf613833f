# Pipeline and parameter hygiene (SPEC §14): a run piped into Invoke-ConversationExport resumes that
# run and never starts a new run of its task; -LiteralPath and PSPath binding; exact names and ids
# that match nothing are non-terminating ObjectNotFound errors, wildcards that match nothing are
# silent; Enable-ExportTask -WhatIf and -PassThru. The catalog's rows are counted with sqlite3.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')

    # A number from the catalog, read by sqlite3 or psql rather than by the module.
    function Get-CatalogCount([string] $Sql) {
        if ($env:CONVERSATIONEXPORT_TEST_PROVIDER -eq 'PostgreSql') {
            $database = [pscustomobject]@{ Name = [regex]::Match($script:catalog.ConnectionString, 'Database=([^;]+)').Groups[1].Value; Admin = Get-TestPostgres }
            return [long] (Invoke-TestPostgresSql -Database $database -Sql $Sql)
        }
        [long] (& sqlite3 $script:catalog.Path $Sql)
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

# Skipped on Windows only (not temporary): the gate holder that fails these runs mid-way is a POSIX shell script.
Describe 'A run piped into Invoke-ConversationExport' -Skip:$IsWindows {
    BeforeAll {
        $script:catalog = New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'piped')
        $folder = Join-Path $TestDrive 'rec-piped'
        Write-TestRecordings -Folder $folder -Count 200 -MediaBytes 2000 -Incompressible | Out-Null
        # Conversation 150 is a gate: a run holds there (in its second batch of 100) while its destination is taken away.
        $script:gate = Join-Path $folder 'rec000150.wav'
        [IO.File]::WriteAllBytes($gate, [byte[]]@())
        (Import-Conversation -Path $folder).Imported | Should -Be 200
        Lock-Gate $gate
        $script:holders = [Collections.Generic.List[object]]::new()

        # Runs the task until its destination vanishes at the gate; returns the Failed run.
        function Invoke-FailingRun([string] $Task) {
            New-TestTask -Name $Task | Out-Null
            $destination = Join-Path $TestDrive "dest-$Task"
            $holder = Start-GateHolder -Path $gate -Then "rm -rf '$destination'" -AutoRelease
            $holders.Add($holder)
            $run = Invoke-ConversationExport -Task $Task -ThrottleLimit 1 -ErrorAction SilentlyContinue
            $run.State | Should -Be 'Failed'
            New-Item -ItemType Directory -Path $destination | Out-Null
            $holders.Add((Start-GateHolder -Path $gate -AutoRelease)) # lets the resume pass the gate
            $run
        }

        function Get-DeliveredMedia([string] $Task) {
            $names = foreach ($zip in Get-ChildItem (Join-Path $TestDrive "dest-$Task") -Filter *.zip) { Get-ZipEntryName $zip.FullName }
            @($names -like '*.wav' | ForEach-Object { $_.Split('/')[-1] } | Sort-Object)
        }

        $script:failed = Invoke-FailingRun 'piped'
        $script:runsBefore = Get-CatalogCount 'SELECT COUNT(*) FROM export_run'
    }

    AfterAll {
        foreach ($holder in $holders) { Open-Gate $holder; Stop-TestProcess $holder.Process }
        Unlock-Gate $gate
    }

    It 'resumes a Failed run: the same RunId and run items, no conversation selected afresh, no new run' {
        $resumed = @(Get-ExportStatus -RunId $failed.RunId | Invoke-ConversationExport -ThrottleLimit 1)
        $resumed | Should -HaveCount 1
        $resumed[0].RunId | Should -Be $failed.RunId
        $resumed[0].State | Should -Be 'Completed'
        $resumed[0].Selected | Should -Be 200
        $resumed[0].Exported | Should -Be 200
        Get-CatalogCount 'SELECT COUNT(*) FROM export_run' | Should -Be $runsBefore -Because 'a piped run is not a task name: no new run is started'
        Get-CatalogCount 'SELECT COUNT(*) FROM run_item' | Should -Be 200 -Because 'the run keeps the items of its snapshot'
        Get-CatalogCount "SELECT resume_attempts FROM export_run WHERE id = $($failed.RunId)" | Should -Be 1
        Get-DeliveredMedia 'piped' | Should -Be (1..200 | ForEach-Object { 'rec{0:D6}.wav' -f $_ }) -Because 'every conversation is delivered exactly once'
    }

    It 'refuses a Completed run with a non-terminating RunNotResumable error, and starts nothing' {
        $output = @(Get-ExportStatus -RunId $failed.RunId | Invoke-ConversationExport -ErrorVariable problems -ErrorAction SilentlyContinue)
        $succeeded = $?
        $output | Should -HaveCount 0
        $succeeded | Should -BeFalse
        @($problems) | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'RunNotResumable,*'
        $problems[0].Exception.Message | Should -BeLike "*nothing to resume*Invoke-ConversationExport -Task 'piped'*"
        Get-CatalogCount 'SELECT COUNT(*) FROM export_run' | Should -Be $runsBefore
        Get-CatalogCount 'SELECT COUNT(*) FROM run_item' | Should -Be 200
    }

    It 'resumes a Failed run piped twice only once: the second is refused, nothing is delivered twice' {
        $twice = Invoke-FailingRun 'piped-twice'
        $runs = Get-CatalogCount 'SELECT COUNT(*) FROM export_run'
        $output = @($twice, $twice | Invoke-ConversationExport -ThrottleLimit 1 -ErrorVariable problems -ErrorAction SilentlyContinue)
        $output | Should -HaveCount 1
        $output[0].RunId | Should -Be $twice.RunId
        $output[0].State | Should -Be 'Completed'
        @($problems) | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'RunNotResumable,*'
        Get-CatalogCount 'SELECT COUNT(*) FROM export_run' | Should -Be $runs
        Get-CatalogCount "SELECT COUNT(*) FROM run_item WHERE run_id = $($twice.RunId)" | Should -Be 200
        Get-DeliveredMedia 'piped-twice' | Should -Be (1..200 | ForEach-Object { 'rec{0:D6}.wav' -f $_ })
    }
}

Describe 'Pipeline input, paths and not-found errors' {
    BeforeAll {
        $script:catalog = New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'hygiene')
        # A folder whose name has wildcard characters: only -LiteralPath (or PSPath) names it exactly.
        $script:bracketed = Join-Path $TestDrive 'rec[1]'
        $script:ids = 1..3 | ForEach-Object { New-TestRecording -Folder $bracketed -Name "call$_" }
        # Two folders for -Path wildcards (made here: TestDrive files made inside a Context go when it ends).
        New-TestRecording -Folder (Join-Path $TestDrive 'wild-a') -Name 'wild-a' | Out-Null
        New-TestRecording -Folder (Join-Path $TestDrive 'wild-b') -Name 'wild-b' | Out-Null
        New-TestTask -Name 'small' | Out-Null
        $script:run = Invoke-ConversationExport -Task 'small'
        $run.State | Should -Be 'Completed' -Because 'nothing was imported yet: an empty run'
    }

    Context 'Import-Conversation' {
        It 'imports a folder named with -LiteralPath, wildcard characters and all' {
            (Import-Conversation -LiteralPath $bracketed -WhatIf).Imported | Should -Be 3
        }

        It 'imports a folder piped from Get-Item, bound by its PSPath' {
            $summary = Get-Item -LiteralPath $bracketed | Import-Conversation
            $summary.Path | Should -Be $bracketed
            $summary.Imported | Should -Be 3
        }

        It 'imports every folder a -Path wildcard matches, and nothing (silently) for one that matches none' {
            $summaries = @(Import-Conversation -Path (Join-Path $TestDrive 'wild-*'))
            $summaries | Should -HaveCount 2
            ($summaries | Measure-Object Imported -Sum).Sum | Should -Be 2
            @(Import-Conversation -Path (Join-Path $TestDrive 'no-such-*') -ErrorVariable problems) | Should -HaveCount 0
            @($problems) | Should -HaveCount 0
            Get-CatalogCount 'SELECT COUNT(*) FROM conversation' | Should -Be 5
        }
    }

    Context 'Connect-ConversationCatalog' -Skip:($env:CONVERSATIONEXPORT_TEST_PROVIDER -eq 'PostgreSql') {
        It 'connects to a catalog file piped from Get-Item, bound by its PSPath' {
            (Get-Item -LiteralPath $catalog.Path | Connect-ConversationCatalog).Path | Should -Be $catalog.Path
            (Connect-ConversationCatalog -LiteralPath $catalog.Path).Path | Should -Be $catalog.Path
        }
    }

    Context 'Invoke-ConversationExport' {
        It 'still runs a task piped from Get-ExportTask (a task, unlike a run, is run afresh)' {
            $next = Get-ExportTask -Name 'small' | Invoke-ConversationExport
            $next.RunId | Should -BeGreaterThan $run.RunId
            $next.Exported | Should -Be 5 -Because (@(Get-ExportLog -RunId $next.RunId -State Failed | ForEach-Object { "$($_.ConversationId): $($_.Reason)" }) -join '; ')
        }
    }

    Context 'an exact id or name that matches nothing' {
        It 'Get-Conversation -Id: ObjectNotFound for the missing id, the others are listed' {
            $known = (Get-Conversation -ConversationId $ids[0]).Id
            $found = @(Get-Conversation -Id $known, 999999 -ErrorVariable problems -ErrorAction SilentlyContinue)
            $found.Id | Should -Be $known
            @($problems) | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'ConversationNotFound,*'
            "$($problems[0].CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
            $problems[0].TargetObject | Should -Be 999999
        }

        It 'Get-Conversation -ConversationId: ObjectNotFound for an exact id, silence for a wildcard' {
            $missing = [guid]::NewGuid().ToString()
            @(Get-Conversation -ConversationId $ids[1], $missing -ErrorVariable problems -ErrorAction SilentlyContinue).ConversationId | Should -Be $ids[1]
            @($problems) | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'ConversationNotFound,*'
            $problems[0].Exception.Message | Should -BeLike "*$missing*"
            @(Get-Conversation -ConversationId 'ffff*' -ErrorVariable quiet) | Should -HaveCount 0
            @($quiet) | Should -HaveCount 0
        }

        It 'Get-ExportStatus -RunId: ObjectNotFound for the missing run, the others are returned' {
            $found = @(Get-ExportStatus -RunId $run.RunId, 999999 -ErrorVariable problems -ErrorAction SilentlyContinue)
            $found.RunId | Should -Be $run.RunId
            @($problems) | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'RunNotFound,*'
            "$($problems[0].CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
        }

        It 'Get-ExportStatus -Task: ObjectNotFound for an unknown name; silence for a wildcard or a task without runs' {
            Get-ExportStatus -Task 'no-such-task' -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            @($problems) | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'ExportTaskNotFound,*'
            "$($problems[0].CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
            New-TestTask -Name 'never-run' | Out-Null
            @(Get-ExportStatus -Task 'never-run' -ErrorVariable quiet) + @(Get-ExportStatus -Task 'no-such-*' -ErrorVariable +quiet) | Should -HaveCount 0
            @($quiet) | Should -HaveCount 0
        }

        It 'Get-ExportLog: ObjectNotFound for a missing run, and the next piped run is still listed' {
            $entries = @([pscustomobject]@{ RunId = 999999 }, $run | Get-ExportLog -ErrorVariable problems -ErrorAction SilentlyContinue)
            @($problems) | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'RunNotFound,*'
            "$($problems[0].CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
            $entries | Should -HaveCount 0 -Because 'the empty run has no entries, and it was reached without a terminating error'
            @(Get-ExportLog -RunId (Get-ExportStatus -Task small -Last 1).RunId) | Should -HaveCount 5
        }

        It 'Get-ExportTask and Get-StorageTarget: ObjectNotFound for an exact name, silence for a wildcard' {
            Get-ExportTask -Name 'nope' -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-StorageTarget -Name 'nope' -ErrorVariable +problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            @($problems.FullyQualifiedErrorId) | Should -BeLike '*NotFound,*'
            @($problems | ForEach-Object { "$($_.CategoryInfo.Category)" }) | Should -Be 'ObjectNotFound', 'ObjectNotFound'
            @(Get-ExportTask -Name 'nope*' -ErrorVariable quiet) + @(Get-StorageTarget -Name 'nope*' -ErrorVariable +quiet) | Should -HaveCount 0
            @($quiet) | Should -HaveCount 0
        }

        It 'Get-ExportSchedule -Task: ObjectNotFound for a task without a schedule' {
            Get-ExportSchedule -Task 'small' -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            @($problems) | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'ScheduleNotFound,*'
            "$($problems[0].CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
        }

        It 'Stop-ConversationExport: a finished run gets a warning, not an error; a missing run or task is ObjectNotFound' {
            $output = Stop-ConversationExport -RunId $run.RunId -PassThru -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable problems
            $? | Should -BeTrue
            @($problems) | Should -HaveCount 0
            "$warnings" | Should -BeLike "*$($run.RunId)*Completed*nothing to stop*"
            $output.RunId | Should -Be $run.RunId
            Get-CatalogCount "SELECT stop_requested FROM export_run WHERE id = $($run.RunId)" | Should -Be 0 -Because 'nothing was asked of a finished run'

            Stop-ConversationExport -Task 'small' -WarningVariable taskWarnings -WarningAction SilentlyContinue -ErrorVariable +problems
            "$taskWarnings" | Should -BeLike '*small*nothing to stop*'
            @($problems) | Should -HaveCount 0

            Stop-ConversationExport -RunId 999999 -ErrorVariable missing -ErrorAction SilentlyContinue
            Stop-ConversationExport -Task 'no-such-task' -ErrorVariable +missing -ErrorAction SilentlyContinue
            @($missing.FullyQualifiedErrorId) | Should -BeLike '*NotFound,*'
            @($missing | ForEach-Object { "$($_.CategoryInfo.Category)" }) | Should -Be 'ObjectNotFound', 'ObjectNotFound'
        }
    }

    Context 'Enable-ExportTask' {
        It 'with -WhatIf says that it would start a run in the background, and changes nothing' {
            New-TestTask -Name 'dormant' -Settings @{ Enabled = $false } | Out-Null
            $module = (Get-TestModulePath).Replace("'", "''")
            $child = Invoke-CleanSession "Import-Module '$module'; Enable-ExportTask -Name dormant -WhatIf"
            $child.ExitCode | Should -Be 0 -Because $child.Output
            $child.Output | Should -Match 'What if:.*"Enable export task and start a run of it at once in a background process" on target "dormant"'
            (Get-ExportTask -Name 'dormant').Enabled | Should -BeFalse
            @(Get-ExportStatus -Task 'dormant') | Should -HaveCount 0
        }

        It 'with -PassThru returns the task, enabled, and its background run follows in Get-ExportStatus' {
            $task = Enable-ExportTask -Name 'dormant' -PassThru
            $task | Should -BeOfType ConversationExport.ExportTask
            $task.Enabled | Should -BeTrue
            $ended = Wait-Until -TimeoutSeconds 120 -Because 'the background run of dormant ended' {
                Get-ExportStatus -Task 'dormant' | Where-Object State -NotIn 'Queued', 'Running'
            }
            $ended.State | Should -Be 'Completed' -Because $ended.Message
        }
    }
}
