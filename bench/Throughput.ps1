<#
.SYNOPSIS
    Throughput and LargeFile cases of the benchmark (issue 6), called by Invoke-Bench.ps1. Returns
    the Markdown lines of its report; progress goes to the host.
.DESCRIPTION
    Throughput: a deterministic corpus (mostly 8 kHz mono WAV calls of 30–600 s, about 10% MP4 by
    bytes, XML sidecars), generated once into bench/work and imported once, is exported by the
    module with ArchiveMethod None, Zip, ZipCrypto and Aes256 (CDR CSV+PDF, XML/CSV/JSON sidecars,
    manifest) and archived by the tools a sysadmin would use instead: 7-Zip (deflate and AES-256,
    1 and 2 threads), Info-ZIP `zip -r`, Compress-Archive + Export-Csv, and `cp -r`. Every case
    runs in a process of its own under GNU time (wall clock and maximum resident set size), each
    case Runs times, the cases interleaved (rotated order each round) so that noise on this shared
    machine spreads over all of them. The page cache cannot be dropped here (no privilege), so it is
    warmed instead: one untimed read of the corpus first, and every case reads a cached corpus.
    Our archives are checked with `7z t` (loose files with Test-ExportArchive); a run that fails
    the check counts as zero throughput.

    LargeFile: one conversation holding a single large media file (2 GiB by default) exported
    with Aes256; the goal is a peak working set under 300 MB. Two variants: a sparse WAV (a header
    and zeros: deflated) and an MP4 of random bytes (stored, so the entry spools to disk).
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Work,
    # Corpus size in MiB.
    [ValidateRange(10, 100000)] [int] $CorpusMB = 800,
    [ValidateRange(1, 100)] [int] $Runs = 3,
    [int] $Seed = 7,
    # Passed as -ThrottleLimit when above 0; 0 leaves the module's default (the core count).
    [int] $ThrottleLimit = 0,
    [ValidateRange(1, 100000)] [int] $LargeFileMB = 2048,
    # Diagnostic: extra "ours Zip/Aes256 TL<n>" cases with -ThrottleLimit n (the writer's window is 2n entries); no goal uses them.
    [int[]] $DiagnosticThrottleLimit = @(),
    [ValidateSet('Throughput', 'LargeFile')] [string[]] $Case = @('Throughput', 'LargeFile')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
$gnuTime = '/usr/bin/time'
$password = 'bench-Pa55word'
$report = [System.Collections.Generic.List[string]]::new()
$inv = [Globalization.CultureInfo]::InvariantCulture

if (-not (Test-Path $gnuTime)) { throw "$gnuTime (GNU time) is needed to measure peak memory: apt-get install time." }
$sevenZip = (Get-Command 7z -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1)?.Source
$infoZip = (Get-Command zip -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1)?.Source
if (-not $sevenZip) { throw '7z is needed (it is the main baseline and verifies our archives): apt-get install p7zip-full.' }

function Format-Number([double] $value, [int] $digits = 1) { $value.ToString("N$digits", $inv) }

