<#
.SYNOPSIS
    Benchmarks, run on demand (`./build.ps1 Bench`), never in CI. Figures are ratios against a
    baseline measured in the same run: these machines are shared and noisy.
.DESCRIPTION
    Results are appended to bench/results/<date>.md (earlier runs of the day stay in the file).
.PARAMETER Conversations
    Size of the synthetic catalog for the query cases (default 1,000,000; generated once into bench/work).
.PARAMETER Case
    Which cases to run: Query, ListMemory, ExportMemory (design §3 search and memory), Throughput
    (export throughput against 7-Zip, zip, Compress-Archive and cp) and LargeFile (peak memory of
    an Aes256 export of a single 2 GiB media file). Throughput and LargeFile live in Throughput.ps1.
.PARAMETER CorpusMB
    Size in MiB of the Throughput corpus (generated once into bench/work, then reused).
.PARAMETER ThroughputRuns
    Runs of each Throughput and LargeFile case (at least 3 for a median that means something).
.EXAMPLE
    dotnet pwsh -NoProfile -Command './bench/Invoke-Bench.ps1 -ModulePath ./out/ConversationExport -Case Throughput, LargeFile -CorpusMB 400'
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Conversations = 1000000,
    [int] $Runs = 5,
    [ValidateSet('Query', 'ListMemory', 'ExportMemory', 'Throughput', 'LargeFile')]
    [string[]] $Case = @('Query', 'ListMemory', 'ExportMemory', 'Throughput', 'LargeFile'),
    [ValidateRange(10, 100000)] [int] $CorpusMB = 800,
    [ValidateRange(1, 100)] [int] $ThroughputRuns = 3,
    [ValidateRange(1, 100000)] [int] $LargeFileMB = 2048,
    # Passed to Invoke-ConversationExport -ThrottleLimit in the Throughput cases; 0 = its default (core count).
    [int] $ThrottleLimit = 0,
    # Diagnostic: also run "ours Zip/Aes256 TL<n>" with -ThrottleLimit n for each n (no goal uses them).
    [int[]] $DiagnosticThrottleLimit = @()
)
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot
$work = New-Item -ItemType Directory -Path (Join-Path $PSScriptRoot 'work') -Force
$pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
$report = [System.Collections.Generic.List[string]]::new()
$report.Add("# Benchmarks $([DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm')) UTC on $([Environment]::ProcessorCount) cores")
$report.Add('')

if ($Case -contains 'Query' -or $Case -contains 'ListMemory') {
    & dotnet build (Join-Path $PSScriptRoot 'ConversationExport.Bench') -c Release -nologo -v quiet -clp:ErrorsOnly
    if ($LASTEXITCODE -ne 0) { throw 'The benchmark project did not build.' }
}
$bench = Join-Path $PSScriptRoot 'ConversationExport.Bench/bin/Release/net10.0/ConversationExport.Bench.dll'

function Invoke-Bench([string[]] $arguments) {
    $output = & dotnet $bench @arguments
    if ($LASTEXITCODE -ne 0) { throw "bench $($arguments -join ' ') failed: $output" }
    $output
}

# 1. Query cases: the engine against hand-written SQL over ADO.NET, same rows, same run.
$large = Join-Path $work "query-$Conversations.db"
if ($Case -contains 'Query') {
    $report.Add('## Search (design §3): engine vs direct SQL')
    $report.Add('')
    Invoke-Bench @('query', $large, $Conversations, $Runs) | ForEach-Object { Write-Host $_; $report.Add($_) }
    $report.Add('')
}

