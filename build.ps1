#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The one entry point: Build, Test, Demo, Package, Docs, Bench.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Demo
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Package', 'Docs', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Demo corpus size.
    [ValidateRange(1, 1000000)]
    [int] $Count = 200,

    # Pester: run only test files whose name matches.
    [string] $Filter = '*'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'ConversationExport'
$pwshExe = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$File $($Arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Build-Module {
    Invoke-Native dotnet @('build', (Join-Path $root 'src/ConversationExport.Commands'), '-c', $Configuration, '-nologo', '-v', 'quiet', '-clp:NoSummary;ErrorsOnly')
    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    $dependencies = New-Item -ItemType Directory -Path (Join-Path $moduleOut 'Dependencies') -Force
    # Portable publish: the engine, every third-party assembly, its deps.json and the native SQLite of
    # each OS under runtimes/; the module's private load context resolves them through the deps.json.
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/ConversationExport.Engine'), '-c', $Configuration, '-o', $dependencies.FullName, '--no-build', '-nologo', '-v', 'quiet')
    $commandsBin = Join-Path $root "src/ConversationExport.Commands/bin/$Configuration/net8.0"
    foreach ($file in 'ConversationExport.Commands.dll', 'ConversationExport.Commands.pdb', 'ConversationExport.Model.dll', 'ConversationExport.Model.pdb') {
        Copy-Item (Join-Path $commandsBin $file) $moduleOut
    }
    # The model lives in the default load context only, so objects cross into the engine as one type.
    Remove-Item (Join-Path $dependencies 'ConversationExport.Model.*')
    Copy-Item (Join-Path $root 'module/*') $moduleOut -Recurse -Exclude 'help'
    Copy-Item (Join-Path $root 'LICENSE'), (Join-Path $root 'CHANGELOG.md') $moduleOut
    # MAML help from module/help; fails the build when a cmdlet, parameter or example lacks help.
    Invoke-Native $pwshExe @('-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'tools/New-MamlHelp.ps1'),
        '-ModulePath', $moduleOut, '-SourcePath', (Join-Path $root 'module/help'))
    Write-Host "Module built: $moduleOut"
}

function Get-TrxCounts([string] $path) {
    [xml] $trx = Get-Content $path -Raw
    $counters = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout; Skipped = [int]$counters.notExecuted }
}

# Counts as numbers; a suite with no count or no test at all counts as one failure, said once.
function Confirm-SuiteRan([string] $name, $counts) {
    $passed = $counts.Passed -as [int]
    $failed = $counts.Failed -as [int]
    $skipped = $counts.Skipped -as [int]
    if ($null -eq $counts.Passed -or $null -eq $counts.Failed -or ($passed + $failed + $skipped) -eq 0) {
        Write-Host "$name reported no test: its stage found nothing to run, which counts as a failure." -ForegroundColor Red
        if ($failed -eq 0) { $failed = 1 }
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed; Skipped = $skipped }
}