function Get-Median([double[]] $values) {
    $sorted = @($values | Sort-Object)
    $n = $sorted.Count
    if ($n % 2) { $sorted[($n - 1) / 2] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}

function Invoke-Child([string] $script) {
    $output = & $pwsh -NoProfile -NonInteractive -Command $script
    if ($LASTEXITCODE -ne 0) { throw "A child PowerShell failed ($LASTEXITCODE): $($output -join "`n")" }
    $output
}

<# Runs File under GNU time; returns wall seconds, peak RSS (MiB), CPU seconds, exit code and output. #>
function Measure-Command2([string] $File, [string[]] $Arguments, [string] $WorkingDirectory) {
    $timeFile = Join-Path $Work 'gnu-time.txt'
    $ErrorActionPreference = 'Continue' # a tool's stderr is output to keep, not an error to throw
    Push-Location -LiteralPath $WorkingDirectory
    try {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $output = & $gnuTime -v -o $timeFile $File @Arguments 2>&1 | ForEach-Object { "$_" }
        $seconds = $watch.Elapsed.TotalSeconds
        $exit = $LASTEXITCODE
    }
    finally {
        Pop-Location
    }
    $gnu = Get-Content -LiteralPath $timeFile -Raw
    function Field([string] $pattern) { $gnu -match $pattern ? [double]::Parse($Matches[1], $inv) : [double]::NaN }
    [pscustomobject]@{
        Seconds    = $seconds
        PeakMB     = (Field 'Maximum resident set size \(kbytes\): (\d+)') / 1024
        # CPU time (user + system) is what a case costs whatever else the shared machine is doing.
        CpuSeconds = (Field 'User time \(seconds\): ([\d.]+)') + (Field 'System time \(seconds\): ([\d.]+)')
        ExitCode   = $exit
        Output     = @($output)
    }
}

<# The 1/5/15-minute load averages: on a shared machine, how much else was running. #>
function Get-Load { (Test-Path /proc/loadavg) ? ((Get-Content /proc/loadavg -Raw).Split(' ')[0..2] -join ' ') : 'n/a' }

function Invoke-Sync { & sync; if ($LASTEXITCODE -ne 0) { throw 'sync failed' } }

function Clear-Folder([string] $path) {
    if (Test-Path -LiteralPath $path) { Remove-Item -LiteralPath $path -Recurse -Force }
    New-Item -ItemType Directory -Path $path -Force | Out-Null
}

<# One untimed read of every file: all cases then read the corpus from the page cache. #>
function Read-Corpus([string] $folder) {
    & sh -c 'find "$0" -type f -exec cat {} + > /dev/null' $folder
    if ($LASTEXITCODE -ne 0) { throw "Could not read $folder" }
}

<# `7z t` of each archive; with the password, so that an encrypted entry never prompts. #>
function Test-SevenZip([string[]] $archives) {
    foreach ($archive in $archives) {
        $ErrorActionPreference = 'Continue'
        $output = & $sevenZip t -y "-p$password" $archive 2>&1 | ForEach-Object { "$_" }
        if ($LASTEXITCODE -ne 0 -or -not ($output -match '^Everything is Ok')) {
            return "7z t failed on $(Split-Path $archive -Leaf): $(($output | Select-Object -Last 6) -join ' | ')"
        }
    }
    $null
}

<# How 7-Zip sees the entries: "AES-256 Deflate × 300, AES-256 Store × 20" and so on. #>
function Get-SevenZipMethods([string[]] $archives) {
    $methods = foreach ($archive in $archives) {
        & $sevenZip l -slt "-p$password" $archive 2>$null | Where-Object { $_ -like 'Method = *' } | ForEach-Object { $_.Substring(9) }
    }
    ($methods | Group-Object | Sort-Object Count -Descending | ForEach-Object { "$($_.Name) × $($_.Count)" }) -join ', '
}

# ------------------------------------------------------------------------------------------------
# The corpus
# ------------------------------------------------------------------------------------------------

<#
    New-DemoRecording with -MaxSeconds 600 writes calls of 1–600 s, but also as many video
    conversations (MP4 noise, up to 30 min) as the demo's type mix says: about a third of the bytes.
    The issue's corpus is 85% WAV of 30–600 s and 10% MP4, so the generated folder is trimmed, in
    file-name (start time) order: calls shorter than 30 s are dropped, MP4 conversations are kept
    while MP4 stays within 10% of the target size, everything else is kept until the target size is
    reached. The same (size, seed) always gives the same files.
#>
function Initialize-Corpus {
    $folder = Join-Path $Work "throughput-$CorpusMB-seed$Seed"
    $marker = Join-Path $folder 'corpus.json'
    if (Test-Path -LiteralPath $marker) { return Get-Content -LiteralPath $marker -Raw | ConvertFrom-Json }
    Clear-Folder $folder
    $recordings = Join-Path $folder 'recordings'
    $target = [long]$CorpusMB * 1MB
    $minimumWav = 44 + 30 * 16000 # 30 s of 8 kHz 16-bit mono
    # About 3.2 MB per generated conversation, 2.4 MB of it kept: generate a third more than needed.
    $count = [int][math]::Ceiling($CorpusMB / 1.8) + 10
    while ($true) {
        Write-Host "Generating $count demo conversations (-MaxSeconds 600, seed $Seed) into $recordings"
        if (Test-Path -LiteralPath $recordings) { Remove-Item -LiteralPath $recordings -Recurse -Force }
        Invoke-Child "Import-Module '$ModulePath'; New-DemoRecording -Path '$recordings' -Count $count -Seed $Seed -MaxSeconds 600 | Out-Null" | Out-Null

        $sidecars = [IO.Directory]::GetFiles($recordings, '*.xml', [IO.SearchOption]::AllDirectories)
        [Array]::Sort($sidecars, [Comparison[string]] {
                param($a, $b)
                $byName = [string]::CompareOrdinal([IO.Path]::GetFileName($a), [IO.Path]::GetFileName($b))
                if ($byName) { $byName } else { [string]::CompareOrdinal($a, $b) }
            })
        [long] $total = 0; [long] $mp4 = 0; $drop = [System.Collections.Generic.List[string]]::new()
        foreach ($sidecar in $sidecars) {
            [xml] $xml = [IO.File]::ReadAllText($sidecar)
            $dir = Split-Path $sidecar
            $files = @($xml.GetElementsByTagName('file', 'urn:conversation-export:recording:1') | ForEach-Object { Join-Path $dir $_.InnerText.Trim() })
            $sizes = @{}
            foreach ($file in $files) { $sizes[$file] = (Get-Item -LiteralPath $file).Length }
            $bytes = (Get-Item -LiteralPath $sidecar).Length + [long]($sizes.Values | Measure-Object -Sum).Sum
            $mp4Bytes = [long]($files | Where-Object { $_ -like '*.mp4' } | ForEach-Object { $sizes[$_] } | Measure-Object -Sum).Sum
            $shortCall = @($files | Where-Object { $_ -like '*.wav' -and $sizes[$_] -lt $minimumWav }).Count -gt 0
            $keep = $total -lt $target -and -not $shortCall -and ($mp4Bytes -eq 0 -or $mp4 + $mp4Bytes -le $target / 10)
            if ($keep) { $total += $bytes; $mp4 += $mp4Bytes }
            else { $drop.Add($sidecar); $files | ForEach-Object { $drop.Add($_) } }
        }
        if ($total -ge $target * 0.98) { break }
        $count *= 2
    }
    $drop | ForEach-Object { Remove-Item -LiteralPath $_ -Force }
    Get-ChildItem -LiteralPath $recordings -Recurse -Directory | Sort-Object { $_.FullName.Length } -Descending |
        Where-Object { -not (Get-ChildItem -LiteralPath $_.FullName -Force) } | Remove-Item

    Write-Host 'Importing the corpus into a fresh catalog'
    $catalog = Join-Path $folder 'catalog.db'
    $import = Invoke-Child "`$ErrorActionPreference = 'Stop'; Import-Module '$ModulePath'; Initialize-ConversationCatalog -Path '$catalog' | Out-Null; Import-Conversation -Path '$recordings' | Select-Object Imported, Failed, Warnings | ConvertTo-Json -Compress" |
        Select-Object -Last 1 | ConvertFrom-Json
    if ($import.Failed -gt 0) { throw "The corpus import failed for $($import.Failed) conversation(s)." }

    $all = Get-ChildItem -LiteralPath $recordings -Recurse -File
    $byType = $all | Group-Object { $_.Extension.TrimStart('.').ToLowerInvariant() } | Sort-Object Name | ForEach-Object {
        [pscustomobject]@{ Extension = $_.Name; Files = $_.Count; Bytes = ($_.Group | Measure-Object Length -Sum).Sum }
    }
    $wavs = @($all | Where-Object Extension -EQ '.wav')
    $corpus = [pscustomobject]@{
        Folder        = $folder
        Recordings    = $recordings
        Catalog       = $catalog
        Seed          = $Seed
        TargetMB      = $CorpusMB
        Generated     = $count
        Conversations = $import.Imported
        Files         = $all.Count
        Bytes         = ($all | Measure-Object Length -Sum).Sum
        ByType        = @($byType)
        WavSeconds    = @(([double]($wavs | Measure-Object Length -Minimum).Minimum - 44) / 16000; ([double]($wavs | Measure-Object Length -Maximum).Maximum - 44) / 16000)
    }
    $corpus | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $marker
    Get-Content -LiteralPath $marker -Raw | ConvertFrom-Json
}

# ------------------------------------------------------------------------------------------------
# Cases are plain data; Invoke-Case runs one into a destination folder and returns the measurement
# (Seconds, PeakMB, ExitCode, Output) with EngineSeconds, Verified, Note and Archives.
# In Arguments, {dest} stands for the destination folder and {zip} for an archive inside it.
# ------------------------------------------------------------------------------------------------

function New-OurCase([string] $method, [int] $throttle = 0) {
    [pscustomobject]@{ Name = "ours $method$($throttle ? " TL$throttle" : '')"; Ours = $true; Method = $method; Throttle = $throttle; File = $pwsh; Arguments = @(); WorkingDirectory = $null }
}

function New-ToolCase([string] $name, [string] $file, [string[]] $arguments, [string] $workingDirectory) {
    [pscustomobject]@{ Name = $name; Ours = $false; Method = $null; Throttle = 0; File = $file; Arguments = $arguments; WorkingDirectory = $workingDirectory }
}

function Invoke-Case($case, [string] $destination, $corpus) {
    $m = Invoke-CaseCore $case $destination $corpus
    # What was written (archive, loose files, CDR, sidecars, manifest): a faster tool that compresses worse shows it here.
    $m | Add-Member OutputMB ([double](@(Get-ChildItem -LiteralPath $destination -Recurse -File -Force) + @([pscustomobject]@{ Length = 0 }) | Measure-Object Length -Sum).Sum / 1MB)
    $m
}

function Invoke-CaseCore($case, [string] $destination, $corpus) {
    if (-not $case.Ours) {
        $arguments = @($case.Arguments | ForEach-Object { $_.Replace('{zip}', (Join-Path $destination 'export.zip')).Replace('{dest}', $destination) })
        $m = Measure-Command2 $case.File $arguments $case.WorkingDirectory
        $m | Add-Member EngineSeconds ([double]::NaN)
        $m | Add-Member Verified ($m.ExitCode -eq 0)
        $m | Add-Member Note ($m.ExitCode -ne 0 ? "exit $($m.ExitCode): $(($m.Output | Select-Object -Last 3) -join ' | ')" : $null)
        $m | Add-Member Archives @()
        return $m
    }
    $method = $case.Method
    $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Invoke-ExportOnce.ps1'),
        '-ModulePath', $ModulePath, '-Catalog', $corpus.Catalog, '-Destination', $destination, '-Method', $method)
    if ($method -in 'ZipCrypto', 'Aes256') { $arguments += '-Password', $password }
    $throttle = $case.Throttle ? $case.Throttle : $ThrottleLimit
    if ($throttle -gt 0) { $arguments += '-ThrottleLimit', "$throttle" }
    $m = Measure-Command2 $pwsh $arguments $destination
    $json = $m.Output | Where-Object { $_ -like '{*' } | Select-Object -Last 1
    $run = $json ? ($json | ConvertFrom-Json) : $null
    $m | Add-Member EngineSeconds ($run ? [double]$run.Seconds : [double]::NaN)
    $m | Add-Member EnginePeakMB ($run ? [double]$run.PeakMB : [double]::NaN)
    $problem = if ($m.ExitCode -ne 0 -or -not $run) { "exit $($m.ExitCode): $(($m.Output | Select-Object -Last 3) -join ' | ')" }
    elseif ($run.State -ne 'Completed' -or $run.Failed -gt 0) { "run $($run.State), $($run.Failed) failed: $($run.Message)" }
    elseif ($run.Exported -lt $corpus.Conversations) { "only $($run.Exported) of $($corpus.Conversations) conversations exported" }
    elseif ($method -eq 'None') {
        $check = Invoke-Child "Import-Module '$ModulePath'; `$r = Test-ExportArchive -Path '$($run.Outputs[0])'; if (`$r.Passed) { 'ok' } else { `"`$r`" }" | Select-Object -Last 1
        if ($check -ne 'ok') { "Test-ExportArchive: $check" }
    }
    else { Test-SevenZip $run.Outputs }
    $m | Add-Member Verified (-not $problem)
    $m | Add-Member Note $problem
    $m | Add-Member Archives @($run ? $run.Outputs : @())
    $m
}

function Invoke-Throughput {
    $corpus = Initialize-Corpus
    $mb = $corpus.Bytes / 1MB
    $outRoot = Join-Path $Work 'throughput-out'
    Clear-Folder $outRoot
    $parent = Split-Path $corpus.Recordings
    $skipped = [System.Collections.Generic.List[string]]::new()

    $cases = [System.Collections.Generic.List[object]]::new()
    foreach ($method in 'None', 'Zip', 'ZipCrypto', 'Aes256') { $cases.Add((New-OurCase $method)) }
    foreach ($n in $DiagnosticThrottleLimit) { foreach ($method in 'Zip', 'Aes256') { $cases.Add((New-OurCase $method $n)) } }
    foreach ($threads in 1, 2) {
        $cases.Add((New-ToolCase "7z a -tzip -mmt=$threads" $sevenZip @('a', '-tzip', "-mmt=$threads", '-bd', '-bso0', '-bsp0', '{zip}', 'recordings') $parent))
        $cases.Add((New-ToolCase "7z a -tzip -mem=AES256 -mmt=$threads" $sevenZip @('a', '-tzip', '-mem=AES256', "-p$password", "-mmt=$threads", '-bd', '-bso0', '-bsp0', '{zip}', 'recordings') $parent))
    }
    if ($infoZip) { $cases.Add((New-ToolCase 'zip -r' $infoZip @('-r', '-q', '{zip}', 'recordings') $parent)) }
    else { $skipped.Add('`zip` is not installed: the `zip -r` baseline was skipped.') }
    if (Get-Command Compress-Archive -ErrorAction SilentlyContinue) {
        $archiveModule = Get-Module Microsoft.PowerShell.Archive -ListAvailable | Select-Object -First 1
        $cases.Add((New-ToolCase 'Compress-Archive + Export-Csv' $pwsh @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Invoke-CompressArchiveBaseline.ps1'), '-Corpus', $corpus.Recordings, '-Destination', '{dest}') $parent))
    }
    else {
        $archiveModule = $null
        $skipped.Add("Microsoft.PowerShell.Archive (Compress-Archive) is not available in PowerShell $($PSVersionTable.PSVersion): the Compress-Archive baseline and its goal were skipped.")
    }
    $cases.Add((New-ToolCase 'cp -r' 'cp' @('-r', 'recordings', '{dest}') $parent))
    $cases.Add((New-ToolCase 'cp -r + sync' 'sh' @('-c', 'cp -r recordings "$0" && sync', '{dest}') $parent))

    Write-Host "Corpus: $($corpus.Conversations) conversations, $($corpus.Files) files, $(Format-Number $mb) MiB; warming the page cache"
    Read-Corpus $corpus.Folder
    $loadBefore = Get-Load

    $results = @{}
    $methods = @{}
    foreach ($c in $cases) { $results[$c.Name] = [System.Collections.Generic.List[object]]::new() }
    for ($round = 0; $round -lt $Runs; $round++) {
        # Rotated order each round: a slow spell of the shared machine does not always hit the same case.
        $order = @(0..($cases.Count - 1) | ForEach-Object { $cases[($_ + $round * 3) % $cases.Count] })
        foreach ($c in $order) {
            $destination = Join-Path $outRoot ($c.Name -replace '[^A-Za-z0-9]+', '-')
            Clear-Folder $destination
            Invoke-Sync # no dirty pages of the previous case are written back during this one
            $m = Invoke-Case $c $destination $corpus
            if ($c.Ours -and -not $c.Throttle -and $round -eq 0 -and $c.Method -ne 'None' -and $m.Archives) { $methods[$c.Name] = Get-SevenZipMethods $m.Archives }
            $results[$c.Name].Add($m)
            Write-Host ("  round {0}/{1}  {2,-38} {3,8:N1} s  {4,7:N1} MiB/s  peak {5,7:N1} MiB  cpu {6,6:N1} s{7}" -f ($round + 1), $Runs, $c.Name, $m.Seconds, ($mb / $m.Seconds), $m.PeakMB, $m.CpuSeconds, ($m.Verified ? '' : "  FAILED: $($m.Note)"))
            Remove-Item -LiteralPath $destination -Recurse -Force
            Invoke-Sync
        }
    }

    $loadAfter = Get-Load
    # ---- summary ----
    $rows = foreach ($c in $cases) {
        $r = $results[$c.Name]
        $seconds = [double[]]@($r.Seconds)
        $median = Get-Median $seconds
        $verified = @($r | Where-Object Verified).Count
        [pscustomobject]@{
            Name     = $c.Name; Ours = $c.Ours; Method = $c.Method
            Min      = ($seconds | Measure-Object -Minimum).Minimum
            Median   = $median
            Max      = ($seconds | Measure-Object -Maximum).Maximum
            # A run that failed (or whose archive 7-Zip cannot open) counts as zero throughput.
            MBps     = $verified -eq $r.Count ? $mb / $median : 0
            PeakMB   = ($r.PeakMB | Measure-Object -Maximum).Maximum
            Engine   = $c.Ours ? (Get-Median ([double[]]@($r.EngineSeconds))) : [double]::NaN
            Cpu      = Get-Median ([double[]]@($r.CpuSeconds))
            Output   = Get-Median ([double[]]@($r.OutputMB))
            Verified = $verified; Count = $r.Count
            Notes    = @($r | Where-Object Note | ForEach-Object Note | Select-Object -Unique)
        }
    }
    $byName = @{}; foreach ($row in $rows) { $byName[$row.Name] = $row }

    $report.Add('## Export throughput (design §5): ours beside 7-Zip, zip, Compress-Archive and cp')
    $report.Add('')
    $types = ($corpus.ByType | ForEach-Object { "$($_.Extension) $($_.Files) files $(Format-Number ($_.Bytes / 1MB)) MiB ($(Format-Number (100 * $_.Bytes / $corpus.Bytes))%)" }) -join '; '
    $report.Add("Corpus: $($corpus.Conversations) conversations, $($corpus.Files) files, $(Format-Number $mb) MiB (seed $($corpus.Seed); New-DemoRecording -MaxSeconds 600 trimmed to WAV calls of $(Format-Number $corpus.WavSeconds[0] 0)–$(Format-Number $corpus.WavSeconds[1] 0) s and ~10% MP4 by bytes): $types.")
    $report.Add('')
    $report.Add("Each case ran $Runs times in its own process, cases interleaved in a rotated order, after one untimed read of the corpus (warm page cache; it cannot be dropped without privilege) and a ``sync`` before each run. " +
        'Seconds are the wall clock of the whole process: for ours and Compress-Archive that includes starting PowerShell and loading the module; ' +
        "ours exports with CDR (CSV+PDF), XML/CSV/JSON sidecars and the manifest, ThrottleLimit $($ThrottleLimit -gt 0 ? $ThrottleLimit : "default ($([Environment]::ProcessorCount))"). " +
        'MiB/s is corpus MiB ÷ median seconds; peak memory is the largest maximum resident set size (GNU time) over the runs; CPU s is user + system time (GNU time) and cores busy is CPU s ÷ wall s, both medians; output MiB is everything the case wrote (median); engine s is the export run''s own Duration (median), i.e. without PowerShell start-up. ' +
        'Our archives are checked after every run with `7z t` (ArchiveMethod None: Test-ExportArchive); a failed check counts as zero throughput. ' +
        "Load average (1, 5, 15 min) before the first run: $loadBefore; after the last: $loadAfter (on $([Environment]::ProcessorCount) cores; anything above the bench's own ~1–2 is another process competing).")
    $report.Add('')
    foreach ($line in $skipped) { $report.Add("- SKIPPED: $line") }
    if ($archiveModule) { $report.Add("- Compress-Archive: Microsoft.PowerShell.Archive $($archiveModule.Version), shipped with PowerShell $($PSVersionTable.PSVersion) (CompressionLevel Optimal)."); }
    $report.Add("- 7-Zip: $((& $sevenZip i 2>$null | Select-Object -First 3 | Where-Object { $_ -match '7-Zip' } | Select-Object -First 1) -replace '\s+', ' '); zip: $($infoZip ? ((& $infoZip -v 2>$null | Select-Object -Skip 1 -First 1) -replace '\s+', ' ') : 'not installed')")
    foreach ($name in $methods.Keys | Sort-Object) { $report.Add("- Entries of $($name): $($methods[$name]).") }
    $report.Add('')
    $report.Add('| case | runs | min s | median s | max s | MiB/s | peak RSS MiB | CPU s | cores busy | output MiB | engine s | check |')
    $report.Add('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|')
    foreach ($row in $rows) {
        $check = $row.Ours ? "$($row.Verified)/$($row.Count) $($row.Method -eq 'None' ? 'Test-ExportArchive' : '7z t')" : "$($row.Verified)/$($row.Count) exit 0"
        if ($row.Notes) { $check += ': ' + ($row.Notes -join '; ') }
        $report.Add("| $($row.Ours ? "**$($row.Name)**" : $row.Name) | $($row.Count) | $(Format-Number $row.Min 2) | $(Format-Number $row.Median 2) | $(Format-Number $row.Max 2) | $(Format-Number $row.MBps) | $(Format-Number $row.PeakMB) | $(Format-Number $row.Cpu) | $(Format-Number ($row.Cpu / $row.Median) 2) | $(Format-Number $row.Output) | $($row.Ours ? (Format-Number $row.Engine 2) : '—') | $check |")
    }
    $report.Add('')
    $ours = @($rows | Where-Object Ours)
    $report.Add('Ratios: our throughput ÷ the baseline''s (above 1 = ours is faster).')
    $report.Add('')
    $report.Add("| baseline | MiB/s | $(($ours | ForEach-Object { $_.Name -replace '^ours ' }) -join ' | ') |")
    $report.Add("|---|---:|$(($ours | ForEach-Object { '---:' }) -join '|')|")
    foreach ($base in $rows | Where-Object { -not $_.Ours }) {
        $cells = $ours | ForEach-Object { $base.MBps -gt 0 ? "$(Format-Number ($_.MBps / $base.MBps) 2)×" : 'n/a' }
        $report.Add("| $($base.Name) | $(Format-Number $base.MBps) | $($cells -join ' | ') |")
    }
    $report.Add('')

    # ---- goals (issue 6) ----
    function Ratio([string] $ours, [string] $base) { $byName[$base] -and $byName[$base].MBps -gt 0 ? $byName[$ours].MBps / $byName[$base].MBps : $null }
    function Goal([string] $goal, $value, [double] $threshold, [string] $shown, [switch] $Below) {
        $result = $null -eq $value ? 'SKIP' : (($Below ? $value -lt $threshold : $value -ge $threshold) ? 'PASS' : 'FAIL')
        $report.Add("| $goal | $shown | $result |")
    }
    $report.Add('| goal (issue 6) | measured | result |')
    $report.Add('|---|---|---|')
    $aes = Ratio 'ours Aes256' '7z a -tzip -mem=AES256 -mmt=2'
    Goal 'Aes256 ≥ 1.5× `7z a -tzip -mem=AES256 -mmt=2`' $aes 1.5 ($null -eq $aes ? 'n/a' : "$(Format-Number $aes 2)×")
    $ca = 'Compress-Archive + Export-Csv'
    $zipRatio = Ratio 'ours Zip' $ca
    Goal 'Zip ≥ 1.5× Compress-Archive (+ Export-Csv) throughput' $zipRatio 1.5 ($null -eq $zipRatio ? 'n/a (skipped)' : "$(Format-Number $zipRatio 2)×")
    $memoryShare = $byName[$ca] ? $byName['ours Zip'].PeakMB / $byName[$ca].PeakMB : $null
    Goal 'Zip peak memory < 15% of Compress-Archive''s' $memoryShare 0.15 ($null -eq $memoryShare ? 'n/a (skipped)' : "$(Format-Number $byName['ours Zip'].PeakMB) of $(Format-Number $byName[$ca].PeakMB) MiB = $(Format-Number (100 * $memoryShare))%") -Below
    $none = Ratio 'ours None' 'cp -r'
    Goal 'None ≥ 0.5× raw `cp -r`' $none 0.5 ($null -eq $none ? 'n/a' : "$(Format-Number $none 2)× (vs ``cp -r + sync``: $(Format-Number (Ratio 'ours None' 'cp -r + sync') 2)×)")
    $zips = @($ours | Where-Object Method -NE 'None')
    $checked = ($zips | Measure-Object Verified -Sum).Sum; $all = ($zips | Measure-Object Count -Sum).Sum
    Goal 'our archives pass `7z t` (every run)' ($checked / $all) 1 "$checked of $all archives"
    $report.Add('')
}

# ------------------------------------------------------------------------------------------------
# LargeFile: one conversation with one huge media file, Aes256.
# ------------------------------------------------------------------------------------------------

function Write-LargeSidecar([string] $path, [string] $id, [string] $mediaName, [DateTime] $start, [long] $seconds) {
    $xml = @"
<?xml version="1.0" encoding="utf-8"?>
<conversation xmlns="urn:conversation-export:recording:1">
  <id>$id</id>
  <nativeId>BENCH-LARGE</nativeId>
  <type>Voice</type>
  <platform>SIP</platform>
  <direction>Inbound</direction>
  <start>$($start.ToString('yyyy-MM-ddTHH:mm:ss.fffZ', $inv))</start>
  <end>$($start.AddSeconds($seconds).ToString('yyyy-MM-ddTHH:mm:ss.fffZ', $inv))</end>
  <endCause>Normal</endCause>
  <from number="+3612345678" info="Bench Caller"/>
  <to number="1234" info="Bench Agent"/>
  <user name="bench" extension="1234"/>
  <recordingServer>rec01.example.local</recordingServer>
  <files>
    <file kind="Media">$mediaName</file>
  </files>
</conversation>
"@
    [IO.File]::WriteAllText($path, $xml.Replace("`r`n", "`n"), [Text.UTF8Encoding]::new($false))
}

function Initialize-LargeCorpus([string] $kind) {
    $size = [long]$LargeFileMB * 1MB
    $folder = Join-Path $Work "large-$kind-$LargeFileMB"
    $catalog = Join-Path $folder 'catalog.db'
    $recordings = Join-Path $folder 'recordings'
    if (-not (Test-Path -LiteralPath (Join-Path $folder 'ready'))) { New-LargeRecording $kind $folder $recordings $size }
    # The recording is made once; the catalog is imported afresh every time, so it always has the module's current schema.
    Remove-Item -Path "$catalog*" -Force -ErrorAction Ignore
    $import = Invoke-Child "`$ErrorActionPreference = 'Stop'; Import-Module '$ModulePath'; Initialize-ConversationCatalog -Path '$catalog' | Out-Null; Import-Conversation -Path '$recordings' | Select-Object Imported, Failed | ConvertTo-Json -Compress" |
        Select-Object -Last 1 | ConvertFrom-Json
    if ($import.Imported -ne 1) { throw "The large $kind file did not import: $($import | ConvertTo-Json -Compress)" }
    [pscustomobject]@{ Catalog = $catalog; Recordings = $recordings; Bytes = $size }
}

function New-LargeRecording([string] $kind, [string] $folder, [string] $recordings, [long] $size) {
    Clear-Folder $folder
    New-Item -ItemType Directory -Path $recordings | Out-Null
    $start = [DateTime]::new(2026, 11, 27, 8, 0, 0, [DateTimeKind]::Utc)
    if ($kind -eq 'wav') {
        # A WAV header and zeros: SetLength makes the file sparse, so it costs no disk and no time to write.
        $name = '20261127_080000_3612345678_1234.wav'
        $file = [IO.File]::Open((Join-Path $recordings $name), 'CreateNew')
        try {
            $header = [byte[]]::new(44)
            $w = [IO.BinaryWriter]::new([IO.MemoryStream]::new($header))
            $w.Write([Text.Encoding]::ASCII.GetBytes('RIFF')); $w.Write([uint32]($size - 8)); $w.Write([Text.Encoding]::ASCII.GetBytes('WAVEfmt '))
            $w.Write([int]16); $w.Write([int16]1); $w.Write([int16]1); $w.Write([int]8000); $w.Write([int]16000); $w.Write([int16]2); $w.Write([int16]16)
            $w.Write([Text.Encoding]::ASCII.GetBytes('data')); $w.Write([uint32]($size - 44))
            $file.Write($header, 0, 44)
            $file.SetLength($size)
        }
        finally { $file.Dispose() }
        Write-LargeSidecar (Join-Path $recordings '20261127_080000_3612345678_1234.xml') '6f1c2b3a-4d5e-4f60-8a71-92b3c4d5e6f7' $name $start (($size - 44) / 16000)
    }
    else {
        # An MP4 of random bytes: stored (not deflated), streamed through the encryption chunk by chunk.
        $name = '20261127_080000_3612345678_1234.mp4'
        $path = Join-Path $recordings $name
        $boxes = [byte[]](0, 0, 0, 32) + [Text.Encoding]::ASCII.GetBytes('ftypisom') + [byte[]](0, 0, 2, 0) + [Text.Encoding]::ASCII.GetBytes('isomiso2avc1mp41') +
            [BitConverter]::GetBytes([System.Buffers.Binary.BinaryPrimitives]::ReverseEndianness([uint32]($size - 32))) + [Text.Encoding]::ASCII.GetBytes('mdat')
        [IO.File]::WriteAllBytes($path, $boxes)
        & sh -c 'head -c "$1" /dev/urandom >> "$0"' $path ($size - 40)
        if ($LASTEXITCODE -ne 0) { throw "Could not write $path" }
        Write-LargeSidecar (Join-Path $recordings '20261127_080000_3612345678_1234.xml') '7a2d3c4b-5e6f-4a71-8b82-a3c4d5e6f708' $name $start 3600
    }
    New-Item -ItemType File -Path (Join-Path $folder 'ready') | Out-Null
}

function Invoke-LargeFile {
    $report.Add("## Memory: Aes256 export of one conversation with a single $(Format-Number ($LargeFileMB / 1024) 1) GiB media file")
    $report.Add('')
    $report.Add('Goal (issue 6): peak working set under 300 MB. Peak RSS is the whole PowerShell process (GNU time); the engine column is the process''s own PeakWorkingSet64. CDR (CSV+PDF), sidecars and manifest on.')
    $report.Add('')
    $report.Add('| media file | runs | median s | MiB/s | CPU s | output MiB | peak RSS MiB (max) | PeakWorkingSet64 MiB (max) | check | goal < 300 MB |')
    $report.Add('|---|---:|---:|---:|---:|---:|---:|---:|---|---|')
    foreach ($kind in 'wav', 'mp4') {
        $large = Initialize-LargeCorpus $kind
        Read-Corpus $large.Recordings
        $case = New-OurCase 'Aes256'
        $measurements = for ($round = 0; $round -lt $Runs; $round++) {
            $destination = Join-Path $Work "large-out-$kind"
            Clear-Folder $destination
            Invoke-Sync
            $m = Invoke-Case $case $destination ([pscustomobject]@{ Catalog = $large.Catalog; Conversations = 1 })
            Write-Host ("  large {0} round {1}/{2}: {3:N1} s, peak RSS {4:N1} MiB, PeakWorkingSet64 {5:N1} MiB{6}" -f $kind, ($round + 1), $Runs, $m.Seconds, $m.PeakMB, $m.EnginePeakMB, ($m.Verified ? '' : "  FAILED: $($m.Note)"))
            Remove-Item -LiteralPath $destination -Recurse -Force
            Invoke-Sync
            $m
        }
        $median = Get-Median ([double[]]@($measurements.Seconds))
        $peak = ($measurements.PeakMB | Measure-Object -Maximum).Maximum
        $enginePeak = ($measurements.EnginePeakMB | Measure-Object -Maximum).Maximum
        $verified = @($measurements | Where-Object Verified).Count
        $label = $kind -eq 'wav' ? 'WAV, zeros (sparse; deflated)' : 'MP4, random bytes (stored; streamed)'
        $notes = @($measurements | Where-Object Note | ForEach-Object Note | Select-Object -Unique) -join '; '
        $pass = $verified -eq $measurements.Count -and $peak * 1MB -lt 300e6 ? 'PASS' : 'FAIL'
        $report.Add("| $label | $($measurements.Count) | $(Format-Number $median 2) | $(Format-Number ($large.Bytes / 1MB / $median)) | $(Format-Number (Get-Median ([double[]]@($measurements.CpuSeconds)))) | $(Format-Number (Get-Median ([double[]]@($measurements.OutputMB)))) | $(Format-Number $peak) | $(Format-Number $enginePeak) | $verified/$($measurements.Count) 7z t$($notes ? ": $notes" : '') | $pass |")
    }
    $report.Add('')
}

New-Item -ItemType Directory -Path $Work -Force | Out-Null
if ($Case -contains 'Throughput') { Invoke-Throughput }
if ($Case -contains 'LargeFile') { Invoke-LargeFile }
$report