# 2. Memory of Get-Conversation streaming a whole catalog through the pipeline, small vs large.
if ($Case -contains 'ListMemory') {
$small = Join-Path $work 'query-100000.db'
if (-not (Test-Path $small)) { Invoke-Bench @('query', $small, 100000, 1) | Out-Null }
function Measure-ListingMemory([string] $catalog) {
    $script = @"
Import-Module '$ModulePath'
`$count = 0
Get-Conversation -Catalog (Connect-ConversationCatalog -Path '$catalog') | ForEach-Object { `$count++ }
[pscustomobject]@{ Count = `$count; PeakMB = [math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB, 1) } | ConvertTo-Json -Compress
"@
    $elapsed = [Diagnostics.Stopwatch]::StartNew()
    $json = & $pwsh -NoProfile -NonInteractive -Command $script
    $result = $json | Select-Object -Last 1 | ConvertFrom-Json
    $result | Add-Member Seconds ([math]::Round($elapsed.Elapsed.TotalSeconds, 1)) -PassThru
}
$a = Measure-ListingMemory $small
$b = Measure-ListingMemory $large
$report.Add('## Memory: Get-Conversation over a whole catalog, through the PowerShell pipeline')
$report.Add('')
$report.Add('| conversations | peak working set MB | seconds | rows/s |')
$report.Add('|---:|---:|---:|---:|')
foreach ($r in $a, $b) { $report.Add("| $($r.Count.ToString('N0')) | $($r.PeakMB) | $($r.Seconds) | $([math]::Round($r.Count / $r.Seconds).ToString('N0')) |") }
$report.Add('')
$report.Add("Growth from $($a.Count.ToString('N0')) to $($b.Count.ToString('N0')) conversations: $([math]::Round(($b.PeakMB / $a.PeakMB - 1) * 100, 1))% of peak working set.")
$report.Add('')
$report | Select-Object -Last 8 | Write-Host
}

# 3. Memory of a whole export run (import + Zip export with manifest-free defaults), 10k vs 100k small conversations.
if ($Case -contains 'ExportMemory') {
    function Measure-ExportMemory([int] $count) {
        $folder = Join-Path $work "export-$count"
        $recordings = Join-Path $folder 'recordings'
        if (-not (Test-Path (Join-Path $folder 'catalog.db'))) {
            if (Test-Path $folder) { Remove-Item $folder -Recurse -Force }
            New-Item -ItemType Directory -Path $recordings -Force | Out-Null
            $prepare = "Import-Module '$ModulePath'; New-DemoRecording -Path '$recordings' -Count $count -Seed 5 -MaxSeconds 1 | Out-Null; Initialize-ConversationCatalog -Path '$folder/catalog.db' | Out-Null; Import-Conversation -Path '$recordings' | Out-Null"
            & $pwsh -NoProfile -NonInteractive -Command $prepare
        }
        $out = Join-Path $folder 'out'
        if (Test-Path $out) { Remove-Item $out -Recurse -Force }
        New-Item -ItemType Directory -Path $out | Out-Null
        $script = @"
Import-Module '$ModulePath'
`$ProgressPreference = 'SilentlyContinue'
Connect-ConversationCatalog -Path '$folder/catalog.db' | Out-Null
`$run = Get-Conversation | Invoke-ConversationExport -Destination '$out' -ArchiveMethod Zip -NoDatabaseLog
[pscustomobject]@{ Exported = `$run.Exported; Seconds = [math]::Round(`$run.DurationSeconds, 1); MB = [math]::Round(`$run.Bytes / 1MB, 1); PeakMB = [math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB, 1) } | ConvertTo-Json -Compress
"@
        (& $pwsh -NoProfile -NonInteractive -Command $script | Select-Object -Last 1) | ConvertFrom-Json
    }
    $e1 = Measure-ExportMemory 10000
    $e2 = Measure-ExportMemory 100000
    $report.Add('## Memory: ad-hoc Zip export of every conversation (Get-Conversation | Invoke-ConversationExport)')
    $report.Add('')
    $report.Add('| conversations | MB exported | seconds | peak working set MB |')
    $report.Add('|---:|---:|---:|---:|')
    foreach ($r in $e1, $e2) { $report.Add("| $($r.Exported.ToString('N0')) | $($r.MB) | $($r.Seconds) | $($r.PeakMB) |") }
    $report.Add('')
    $report.Add("Growth from 10,000 to 100,000 conversations: $([math]::Round(($e2.PeakMB / $e1.PeakMB - 1) * 100, 1))% of peak working set (goal < 20%).")
    $report | Select-Object -Last 7 | Write-Host
}

# 4. Export throughput against the tools a sysadmin would use instead, and a single 2 GiB file.
$throughputCases = @($Case | Where-Object { $_ -in 'Throughput', 'LargeFile' })
if ($throughputCases) {
    $lines = & (Join-Path $PSScriptRoot 'Throughput.ps1') -ModulePath (Resolve-Path $ModulePath).Path -Work $work.FullName `
        -CorpusMB $CorpusMB -Runs $ThroughputRuns -LargeFileMB $LargeFileMB -ThrottleLimit $ThrottleLimit -DiagnosticThrottleLimit $DiagnosticThrottleLimit -Case $throughputCases
    $lines | Write-Host
    $lines | ForEach-Object { $report.Add($_) }
}

# Appended: the day's file keeps the sections of earlier runs.
$file = Join-Path $PSScriptRoot "results/$([DateTime]::UtcNow.ToString('yyyy-MM-dd')).md"
New-Item -ItemType Directory -Path (Split-Path $file) -Force | Out-Null
if ((Test-Path $file) -and (Get-Item $file).Length -gt 0) { Add-Content -Path $file -Value (@('') + $report) }
else { $report | Set-Content $file }
Write-Host "Results: $file"
