# The audit log (SPEC §12): every auditable action leaves exactly one entry with its action, target and
# outcome (a run: one start and one end); failures after a change began are recorded as Failed, refusals
# before it are not; the database itself refuses to change or delete an entry; Get-ExportAuditLog filters
# and pages. Entries are read back with an independent client (sqlite3 or psql).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')
    $script:catalog = New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'catalog')
    $script:onPostgres = $env:CONVERSATIONEXPORT_TEST_PROVIDER -eq 'PostgreSql'

    # SQL through the provider's own client; a failure throws with the client's message.
    function Invoke-CatalogSql([string] $Sql) {
        if ($onPostgres) {
            $server = @{}
            foreach ($pair in $env:CONVERSATIONEXPORT_TEST_POSTGRES -split ';') { if ($pair -match '^\s*([^=]+?)\s*=\s*(.*)$') { $server[$Matches[1]] = $Matches[2] } }
            $database = (($catalog.ConnectionString -split ';') | Where-Object { $_ -like 'Database=*' }) -replace '^Database=', ''
            $env:PGPASSWORD = $server['Password']
            try { $output = & psql -h $server['Host'] -p $server['Port'] -U $server['Username'] -d $database -v ON_ERROR_STOP=1 -A -t -q -c $Sql 2>&1 }
            finally { Remove-Item Env:PGPASSWORD -ErrorAction SilentlyContinue }
        }
        else { $output = & sqlite3 -bail $catalog.Path $Sql 2>&1 }
        if ($LASTEXITCODE -ne 0) { throw "The catalog refused: $($output | Out-String)" }
        $output | ForEach-Object { "$_" }
    }

    function Get-LastAuditId { [long](Invoke-CatalogSql 'SELECT COALESCE(MAX(id), 0) FROM audit_log') }

    # The entries an action adds, oldest first, as "action|target|outcome".
    function Get-NewAuditRow([long] $After) {
        @(Invoke-CatalogSql "SELECT action, target, outcome FROM audit_log WHERE id > $After ORDER BY id")
    }

    function Get-NewAuditDetail([long] $After) {
        @(Invoke-CatalogSql "SELECT detail FROM audit_log WHERE id > $After ORDER BY id")
    }

    $script:rec = Join-Path $TestDrive 'rec'
    Write-TestRecordings -Folder $rec -Count 3 | Out-Null
    $script:vault = Join-Path $TestDrive 'vault'
    New-Item -ItemType Directory -Path $vault | Out-Null
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'Every auditable action leaves exactly one entry' {
    It 'records the catalog''s initialization, by this user on this machine' {
        $rows = @(Invoke-CatalogSql 'SELECT action, outcome, principal, machine FROM audit_log ORDER BY id')
        $rows | Should -Be @("InitializeCatalog|Succeeded|$([Environment]::UserName)|$([Environment]::MachineName)")
    }

    It 'records an import' {
        $before = Get-LastAuditId
        Import-Conversation -Path $rec | Out-Null
        Get-NewAuditRow $before | Should -Be @("ImportConversation|$rec|Succeeded")
        Get-NewAuditDetail $before | Should -Be @('imported 3, updated 0, unchanged 0, failed 0')
    }

    It 'records <Name>' -ForEach @(
        @{ Name = 'New-StorageTarget'; Action = { New-StorageTarget -Name Vault -Path $vault }; Expected = 'NewStorageTarget|Vault|Succeeded' }
        @{ Name = 'Set-StorageTarget'; Action = { Set-StorageTarget -Name Vault -Description 'the vault' }; Expected = 'SetStorageTarget|Vault|Succeeded' }
        @{ Name = 'New-ExportTask'; Action = { New-ExportTask -Name Nightly -StorageTarget Vault }; Expected = 'NewExportTask|Nightly|Succeeded' }
        @{ Name = 'Set-ExportTask'; Action = { Set-ExportTask -Name Nightly -ArchiveMethod Zip }; Expected = 'SetExportTask|Nightly|Succeeded' }
        @{ Name = 'Set-ExportSetting'; Action = { Set-ExportSetting -SmtpServer smtp.contoso.test -SmtpFrom export@contoso.test }; Expected = 'SetExportSetting|*|Succeeded' }
        @{ Name = 'Save-Conversation'; Action = { Get-Conversation -First 1 | Save-Conversation -Destination (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'saved') -Force).FullName }; Expected = 'SaveConversation|*|Succeeded' }
        @{ Name = 'Export-ConversationList'; Action = { Get-Conversation | Export-ConversationList -Path (Join-Path $TestDrive 'list.csv') }; Expected = 'ExportConversationList|*list.csv|Succeeded' }
    ) {
        $before = Get-LastAuditId
        & $Action | Out-Null
        $rows = @(Get-NewAuditRow $before)
        $rows.Count | Should -Be 1 -Because ($rows -join "`n")
        $rows[0] | Should -BeLike $Expected
    }

    It 'records nothing for Disable-ExportTask of a task already disabled: nothing changed' {
        $before = Get-LastAuditId
        Disable-ExportTask -Name Nightly
        Get-NewAuditRow $before | Should -BeNullOrEmpty
    }

    It 'records a run by its start and its end, Succeeded when it Completed' {
        $before = Get-LastAuditId
        $run = Invoke-ConversationExport -Task Nightly
        $run.State | Should -Be 'Completed'
        Get-NewAuditRow $before | Should -Be @('StartExportRun|Nightly|Succeeded', 'EndExportRun|Nightly|Succeeded')
        @(Get-NewAuditDetail $before)[1] | Should -BeLike "run $($run.RunId) Completed: 3 of 3 exported, 0 skipped, 0 failed, * bytes"
    }

    It 'records nothing for Stop-ConversationExport of a finished run: a warning, and nothing changed' {
        # Stopping a running run is recorded (StopExportRun): Export.Resume.Tests.ps1 checks it on a run held mid-way.
        $run = Get-ExportStatus -Task Nightly -Last 1
        $before = Get-LastAuditId
        Stop-ConversationExport -RunId $run.RunId -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -BeLike '*nothing to stop*'
        @(Get-NewAuditRow $before) | Should -HaveCount 0
    }

    # Unix only (not temporary): the run is made to fail by moving the user key file away; Windows keeps DPAPI keys.
    It 'records a run that fails as a Failed end, and its resume with its own end' -Skip:$IsWindows {
        New-ExportTask -Name Locked -StorageTarget Vault -ArchiveMethod Aes256 -ZipPassword (ConvertTo-SecureString 'locked-pw' -AsPlainText -Force) | Out-Null
        $key = $env:CONVERSATIONEXPORT_KEYFILE
        Move-Item $key "$key.away"
        try {
            $before = Get-LastAuditId
            $run = Invoke-ConversationExport -Task Locked -ErrorAction SilentlyContinue
            $run.State | Should -Be 'Failed'
            Get-NewAuditRow $before | Should -Be @('StartExportRun|Locked|Succeeded', 'EndExportRun|Locked|Failed')
            @(Get-NewAuditDetail $before)[1] | Should -BeLike "run $($run.RunId) Failed: *cannot be decrypted*"
        }
        finally { Move-Item "$key.away" $key }
        $before = Get-LastAuditId
        (Invoke-ConversationExport -Resume -RunId $run.RunId).State | Should -Be 'Completed'
        Get-NewAuditRow $before | Should -Be @('ResumeExportRun|Locked|Succeeded', 'EndExportRun|Locked|Succeeded')
    }

    It 'records a start that reached its target and failed there as a Failed start' {
        $file = Join-Path $TestDrive 'not-a-folder'
        Set-Content -LiteralPath $file -Value 'x'
        New-StorageTarget -Name Blocked -Path (Join-Path $file 'inside') | Out-Null
        New-ExportTask -Name Blocked -StorageTarget Blocked | Out-Null
        $before = Get-LastAuditId
        { Invoke-ConversationExport -Task Blocked -ErrorAction Stop } | Should -Throw
        Get-NewAuditRow $before | Should -Be @('StartExportRun|Blocked|Failed')
        @(Get-NewAuditDetail $before)[0] | Should -BeLike '*failed: *'
    }

    It 'records a download that failed as Failed: every attempt to take data out is recorded' {
        $file = Join-Path $TestDrive 'also-not-a-folder'
        Set-Content -LiteralPath $file -Value 'x'
        $conversation = Get-Conversation -First 1
        $before = Get-LastAuditId
        try { $conversation | Save-Conversation -Destination (Join-Path $file 'inside') -ErrorAction SilentlyContinue } catch { }
        Get-NewAuditRow $before | Should -Be @("SaveConversation|$($conversation.ConversationId)|Failed")
    }

    It 'records <Name>' -ForEach @(
        @{ Name = 'Remove-ExportTask'; Action = { Remove-ExportTask -Name Blocked -Confirm:$false }; Expected = 'RemoveExportTask|Blocked|Succeeded' }
        @{ Name = 'Remove-StorageTarget'; Action = { Remove-StorageTarget -Name Blocked -Confirm:$false }; Expected = 'RemoveStorageTarget|Blocked|Succeeded' }
    ) {
        $before = Get-LastAuditId
        & $Action | Out-Null
        Get-NewAuditRow $before | Should -Be @($Expected)
    }

    It 'records a change the catalog rejected after its transaction began as Failed, with the reason' {
        # A rule of the database, added by the test, rejects one task name inside the write transaction.
        if ($onPostgres) {
            Invoke-CatalogSql @'
CREATE FUNCTION refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RAISE EXCEPTION ''refused by the test''; END';
CREATE TRIGGER refuse_doomed BEFORE INSERT ON export_task FOR EACH ROW WHEN (NEW.name = 'Doomed') EXECUTE FUNCTION refuse_doomed();
'@ | Out-Null
        }
        else {
            Invoke-CatalogSql "CREATE TRIGGER refuse_doomed BEFORE INSERT ON export_task WHEN NEW.name = 'Doomed' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;" | Out-Null
        }
        $before = Get-LastAuditId
        { New-ExportTask -Name Doomed -StorageTarget Vault } | Should -Throw '*refused by the test*'
        Get-NewAuditRow $before | Should -Be @('NewExportTask|Doomed|Failed')
        @(Get-NewAuditDetail $before)[0] | Should -BeLike '*failed: *refused by the test*'
        Get-ExportTask | Where-Object Name -EQ Doomed | Should -BeNullOrEmpty
    }

    It 'does not record a refusal before anything changed' {
        $before = Get-LastAuditId
        { New-ExportTask -Name Orphan -StorageTarget NoSuchTarget } | Should -Throw -ErrorId 'StorageTargetNotFound,*'
        { Set-ExportTask -Name NoSuchTask -ArchiveMethod Zip } | Should -Throw
        Get-NewAuditRow $before | Should -BeNullOrEmpty
    }
}

