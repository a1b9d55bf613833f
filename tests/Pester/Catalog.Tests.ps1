BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
}

Describe 'Initialize-ConversationCatalog' {
    It 'creates a catalog at the current schema version and makes it the session catalog' {
        $path = Join-Path $TestDrive 'new.db'
        $catalog = Initialize-ConversationCatalog -Path $path
        $catalog | Should -BeOfType ConversationExport.CatalogInfo
        $catalog.Path | Should -Be $path
        $catalog.SchemaVersion | Should -BeGreaterThan 0
        & sqlite3 $path 'SELECT version FROM schema_version' | Should -Be $catalog.SchemaVersion
        (Connect-ConversationCatalog -Path $path).Conversations | Should -Be 0
    }

    It 'resolves a relative path against the PowerShell location' {
        Push-Location $TestDrive
        try { $catalog = Initialize-ConversationCatalog -Path 'relative.db' }
        finally { Pop-Location }
        $catalog.Path | Should -Be (Join-Path $TestDrive 'relative.db')
        Join-Path $TestDrive 'relative.db' | Should -Exist
    }

    It 'is idempotent: a second run keeps the data' {
        $path = Join-Path $TestDrive 'twice.db'
        Initialize-ConversationCatalog -Path $path | Out-Null
        $null = New-TestRecording -Folder (Join-Path $TestDrive 'twice') -Name 'a'
        Import-Conversation -Path (Join-Path $TestDrive 'twice') -Catalog (Connect-ConversationCatalog -Path $path) | Out-Null
        (Initialize-ConversationCatalog -Path $path).Conversations | Should -Be 1
    }

    It 'with -WhatIf creates nothing' {
        $path = Join-Path $TestDrive 'whatif.db'
        Initialize-ConversationCatalog -Path $path -WhatIf
        $path | Should -Not -Exist
    }

    It 'creates the missing folders of a -Path, as New-Item -Force would' {
        $path = Join-Path $TestDrive 'no/such/folder/catalog.db'
        (Initialize-ConversationCatalog -Path $path).SchemaVersion | Should -BeGreaterThan 0
        & sqlite3 $path 'SELECT count(*) FROM schema_version;' | Should -Be 1
    }

    It 'refuses a -Path that is an existing folder, or that runs through a file, naming it' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'a-folder.db')
        { Initialize-ConversationCatalog -Path $folder.FullName } | Should -Throw -ErrorId 'OutputPathWrongKind,ConversationExport.Commands.Catalog.InitializeConversationCatalogCommand' -ExpectedMessage "*$($folder.FullName)*existing folder*"
        $file = Join-Path $TestDrive 'plain-file'
        Set-Content -Path $file -Value 'x'
        { Initialize-ConversationCatalog -Path "$file/sub/catalog.db" } | Should -Throw -ErrorId 'OutputPathWrongKind,*' -ExpectedMessage "*$file*existing file*"
        Get-Content $file | Should -Be 'x'
    }

    It 'refuses a file that is not a SQLite database and leaves it untouched' {
        $path = Join-Path $TestDrive 'notes.txt'
        Set-Content -Path $path -Value ('this is not a database ' * 100)
        $before = (Get-FileHash $path).Hash
        { Initialize-ConversationCatalog -Path $path } | Should -Throw -ErrorId 'CatalogNotSqlite,*' -ExpectedMessage "*$path*"
        (Get-FileHash $path).Hash | Should -Be $before
    }

    It 'refuses a catalog with a newer schema than the module knows' {
        $path = Join-Path $TestDrive 'future.db'
        $catalog = Initialize-ConversationCatalog -Path $path
        & sqlite3 $path 'UPDATE schema_version SET version = 999'
        { Connect-ConversationCatalog -Path $path } | Should -Throw -ErrorId 'CatalogSchemaTooNew,*' -ExpectedMessage '*999*'
        { Initialize-ConversationCatalog -Path $path } | Should -Throw -ErrorId 'CatalogSchemaTooNew,*'
        # Every other cmdlet opens the catalog the same way and keeps the error id.
        { Get-Conversation -Catalog $catalog } | Should -Throw -ErrorId 'CatalogSchemaTooNew,ConversationExport.Commands.Catalog.GetConversationCommand'
        { New-ExportTask -Name 'never' -TargetType Download -Catalog $catalog } | Should -Throw -ErrorId 'CatalogSchemaTooNew,ConversationExport.Commands.Export.NewExportTaskCommand'
        { Get-ExportStatus -Catalog $catalog } | Should -Throw -ErrorId 'CatalogSchemaTooNew,ConversationExport.Commands.Export.GetExportStatusCommand'
        & sqlite3 $path 'SELECT version FROM schema_version' | Should -Be 999
    }

    It 'refuses a catalog whose schema_version table <Damage> with CatalogSchemaDamaged, naming the file, and changes nothing' -ForEach @(
        @{ Damage = 'is empty'; Sql = 'DELETE FROM schema_version'; Why = '*empty*' }
        @{ Damage = 'has two rows'; Sql = 'INSERT INTO schema_version VALUES (1)'; Why = '*2 rows*' }
        @{ Damage = 'holds text'; Sql = "UPDATE schema_version SET version = 'four'"; Why = "*'four'*" }
    ) {
        $path = Join-Path $TestDrive "schema-$($Damage -replace ' ', '-').db"
        Initialize-ConversationCatalog -Path $path | Out-Null
        & sqlite3 $path $Sql
        $before = (Get-FileHash $path -Algorithm SHA256).Hash
        $message = "*$path*schema_version*$Why*left unchanged*"
        { Connect-ConversationCatalog -Path $path } |
            Should -Throw -ErrorId 'CatalogSchemaDamaged,ConversationExport.Commands.Catalog.ConnectConversationCatalogCommand' -ExpectedMessage $message
        { Initialize-ConversationCatalog -Path $path } |
            Should -Throw -ErrorId 'CatalogSchemaDamaged,ConversationExport.Commands.Catalog.InitializeConversationCatalogCommand' -ExpectedMessage $message
        (Get-FileHash $path -Algorithm SHA256).Hash | Should -Be $before
        $Error[0].CategoryInfo.Category | Should -Be 'InvalidData'
    }

    It 'refuses to take over a database that holds other tables' {
        $path = Join-Path $TestDrive 'foreign.db'
        & sqlite3 $path 'CREATE TABLE invoices (id INTEGER)'
        { Initialize-ConversationCatalog -Path $path } | Should -Throw -ErrorId 'CatalogNotConversationExport,*'
        & sqlite3 $path ".tables" | Should -Be 'invoices'
    }

    It 'refuses a SQL Server connection string without a database, naming the keywords it needs' {
        { Initialize-ConversationCatalog -Provider SqlServer -ConnectionString 'Server=x' } |
            Should -Throw -ErrorId 'CatalogConnectionInvalid,*' -ExpectedMessage '*Data Source (Server) and Initial Catalog (Database)*'
    }
}

