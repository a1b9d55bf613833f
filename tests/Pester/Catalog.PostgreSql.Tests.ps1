# Catalogs on a PostgreSQL server (SPEC §2): connecting, initializing, and every kind of bad input
# failing clearly with nothing created. Runs against the server build.ps1 Test starts for the suite
# (CONVERSATIONEXPORT_TEST_POSTGRES); psql, an independent client, checks what is in the database.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'TestPostgres.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')

    function Get-TableCount($Database) {
        [int](Invoke-TestPostgresSql $Database "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")
    }
}

AfterAll { Restore-IsolatedTestEnvironment }

Describe 'A PostgreSQL catalog' {
    It 'is created by Initialize-ConversationCatalog, holds imported conversations, and is found again by Connect' {
        $database = New-TestPostgresDatabase
        $catalog = Initialize-ConversationCatalog -Provider PostgreSql -ConnectionString $database.ConnectionString -Credential $database.Credential
        $catalog.Provider | Should -Be 'PostgreSql'
        $catalog.Path | Should -BeNullOrEmpty
        $catalog.SchemaVersion | Should -BeGreaterThan 6
        $catalog.UserName | Should -Be $database.Credential.UserName

        $recordings = Join-Path $TestDrive 'recordings'
        New-DemoRecording -Path $recordings -Count 12 | Out-Null
        (Import-Conversation -Path $recordings).Imported | Should -Be 12

        $again = Connect-ConversationCatalog -Provider PostgreSql -ConnectionString $database.ConnectionString -Credential $database.Credential
        $again.Conversations | Should -Be 12
        Invoke-TestPostgresSql $database 'SELECT COUNT(*) FROM conversation' | Should -Be '12'
        @(Get-Conversation).Count | Should -Be 12
        # The initializing user is its first administrator (SPEC §12).
        Invoke-TestPostgresSql $database 'SELECT COUNT(*) FROM principal WHERE is_administrator = 1' | Should -Be '1'
    }

    It 'never keeps a password in its connection string, output or JSON' {
        $database = New-TestPostgresDatabase
        Initialize-ConversationCatalog -Provider PostgreSql -ConnectionString $database.ConnectionString -Credential $database.Credential | Out-Null
        $withPassword = "$($database.ConnectionString);Username=$($database.Credential.UserName);Password=$($database.Password)"

        $catalog = Connect-ConversationCatalog -Provider PostgreSql -ConnectionString $withPassword

        $catalog.ConnectionString | Should -Not -Match 'Password'
        $shown = ($catalog | Format-List * | Out-String) + ($catalog | ConvertTo-Json -Depth 5) + ($catalog | Out-String)
        $shown | Should -Not -Match ([regex]::Escape($database.Password))
        @(Get-Conversation -Catalog $catalog).Count | Should -Be 0   # the login still works
    }
}

Describe 'Bad input for a PostgreSQL catalog' {
    It 'a wrong password fails with CatalogLoginFailed (PermissionDenied) and says what to check' {
        $database = New-TestPostgresDatabase
        Initialize-ConversationCatalog -Provider PostgreSql -ConnectionString $database.ConnectionString -Credential $database.Credential | Out-Null
        $wrong = [pscredential]::new($database.Credential.UserName, (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force))

        $failure = { Connect-ConversationCatalog -Provider PostgreSql -ConnectionString $database.ConnectionString -Credential $wrong -ErrorAction Stop } |
            Should -Throw -ErrorId 'CatalogLoginFailed*' -ExpectedMessage '*refused the login*-Credential*' -PassThru
        $failure.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $failure.Exception.Message | Should -Not -Match 'not-the-password'
    }

    It 'an unreachable server fails with CatalogUnavailable naming the server' {
        Import-Module (Join-Path $PSScriptRoot 'TargetServices.psm1') -Force
        $port = Get-FreeTcpPort   # a port nobody listens on

        { Connect-ConversationCatalog -Provider PostgreSql -ConnectionString "Host=127.0.0.1;Port=$port;Database=nowhere;Timeout=3" -Credential ([pscredential]::new('x', (ConvertTo-SecureString 'y' -AsPlainText -Force))) -ErrorAction Stop } |
            Should -Throw -ErrorId 'CatalogUnavailable*' -ExpectedMessage "*127.0.0.1:$port/nowhere*cannot be reached*"
    }

    It 'a database that does not exist fails with CatalogNotFound' {
        $database = New-TestPostgresDatabase
        $missing = $database.ConnectionString -replace 'Database=\w+', 'Database=ce_no_such_database'
        { Connect-ConversationCatalog -Provider PostgreSql -ConnectionString $missing -Credential $database.Credential -ErrorAction Stop } |
            Should -Throw -ErrorId 'CatalogNotFound*' -ExpectedMessage '*does not exist*'
    }

    It 'an empty database is not a catalog: Connect refuses it and creates nothing' {
        $database = New-TestPostgresDatabase
        { Connect-ConversationCatalog -Provider PostgreSql -ConnectionString $database.ConnectionString -Credential $database.Credential -ErrorAction Stop } |
            Should -Throw -ErrorId 'CatalogNotConversationExport*' -ExpectedMessage '*no conversation catalog*nothing was created*Initialize-ConversationCatalog -Provider PostgreSql*'
        Get-TableCount $database | Should -Be 0
    }

    It 'a database holding somebody else''s tables is refused by Initialize, and left as it was' {
        $database = New-TestPostgresDatabase
        Invoke-TestPostgresSql $database 'CREATE TABLE payroll (id int); INSERT INTO payroll VALUES (1)' | Out-Null
        { Initialize-ConversationCatalog -Provider PostgreSql -ConnectionString $database.ConnectionString -Credential $database.Credential -ErrorAction Stop } |
            Should -Throw -ErrorId 'CatalogNotConversationExport*'
        Get-TableCount $database | Should -Be 1
        Invoke-TestPostgresSql $database 'SELECT COUNT(*) FROM payroll' | Should -Be '1'
    }

    It 'a catalog newer than the module fails with CatalogSchemaTooNew and is left unchanged' {
        $database = New-TestPostgresDatabase
        Initialize-ConversationCatalog -Provider PostgreSql -ConnectionString $database.ConnectionString -Credential $database.Credential | Out-Null
        Invoke-TestPostgresSql $database 'UPDATE schema_version SET version = 99' | Out-Null
        { Connect-ConversationCatalog -Provider PostgreSql -ConnectionString $database.ConnectionString -Credential $database.Credential -ErrorAction Stop } |
            Should -Throw -ErrorId 'CatalogSchemaTooNew*' -ExpectedMessage '*schema version 99*Update the ConversationExport module*'
        Invoke-TestPostgresSql $database 'SELECT version FROM schema_version' | Should -Be '99'
    }

    It 'a connection string without a database is refused before anything is tried, naming what is needed' {
        { Connect-ConversationCatalog -Provider PostgreSql -ConnectionString 'Host=127.0.0.1' -ErrorAction Stop } |
            Should -Throw -ErrorId 'CatalogConnectionInvalid*' -ExpectedMessage '*needs Host and Database*'
    }
}