# The independent tools the tests check our output with. One place decides: on Debian as root the
# missing packages are installed (as CI does); anywhere else the run stops at once, naming them.
function Assert-TestPrerequisites {
    # sshd and ssh-keygen: the Sftp target tests start their own OpenSSH server (tests/Pester/TargetServices.psm1);
    # pgrep finds its per-connection children, which a test kills with it; npm brings Azurite and s3rver.
    $tools = [ordered]@{ '7z' = 'p7zip-full'; 'pdftotext' = 'poppler-utils'; 'sqlite3' = 'sqlite3'; 'unzip' = 'unzip'; 'crontab' = 'cron'; 'sshd' = 'openssh-server'; 'psql' = 'postgresql-client'
        'pgrep' = 'procps'; 'npm' = 'npm' }
    $missing = @($tools.Keys | Where-Object { -not (Get-Command $_ -CommandType Application -ErrorAction Ignore) } | ForEach-Object { $tools[$_] })
    # The PostgreSQL pass starts its own server from the server binaries (initdb, pg_ctl), wherever Debian put them.
    $hasPostgres = (Get-Command initdb -CommandType Application -ErrorAction Ignore) -or (Test-Path /usr/lib/postgresql/*/bin/initdb)
    if (-not $hasPostgres) { $missing += 'postgresql' }
    # The notification tests' SMTP server (tests/Pester/SmtpSink.py) runs on aiosmtpd, which the Debian
    # package installs for the system python3 (the one SmtpSupport.psm1 tries first).
    $python = @('/usr/bin/python3') + @(Get-Command python3 -CommandType Application -ErrorAction Ignore | ForEach-Object Source) | Where-Object { Test-Path $_ }
    $hasAiosmtpd = $false
    foreach ($candidate in $python) {
        & $candidate -c 'import aiosmtpd' 2>$null
        if ($LASTEXITCODE -eq 0) { $hasAiosmtpd = $true; break }
    }
    if (-not $hasAiosmtpd) { $missing += 'python3-aiosmtpd' }
    if ($missing.Count -eq 0) { return }
    $canInstall = -not $IsWindows -and (Get-Command apt-get -ErrorAction Ignore) -and ((& id -u) -eq '0')
    if (-not $canInstall) {
        throw "The tests need these packages, which are missing: $($missing -join ' '). Install them (Debian/Ubuntu: sudo apt-get install -y $($missing -join ' ')) and run the tests again."
    }
    Write-Host "Installing the test prerequisites: $($missing -join ' ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native apt-get @('update', '-qq')
    Invoke-Native apt-get (@('install', '-y', '-qq') + $missing)
}

# The schedule tests register real crontab entries and wait for cron to fire them: its daemon must run.
# The storage target tests start Azurite and s3rver from tests/services (npm ci brings them).
function Start-TestServices {
    $services = Join-Path $root 'tests/services'
    # Installed again whenever the lock file changed since the last install (a stamp holds its hash), not only when missing.
    $lock = (Get-FileHash (Join-Path $services 'package-lock.json') -Algorithm SHA256).Hash
    $stamp = Join-Path $services 'node_modules/.installed-lock-sha256'
    if (-not (Test-Path $stamp) -or (Get-Content $stamp -Raw).Trim() -ne $lock) {
        Push-Location $services
        try { Invoke-Native npm @('ci', '--no-audit', '--no-fund') } finally { Pop-Location }
        Set-Content -LiteralPath $stamp -Value $lock
    }
    if ($IsWindows -or (Get-Process -Name cron, crond -ErrorAction Ignore)) { return }
    $daemon = Get-Command cron, crond -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if (-not $daemon -or (& id -u) -ne '0') {
        throw 'The schedule tests need the cron daemon running (Debian: sudo apt-get install -y cron && sudo service cron start).'
    }
    Invoke-Native $daemon.Source @()  # daemonizes itself
}

# Runs one xunit pass; returns its counts (a pass that ran nothing or crashed counts as a failure).
function Invoke-XunitPass([string] $name, [string[]] $arguments) {
    $trx = "$name.trx"
    # The pass's own arguments go last: they may end with "-- <RunSettings>", after which dotnet test reads no option.
    # Out-Host: the test output is for people; only the counts are this function's result.
    & dotnet test (Join-Path $root 'tests/ConversationExport.Engine.Tests') -c $Configuration -nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' --results-directory $results.FullName @arguments | Out-Host
    $exit = $LASTEXITCODE
    $path = Join-Path $results $trx
    $counts = if (Test-Path $path) { Get-TrxCounts $path } else { [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
    if ($exit -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }
    Confirm-SuiteRan "xunit ($name)" $counts
}

function Invoke-PesterPass([string] $name, [string] $fileFilter, [string[]] $excludeTag = @()) {
    $json = Join-Path $results "$name.json"
    # The filter travels in the environment: PowerShell would expand a bare '*' argument to a native command on Unix.
    $env:CONVERSATIONEXPORT_TEST_FILTER = $fileFilter
    $exclusion = $excludeTag ? @('-ExcludeTag', ($excludeTag -join ',')) : @()
    & $pwshExe -NoProfile -NonInteractive -File (Join-Path $root 'tests/Pester/Invoke-PesterSuite.ps1') -ModulePath $moduleOut -ResultPath $json @exclusion | Out-Host
    $counts = if (Test-Path $json) { Get-Content $json -Raw | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
    Confirm-SuiteRan "Pester ($name)" $counts
}

# The Pester files whose behaviour does not depend on the catalog's provider; they run again on PostgreSQL.
$ProviderPesterFiles = 'Audit,Export.Resume,Export.Recurring,Export.Selection,Export.Runs,Export.Errors,Export.Concurrency,Export.MultiServer,Templates'

function Invoke-Tests {
    Assert-TestPrerequisites
    Start-TestServices
    Build-Module
    $script:results = New-Item -ItemType Directory -Path (Join-Path $out 'test-results') -Force
    Get-ChildItem $results | Remove-Item -Recurse -Force
    Invoke-Native dotnet @('restore', (Join-Path $root 'tests/Pester/Pester.Restore.csproj'), '-nologo', '-v', 'quiet')

    # One PostgreSQL server for the whole run (initdb into a temp folder, a free loopback port), torn down at the end.
    Import-Module (Join-Path $root 'tests/Pester/TestPostgres.psm1') -Force
    $postgres = Start-TestPostgres
    $env:CONVERSATIONEXPORT_TEST_POSTGRES = $postgres.ConnectionString
    try {
        # Tests this pass cannot run are left out by the filter, never counted as skipped:
        # - Category=Huge (a 9 GB Zip64 archive, ~1.5 min) runs only with CE_HUGE_ARCHIVE_TESTS=1, which .ci/run sets;
        # - Catalog=PostgreSqlOnly runs in the PostgreSQL pass below;
        # - Catalog=SqlServer needs a SQL Server, which this machine has not: .github/workflows/sqlserver.yml runs them.
        # (Named apart from -Filter: PowerShell variable names ignore case, so $filter would overwrite it.)
        $xunitFilter = 'Catalog!=PostgreSqlOnly&Catalog!=SqlServer' + ($env:CE_HUGE_ARCHIVE_TESTS -eq '1' ? '' : '&Category!=Huge')
        $suites = @(Invoke-XunitPass 'xunit' @('--filter', $xunitFilter))
        # Blocks tagged PostgreSqlOnly need a server catalog: left out here (not counted as skipped), run in the PostgreSQL pass.
        $suites += Invoke-PesterPass 'pester' $Filter 'PostgreSqlOnly'
        # The provider-neutral tests again on PostgreSQL. Serially: a transaction open anywhere on the server holds
        # back the change-sequence bound (by design), so parallel test classes would delay each other's exports.
        $env:CONVERSATIONEXPORT_TEST_PROVIDER = 'PostgreSql'
        try {
            $suites += Invoke-XunitPass 'xunit-postgresql' @('--filter', 'Catalog=AnyProvider|Catalog=PostgreSqlOnly', '--', 'xUnit.ParallelizeTestCollections=false')
            if ($Filter -eq '*') { $suites += Invoke-PesterPass 'pester-postgresql' $ProviderPesterFiles }
        }
        finally { Remove-Item Env:CONVERSATIONEXPORT_TEST_PROVIDER -ErrorAction Ignore }
    }
    finally { Stop-TestPostgres $postgres }

    # A suite that ran no test is a failure, not a pass: a broken filter or discovery must not look green.
    $passed = ($suites | Measure-Object Passed -Sum).Sum
    $failed = ($suites | Measure-Object Failed -Sum).Sum
    $skipped = ($suites | Measure-Object Skipped -Sum).Sum
    Write-Host ''
    Write-Host "xunit: $($suites[0].Passed) passed, $($suites[0].Failed) failed; Pester: $($suites[1].Passed) passed, $($suites[1].Failed) failed; PostgreSQL passes: $(($suites | Select-Object -Skip 2 | Measure-Object Passed -Sum).Sum) passed, $(($suites | Select-Object -Skip 2 | Measure-Object Failed -Sum).Sum) failed"
    $line = "$passed passed, $failed failed"
    if ($skipped -gt 0) { $line += ", $skipped skipped" }
    Write-Host $line
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Build-Module
    & $pwshExe -NoProfile -NonInteractive -File (Join-Path $root 'examples/Start-Demo.ps1') -ModulePath $moduleOut -WorkFolder (Join-Path $out 'demo') -Count $Count
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

# A versioned .nupkg in out/package, which is also a local repository Install-PSResource can install from.
function New-Package {
    Build-Module
    $package = & (Join-Path $root 'tools/New-ModulePackage.ps1') -ModulePath $moduleOut -Destination (Join-Path $out 'package')
    Write-Host "Package: $($package.FullName)"
}

switch ($Task) {
    'Build' { Build-Module }
    'Test' { Invoke-Tests }
    'Demo' { Invoke-Demo }
    'Package' { New-Package }
    'Docs' {
        # docs/commands/<cmdlet>.md, the pages the cmdlets' HelpUri links lead to, from module/help.
        Build-Module
        Invoke-Native $pwshExe @('-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'tools/New-CommandDocs.ps1'),
            '-ModulePath', $moduleOut, '-Destination', (Join-Path $root 'docs/commands'))
    }
    'Bench' {
        Build-Module
        & $pwshExe -NoProfile -NonInteractive -File (Join-Path $root 'bench/Invoke-Bench.ps1') -ModulePath $moduleOut
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    }
}