Describe 'Connect-ConversationCatalog' {
    It 'reports a missing catalog with the command that creates it' {
        $path = Join-Path $TestDrive 'missing.db'
        { Connect-ConversationCatalog -Path $path } | Should -Throw -ErrorId 'CatalogNotFound,*' -ExpectedMessage '*Initialize-ConversationCatalog*'
        $path | Should -Not -Exist
    }

    It 'sets the catalog every later command in the session uses' {
        $first = Join-Path $TestDrive 'first.db'
        $second = Join-Path $TestDrive 'second.db'
        Initialize-ConversationCatalog -Path $first | Out-Null
        Initialize-ConversationCatalog -Path $second | Out-Null
        $null = New-TestRecording -Folder (Join-Path $TestDrive 'session') -Name 'only'
        Connect-ConversationCatalog -Path $first | Out-Null
        Import-Conversation -Path (Join-Path $TestDrive 'session') | Out-Null
        @(Get-Conversation).Count | Should -Be 1
        @(Get-Conversation -Catalog (Connect-ConversationCatalog -Path $second)).Count | Should -Be 0
    }

    It 'accepts a catalog object from the pipeline' {
        $path = Join-Path $TestDrive 'piped.db'
        $catalog = Initialize-ConversationCatalog -Path $path
        ($catalog | Connect-ConversationCatalog).Path | Should -Be $path
    }
}

