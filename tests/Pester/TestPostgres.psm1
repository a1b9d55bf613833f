# A throw-away PostgreSQL server for the tests: initdb into a temp folder, a free loopback port,
# password login for one superuser; no root needed and no system service. As root, the server runs as
# the 'postgres' account (PostgreSQL refuses to run as root).

function Find-PostgresBin {
    $initdb = Get-Command initdb -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($initdb) { return Split-Path ([IO.Path]::GetFullPath((Resolve-Path $initdb.Source).Path)) }
    $candidates = @(Get-ChildItem /usr/lib/postgresql/*/bin/initdb -ErrorAction SilentlyContinue | Sort-Object FullName -Descending)
    if ($candidates.Count -gt 0) { return Split-Path $candidates[0].FullName }
    throw 'PostgreSQL server binaries (initdb, pg_ctl) were not found: install the Debian package postgresql (build.ps1 Test does it as root).'
}

# Get-FreeTcpPort: one definition, beside the other test servers'.
Import-Module (Join-Path $PSScriptRoot 'TargetServices.psm1')

function Invoke-AsServerAccount {
    param([string] $Program, [string[]] $Arguments)
    $isRoot = -not $IsWindows -and (id -u) -eq '0'
    if ($isRoot) { & runuser -u postgres -- $Program @Arguments } else { & $Program @Arguments }
    if ($LASTEXITCODE -ne 0) { throw "$Program $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

# Starts a server and returns its description; Stop-TestPostgres tears it down.
function Start-TestPostgres {
    $bin = Find-PostgresBin
    $root = Join-Path ([IO.Path]::GetTempPath()) ("ce-pg-" + [Guid]::NewGuid().ToString('N').Substring(0, 12))
    New-Item -ItemType Directory -Path $root | Out-Null
    $password = [Convert]::ToHexString([Security.Cryptography.RandomNumberGenerator]::GetBytes(16))
    $pwfile = Join-Path $root 'pw'
    Set-Content -LiteralPath $pwfile -Value $password -NoNewline
    $isRoot = -not $IsWindows -and (id -u) -eq '0'
    if ($isRoot) { chown -R postgres $root }
    $data = Join-Path $root 'data'
    $port = Get-FreeTcpPort
    Invoke-AsServerAccount (Join-Path $bin 'initdb') @('-D', $data, '-U', 'ce_admin', '--auth=scram-sha-256', "--pwfile=$pwfile", '-E', 'UTF8', '--locale=C') | Out-Null
    [IO.File]::Delete($pwfile)
    $options = "-p $port -k $root -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c autovacuum=off"
    Invoke-AsServerAccount (Join-Path $bin 'pg_ctl') @('-D', $data, '-o', $options, '-l', (Join-Path $root 'server.log'), '-w', '-t', '60', 'start') | Out-Null
    [pscustomobject]@{
        Root             = $root
        Bin              = $bin
        Port             = $port
        UserName         = 'ce_admin'
        Password         = $password
        ConnectionString = "Host=127.0.0.1;Port=$port;Username=ce_admin;Password=$password"
    }
}

function Stop-TestPostgres {
    param([Parameter(Mandatory)] $Server)
    try { Invoke-AsServerAccount (Join-Path $Server.Bin 'pg_ctl') @('-D', (Join-Path $Server.Root 'data'), '-m', 'immediate', '-w', 'stop') | Out-Null }
    catch { Write-Warning "Stopping the test PostgreSQL server failed: $_" }
    Remove-Item -LiteralPath $Server.Root -Recurse -Force -ErrorAction SilentlyContinue
}

# The admin connection string of the suite's server: CONVERSATIONEXPORT_TEST_POSTGRES (set by build.ps1 Test).
function ConvertFrom-ConnectionString([string] $Value) {
    $parts = @{}
    foreach ($pair in $Value -split ';') {
        if ($pair -match '^\s*([^=]+?)\s*=\s*(.*)$') { $parts[$Matches[1]] = $Matches[2] }
    }
    $parts
}

function Get-TestPostgres {
    $value = $env:CONVERSATIONEXPORT_TEST_POSTGRES
    if (-not $value) { throw 'CONVERSATIONEXPORT_TEST_POSTGRES is not set: run the tests with build.ps1 Test, which starts a PostgreSQL server for them.' }
    $value
}

# A new, empty database on the suite's server; returns a connection string for it (without the password) and the credential.
function New-TestPostgresDatabase {
    $admin = Get-TestPostgres
    $builder = ConvertFrom-ConnectionString $admin
    $name = 'ce_' + [Guid]::NewGuid().ToString('N').Substring(0, 16)
    $env:PGPASSWORD = $builder['Password']
    try {
        & psql -h $builder['Host'] -p $builder['Port'] -U $builder['Username'] -d postgres -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE $name" | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "Creating the test database $name failed (psql exit $LASTEXITCODE)." }
    }
    finally { Remove-Item Env:PGPASSWORD -ErrorAction SilentlyContinue }
    $secure = ConvertTo-SecureString $builder['Password'] -AsPlainText -Force
    [pscustomobject]@{
        Name             = $name
        ConnectionString = "Host=$($builder['Host']);Port=$($builder['Port']);Database=$name"
        Credential       = [pscredential]::new($builder['Username'], $secure)
        Password         = $builder['Password']
        Admin            = $admin
    }
}

# Runs SQL on a test database with psql (an independent client) and returns its rows as text.
function Invoke-TestPostgresSql {
    param([Parameter(Mandatory)] $Database, [Parameter(Mandatory)] [string] $Sql)
    $builder = ConvertFrom-ConnectionString $Database.Admin
    $env:PGPASSWORD = $builder['Password']
    try {
        $rows = & psql -h $builder['Host'] -p $builder['Port'] -U $builder['Username'] -d $Database.Name -v ON_ERROR_STOP=1 -A -t -q -c $Sql
        if ($LASTEXITCODE -ne 0) { throw "psql failed (exit $LASTEXITCODE) running: $Sql" }
        $rows
    }
    finally { Remove-Item Env:PGPASSWORD -ErrorAction SilentlyContinue }
}

Export-ModuleMember -Function Start-TestPostgres, Stop-TestPostgres, Get-TestPostgres, New-TestPostgresDatabase, Invoke-TestPostgresSql
