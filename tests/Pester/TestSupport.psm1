# Shared by the Pester suites: where the module under test is, and how to run a clean child session.

function Get-TestModulePath {
    if (-not $env:CONVERSATIONEXPORT_TEST_MODULE) { throw 'CONVERSATIONEXPORT_TEST_MODULE is not set: run the tests through ./build.ps1 Test.' }
    $env:CONVERSATIONEXPORT_TEST_MODULE
}

function Get-PwshPath { Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh') }

# Runs a script in a fresh pwsh process (nothing loaded yet) and returns its JSON output as objects.
function Invoke-CleanSession {
    param([Parameter(Mandatory)] [string] $Script)
    $file = Join-Path ([IO.Path]::GetTempPath()) ("ce-child-{0}.ps1" -f [guid]::NewGuid())
    Set-Content -Path $file -Value $Script
    try {
        $output = & (Get-PwshPath) -NoProfile -NonInteractive -File $file 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
    }
    finally { Remove-Item $file -ErrorAction SilentlyContinue }
}

# A sidecar in the recording server's format (SPEC §2.3), with only what a test needs to vary.
function New-TestSidecar {
    param(
        [Parameter(Mandatory)] [string] $Folder,
        [Parameter(Mandatory)] [string] $Name,
        [string] $Id = ([guid]::NewGuid().ToString()),
        [string] $Start = '2026-11-28T09:15:02.123Z',
        [string] $Extra = '',
        [switch] $NoMedia
    )
    New-Item -ItemType Directory -Path $Folder -Force | Out-Null
    $files = ''
    if (-not $NoMedia) {
        [IO.File]::WriteAllBytes((Join-Path $Folder "$Name.wav"), [byte[]](1..64))
        $files = "<files><file kind=`"Media`">$Name.wav</file></files>"
    }
    $xml = @"
<conversation xmlns="urn:conversation-export:recording:1">
  <id>$Id</id>
  <type>Voice</type>
  <direction>Inbound</direction>
  <start>$Start</start>
  <end>2026-11-28T09:21:40.500Z</end>
  <from number="+3612345678" info="Jane Caller"/>
  <to number="1234" info="Agent Smith"/>
  <user name="jsmith" id="A-1001" location="Budapest" extension="1234"><group>Sales</group></user>
  $Extra
  $files
</conversation>
"@
    Set-Content -Path (Join-Path $Folder "$Name.xml") -Value $xml -Encoding utf8NoBOM
    $Id
}

# Isolates everything a run could touch outside the test folder: the secret key file, the default
# catalog, the download folder and the logs of background runs (LocalApplicationData on Unix is
# XDG_DATA_HOME). Child processes inherit these. Restore-IsolatedTestEnvironment puts them back, so
# suites that run later in the same process see the environment they expect.
$script:IsolatedVariables = 'CONVERSATIONEXPORT_KEYFILE', 'CONVERSATIONEXPORT_CATALOG', 'CONVERSATIONEXPORT_CATALOG_USER', 'CONVERSATIONEXPORT_CATALOG_PASSWORD', 'CONVERSATIONEXPORT_DOWNLOADS', 'XDG_DATA_HOME'
$script:SavedEnvironment = $null

function Set-IsolatedTestEnvironment {
    param([Parameter(Mandatory)] [string] $Root)
    if ($null -eq $script:SavedEnvironment) {
        $script:SavedEnvironment = @{}
        foreach ($name in $script:IsolatedVariables) { $script:SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name) }
    }
    New-Item -ItemType Directory -Path $Root -Force | Out-Null
    $env:CONVERSATIONEXPORT_KEYFILE = Join-Path $Root 'secret.key'
    $env:CONVERSATIONEXPORT_CATALOG = Join-Path $Root 'default-catalog.db'
    $env:CONVERSATIONEXPORT_DOWNLOADS = Join-Path $Root 'downloads'
    $env:XDG_DATA_HOME = Join-Path $Root 'xdg-data'
}

function Restore-IsolatedTestEnvironment {
    if ($null -eq $script:SavedEnvironment) { return }
    foreach ($name in $script:IsolatedVariables) { [Environment]::SetEnvironmentVariable($name, $script:SavedEnvironment[$name]) }
    $script:SavedEnvironment = $null
}

# A fresh catalog in its own folder, made the session catalog and the one child processes open.
# With CONVERSATIONEXPORT_TEST_PROVIDER=PostgreSql (build.ps1 Test's second pass) it is a new database on
# the suite's PostgreSQL server instead, so the same tests run against both providers.
function New-IsolatedTestCatalog {
    param([Parameter(Mandatory)] [string] $Root)
    New-Item -ItemType Directory -Path $Root -Force | Out-Null
    if ($env:CONVERSATIONEXPORT_TEST_PROVIDER -eq 'PostgreSql') {
        Import-Module (Join-Path $PSScriptRoot 'TestPostgres.psm1') -Global
        $database = New-TestPostgresDatabase
        $catalog = Initialize-ConversationCatalog -Provider PostgreSql -ConnectionString $database.ConnectionString -Credential $database.Credential
        # Child processes (background and scheduled runs, concurrency trials) find the same database.
        $env:CONVERSATIONEXPORT_CATALOG = "PostgreSql:$($catalog.ConnectionString)"
        $env:CONVERSATIONEXPORT_CATALOG_USER = $database.Credential.UserName
        $env:CONVERSATIONEXPORT_CATALOG_PASSWORD = $database.Password
        return $catalog
    }
    $path = Join-Path $Root 'catalog.db'
    $catalog = Initialize-ConversationCatalog -Path $path
    $env:CONVERSATIONEXPORT_CATALOG = $path
    $catalog
}

Export-ModuleMember -Function Get-TestModulePath, Get-PwshPath, Invoke-CleanSession, New-TestSidecar, Set-IsolatedTestEnvironment, Restore-IsolatedTestEnvironment, New-IsolatedTestCatalog