Describe 'A catalog file with a corrupt page' {
    BeforeAll {
        $script:path = Join-Path $TestDrive 'corrupt.db'
        $script:catalog = Initialize-ConversationCatalog -Path $path
        $script:folder = Join-Path $TestDrive 'corrupt-rec'
        1..5 | ForEach-Object { New-TestRecording -Folder $folder -Name "call$_" } | Out-Null
        Import-Conversation -Path $folder -Catalog $catalog | Out-Null

        # The catalog runs in WAL mode: checkpoint the log into the file, so the damage is not hidden behind a newer copy of the page.
        & sqlite3 $path 'PRAGMA wal_checkpoint(TRUNCATE)' | Out-Null
        if (Test-Path "$path-wal") { (Get-Item "$path-wal").Length | Should -Be 0 }
        $pageSize = [int](& sqlite3 $path 'PRAGMA page_size')
        $script:page = [int](& sqlite3 $path "SELECT rootpage FROM sqlite_master WHERE name = 'conversation'")
        $page | Should -BeGreaterOrEqual 3
        $file = [IO.File]::OpenWrite($path)
        try {
            $file.Position = ($page - 1) * $pageSize
            $file.Write([byte[]](0..($pageSize - 1) | ForEach-Object { ($_ * 37 + 11) % 256 }), 0, $pageSize)
        }
        finally { $file.Dispose() }
        $script:hash = (Get-FileHash $path -Algorithm SHA256).Hash
    }

    It 'is refused by <Command> with CatalogCorrupt, naming the file and the first problem, and left unchanged' -ForEach @(
        @{ Command = 'Connect-ConversationCatalog'; Call = { Connect-ConversationCatalog -Path $path } }
        @{ Command = 'Initialize-ConversationCatalog'; Call = { Initialize-ConversationCatalog -Path $path } }
        @{ Command = 'Get-Conversation'; Call = { Get-Conversation -Catalog $catalog } }
        @{ Command = 'Import-Conversation'; Call = { Import-Conversation -Path $folder -Catalog $catalog } }
        @{ Command = 'New-ExportTask'; Call = { New-ExportTask -Name 'never' -TargetType Download -Catalog $catalog } }
        @{ Command = 'Get-ExportStatus'; Call = { Get-ExportStatus -Catalog $catalog } }
    ) {
        $Call | Should -Throw -ErrorId 'CatalogCorrupt,*' -ExpectedMessage "*$path*Page $page*backup*sqlite3*.recover*"
        $Error[0].CategoryInfo.Category | Should -Be 'InvalidData'
        (Get-FileHash $path -Algorithm SHA256).Hash | Should -Be $hash
    }
}