Describe 'The audit log is append-only' {
    It 'refuses <Statement> of an entry in the database itself' -ForEach @(
        @{ Statement = 'UPDATE'; Sql = "UPDATE audit_log SET detail = 'forged' WHERE action = 'InitializeCatalog'" }
        @{ Statement = 'DELETE'; Sql = 'DELETE FROM audit_log' }
    ) {
        $count = Invoke-CatalogSql 'SELECT COUNT(*) FROM audit_log'
        { Invoke-CatalogSql $Sql } | Should -Throw '*append-only*'
        Invoke-CatalogSql 'SELECT COUNT(*) FROM audit_log' | Should -Be $count
        Invoke-CatalogSql "SELECT COUNT(*) FROM audit_log WHERE detail = 'forged'" | Should -Be 0
    }

    It 'refuses TRUNCATE on PostgreSQL' -Tag PostgreSqlOnly {
        { Invoke-CatalogSql 'TRUNCATE audit_log' } | Should -Throw '*append-only*'
        [long](Invoke-CatalogSql 'SELECT COUNT(*) FROM audit_log') | Should -BeGreaterThan 0
    }
}

Describe 'Get-ExportAuditLog' {
    BeforeAll {
        # 1205 entries (more than two pages), one a second from 2001-01-01 00:00:01 UTC; every fifth Failed.
        $bulk = "978307200000 + i * 1000, 'bulk-user', 'bulk-host', 'BulkTest', 'item-' || i, 'n=' || i, CASE WHEN i % 5 = 0 THEN 'Failed' ELSE 'Succeeded' END"
        $columns = 'time_utc, principal, machine, action, target, detail, outcome'
        if ($onPostgres) { Invoke-CatalogSql "INSERT INTO audit_log ($columns) SELECT $bulk FROM generate_series(1, 1205) AS i" | Out-Null }
        else { Invoke-CatalogSql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1205) INSERT INTO audit_log ($columns) SELECT $bulk FROM n" | Out-Null }
    }

    It 'streams every entry once, newest first, across pages' {
        $all = @(Get-ExportAuditLog)
        $all.Count | Should -Be ([long](Invoke-CatalogSql 'SELECT COUNT(*) FROM audit_log'))
        $ids = $all.Id
        for ($i = 1; $i -lt $ids.Count; $i++) { $ids[$i] | Should -BeLessThan $ids[$i - 1] }
        $all[0] | Should -BeOfType ([ConversationExport.AuditEntry])
    }

    It 'filters by wildcard action, target and user, and by outcome' {
        @(Get-ExportAuditLog -Action bulk*).Count | Should -Be 1205
        @(Get-ExportAuditLog -Target 'item-12?').Count | Should -Be 10
        @(Get-ExportAuditLog -User 'BULK-*').Count | Should -Be 1205
        $failed = @(Get-ExportAuditLog -Action BulkTest -Outcome Failed)
        $failed.Count | Should -Be 241
        $failed.Outcome | Select-Object -Unique | Should -Be 'Failed'
        (Get-ExportAuditLog -Outcome Failed, Succeeded -Action NewExportTask).Target | Should -Be @('Doomed', 'Blocked', 'Locked', 'Nightly')
    }

    It 'filters by time: -Since and -Until, both inclusive' {
        $since = [datetime]::new(2001, 1, 1, 0, 10, 0, [DateTimeKind]::Utc)
        $entries = @(Get-ExportAuditLog -Since $since -Until $since.AddMinutes(1))
        $entries.Count | Should -Be 61
        $entries[0].Target | Should -Be 'item-660'
        $entries[-1].Target | Should -Be 'item-600'
        $entries[0].TimeUtc | Should -Be $since.AddMinutes(1)
    }

    It 'gives the newest n with -Last, and the oldest n in written order with -First' {
        (Get-ExportAuditLog -Action BulkTest -Last 3).Target | Should -Be @('item-1205', 'item-1204', 'item-1203')
        (Get-ExportAuditLog -Action BulkTest -First 3).Target | Should -Be @('item-1', 'item-2', 'item-3')
        (Get-ExportAuditLog -First 1).Action | Should -Be 'InitializeCatalog'
        @(Get-ExportAuditLog -Action BulkTest -First 700).Count | Should -Be 700
    }

    It 'shows a table by default' {
        $text = Get-ExportAuditLog -Action NewExportTask -Last 1 | Out-String -Width 200
        $text | Should -Match 'TimeUtc\s+Principal\s+Machine\s+Action\s+Target\s+Outcome\s+Detail'
        $text | Should -Match 'NewExportTask\s+Doomed\s+Failed'
    }

    It 'refuses -Last and -First together' {
        { Get-ExportAuditLog -Last 1 -First 1 } | Should -Throw -ErrorId 'AmbiguousParameterSet,*'
    }
}
