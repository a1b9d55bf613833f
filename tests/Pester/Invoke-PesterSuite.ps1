<#
.SYNOPSIS
    Runs every *.Tests.ps1 under tests/Pester against a built module and writes the counts as JSON.
    Runs in its own process so the session under test starts clean.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [string] $Filter = ($env:CONVERSATIONEXPORT_TEST_FILTER ? $env:CONVERSATIONEXPORT_TEST_FILTER : '*'),
    # Tags of blocks this pass leaves out, uncounted: PostgreSqlOnly in the SQLite pass (those blocks need a
    # server catalog and run in the PostgreSQL pass). A left-out block is not a skip.
    [string[]] $ExcludeTag = @()
)
$ErrorActionPreference = 'Stop'
$packages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
Import-Module (Join-Path $packages.Trim() 'pester/5.7.1/tools/Pester.psd1') -Force

$env:CONVERSATIONEXPORT_TEST_MODULE = $ModulePath
$env:CONVERSATIONEXPORT_NUGET_PACKAGES = $packages.Trim()
$configuration = New-PesterConfiguration
# A comma-separated list of names or wildcards; a pattern that finds no file fails the run (build.ps1
# counts a missing result as one failure), never an empty pass.
$files = foreach ($pattern in $Filter -split ',') {
    $found = @(Get-ChildItem $PSScriptRoot -Filter "$($pattern.Trim()).Tests.ps1" | ForEach-Object FullName)
    if ($found.Count -eq 0) { throw "No Pester test file under '$PSScriptRoot' matches '$($pattern.Trim()).Tests.ps1'." }
    $found
}
$configuration.Run.Path = $files
$configuration.Run.PassThru = $true
if ($ExcludeTag) { $configuration.Filter.ExcludeTag = @($ExcludeTag -split ',' | ForEach-Object Trim) }
$configuration.Output.Verbosity = 'Normal'
$result = Invoke-Pester -Configuration $configuration
[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
} | ConvertTo-Json | Set-Content $ResultPath