Describe 'Get-ConversationCatalog: the catalog in sight' {
    BeforeAll {
        # A child session with its own data folder: no session catalog, and a default catalog under the test drive.
        function Invoke-FreshSession([string] $Body, [hashtable] $Environment = @{}) {
            $module = (Get-TestModulePath).Replace("'", "''")
            $data = (Join-Path $TestDrive "xdg-$([guid]::NewGuid())").Replace("'", "''")
            $settings = foreach ($name in $Environment.Keys) { "`$env:$name = '$($Environment[$name].Replace("'", "''"))'" }
            Invoke-CleanSession -Script @"
`$env:XDG_DATA_HOME = '$data'
Remove-Item Env:CONVERSATIONEXPORT_CATALOG -ErrorAction Ignore
$($settings -join "`n")
Import-Module '$module'
$Body
"@
        }
    }

    It 'names the catalog given with -Catalog, and says so' {
        $path = Join-Path $TestDrive 'shown.db'
        $catalog = Initialize-ConversationCatalog -Path $path
        $shown = Get-ConversationCatalog -Catalog $catalog
        $shown.Path | Should -Be $path
        $shown.Provider | Should -Be 'Sqlite'
        $shown.SchemaVersion | Should -Be $catalog.SchemaVersion
        $shown.ChosenBy | Should -Be 'Parameter'
    }

    It 'names the session''s catalog after Connect-ConversationCatalog' {
        $path = Join-Path $TestDrive 'session.db'
        Initialize-ConversationCatalog -Path $path | Out-Null
        $other = Join-Path $TestDrive 'session-other.db'
        Initialize-ConversationCatalog -Path $other | Out-Null
        Connect-ConversationCatalog -Path $path | Out-Null
        $shown = Get-ConversationCatalog
        $shown.Path | Should -Be $path
        $shown.ChosenBy | Should -Be 'Session'
        ($shown | Out-String -Width 120) | Should -Match ('Sqlite\s+\d+\s+0\s+Session\s+' + [regex]::Escape($path))
    }

    It 'names the file of CONVERSATIONEXPORT_CATALOG when the session has none' {
        $path = Join-Path $TestDrive 'from-env.db'
        Initialize-ConversationCatalog -Path $path | Out-Null
        $child = Invoke-FreshSession 'Get-ConversationCatalog | Select-Object Path, ChosenBy | ConvertTo-Json' @{ CONVERSATIONEXPORT_CATALOG = $path }
        $child.ExitCode | Should -Be 0 -Because $child.Output
        $shown = $child.Output | ConvertFrom-Json
        $shown.Path | Should -Be $path
        $shown.ChosenBy | Should -Be 'Environment'
    }

    It 'names the user''s default catalog when nothing else is set' {
        $child = Invoke-FreshSession @'
Initialize-ConversationCatalog | Out-Null   # creates the default catalog (and makes it this runspace's)
# Another runspace has no session catalog, so it falls back to the default.
$ps = [powershell]::Create(); $null = $ps.AddScript("Import-Module '$((Get-Module ConversationExport).Path)'; Get-ConversationCatalog | Select-Object Path, ChosenBy | ConvertTo-Json")
$ps.Invoke()
'@
        $child.ExitCode | Should -Be 0 -Because $child.Output
        $shown = $child.Output | ConvertFrom-Json
        $shown.Path | Should -BeLike '*ConversationExport*catalog.db'
        $shown.ChosenBy | Should -Be 'Default'
    }

    It 'fails on a missing default catalog with CatalogNotFound, offering Initialize- and Connect-' {
        $child = Invoke-FreshSession @'
try { Get-ExportTask -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
'@
        $child.Output | Should -Match 'CatalogNotFound,ConversationExport.Commands.Export.GetExportTaskCommand'
        $child.Output | Should -Match 'Initialize-ConversationCatalog'
        $child.Output | Should -Match 'Connect-ConversationCatalog'
        $child.Output | Should -Match 'ConversationExport[/\\]catalog\.db'
        $child.Output | Should -Match 'default'
    }

    It 'says under -Verbose which catalog a cmdlet uses and why' {
        $path = Join-Path $TestDrive 'verbose.db'
        $catalog = Initialize-ConversationCatalog -Path $path
        $verbose = Get-ExportTask -Catalog $catalog -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match ('Catalog: ' + [regex]::Escape($path) + ' \(Sqlite, chosen by the -Catalog parameter\)')
        $verbose = Get-Conversation -First 1 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'chosen by the session'
    }
}
