# Shared by the Export*.Tests.ps1 suites: tasks, independent archive readers (7z, unzip, .NET) and
# child pwsh processes that run exports the way a scheduled job or a second console would.
# Recordings come from New-TestRecording and Write-TestRecordings (TestSupport.psm1).

function Get-Sha256([Parameter(Mandatory)] [string] $Path) { (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash }

# Relative path ('/'-separated) -> SHA-256 of every file under a folder.
function Get-FolderHashes {
    param([Parameter(Mandatory)] [string] $Folder)
    $root = (Resolve-Path -LiteralPath $Folder).ProviderPath.TrimEnd('/', '\')
    $map = @{}
    Get-ChildItem -LiteralPath $root -Recurse -File -Force | ForEach-Object {
        $map[$_.FullName.Substring($root.Length + 1).Replace('\', '/')] = Get-Sha256 $_.FullName
    }
    $map
}

# Files a run writes besides the conversations' own, at the root of the export (SPEC §5): the
# manifest and the CDR. Tests about conversations' files leave them out with this filter.
function Select-ConversationFile {
    param([Parameter(ValueFromPipeline)] [string[]] $Path)
    process { foreach ($item in $Path) { if ($item -notmatch '^(manifest\.json|cdr\.(csv|pdf))$') { $item } } }
}

# Runs a native tool; returns its exit code and output (stdout and stderr together).
function Invoke-NativeTool {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @())
    $output = & $FilePath @ArgumentList 2>&1 | Out-String
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
}

# 7-Zip's own listing (-slt): the entry names of the files in an archive, as 7-Zip reads them.
function Get-7zEntryName {
    param([Parameter(Mandatory)] [string] $Path, [string] $Password)
    $arguments = @('l', '-slt', '-ba')
    if ($Password) { $arguments += "-p$Password" }
    $result = Invoke-NativeTool 7z ($arguments + $Path)
    if ($result.ExitCode -ne 0) { throw "7z could not list '$Path': $($result.Output)" }
    $entries = [Collections.Generic.List[string]]::new()
    $current = $null
    foreach ($line in ($result.Output -split "`r?`n")) {
        if ($line -like 'Path = *') { $current = $line.Substring(7) }
        elseif ($line -eq 'Folder = -' -and $null -ne $current) { $entries.Add($current); $current = $null }
        elseif ($line -eq 'Folder = +') { $current = $null }
    }
    $entries.ToArray()
}

# Entry names as .NET's ZipArchive reads them (files only).
function Get-ZipEntryName {
    param([Parameter(Mandatory)] [string] $Path)
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [IO.Compression.ZipFile]::OpenRead($Path)
    try { foreach ($entry in $zip.Entries) { if (-not $entry.FullName.EndsWith('/')) { $entry.FullName } } }
    finally { $zip.Dispose() }
}

# The conversation ids in entry names made by -RenamePattern '{ConversationId}', media files only.
function Get-ConversationIdFromEntry {
    param([string[]] $Entry, [string] $Extension = 'wav')
    foreach ($name in $Entry) { if ($name.EndsWith(".$Extension")) { [IO.Path]::GetFileNameWithoutExtension($name) } }
}

# Waits until the script block returns something true; throws naming what it waited for.
function Wait-Until {
    param(
        [Parameter(Mandatory)] [scriptblock] $Condition,
        [Parameter(Mandatory)] [string] $Because,
        [double] $TimeoutSeconds = 60,
        [int] $IntervalMilliseconds = 100
    )
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        $value = & $Condition
        if ($value) { return $value }
        Start-Sleep -Milliseconds $IntervalMilliseconds
    }
    throw "Timed out after $TimeoutSeconds s waiting until $Because."
}

# Starts a script in a separate pwsh process (module imported, the test catalog and key file in its
# environment), all its output going to a log file. Returns the process; the caller ends it by its id.
# -ThroughToolLauncher starts it as `dotnet pwsh` (the local tool), whose PowerShell runs in a child process.
function Start-ExportProcess {
    param([Parameter(Mandatory)] [string] $Script, [Parameter(Mandatory)] [string] $LogPath, [switch] $ThroughToolLauncher)
    $module = (Get-TestModulePath).Replace("'", "''")
    $log = $LogPath.Replace("'", "''")
    $file = [IO.Path]::ChangeExtension($LogPath, '.ps1')
    Set-Content -LiteralPath $file -Value @"
`$ProgressPreference = 'SilentlyContinue'
& {
    `$ErrorActionPreference = 'Stop'
    Import-Module '$module'
    $Script
} *> '$log'
"@
    $start = [Diagnostics.ProcessStartInfo]::new($ThroughToolLauncher ? 'dotnet' : (Get-PwshPath))
    if ($ThroughToolLauncher) {
        $start.ArgumentList.Add('pwsh')
        $start.WorkingDirectory = Split-Path (Split-Path $PSScriptRoot)  # the repository, where the tool manifest is
    }
    foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $file) { $start.ArgumentList.Add($argument) }
    $start.UseShellExecute = $false
    foreach ($name in 'CONVERSATIONEXPORT_CATALOG', 'CONVERSATIONEXPORT_KEYFILE', 'CONVERSATIONEXPORT_DOWNLOADS', 'XDG_DATA_HOME') {
        $value = [Environment]::GetEnvironmentVariable($name)
        if ($value) { $start.Environment[$name] = $value }
    }
    [Diagnostics.Process]::Start($start)
}

# A gate holds a run at a chosen conversation, so a test can act at an exact point of a run (kill it,
# stop it, disable its task, take its destination away) instead of racing it. The engine's test seam
# (CONVERSATIONEXPORT_TEST_GATE, inherited by child processes) names the gate's media file: a run
# about to read it writes "<gate>.reached" and waits for "<gate>.release". A named pipe can no longer
# serve: recordings that are not regular files are refused.
function Lock-Gate {
    param([Parameter(Mandatory)] [string] $Path)
    Remove-Item -LiteralPath "$Path.reached", "$Path.release" -ErrorAction Ignore
    $env:CONVERSATIONEXPORT_TEST_GATE = $Path
}

# Lets every later run pass the gate.
function Unlock-Gate {
    param([Parameter(Mandatory)] [string] $Path)
    Remove-Item Env:CONVERSATIONEXPORT_TEST_GATE -ErrorAction Ignore
}

# Starts the process that holds the gate: once the run reaches it, it creates the Reached file, runs
# the -Then shell command, and lets the run go on when the Release file appears (at once with
# -AutoRelease). It gives up after -TimeoutSeconds.
function Start-GateHolder {
    param(
        [Parameter(Mandatory)] [string] $Path,
        [string] $Then = ':',
        [switch] $AutoRelease,
        [int] $TimeoutSeconds = 300
    )
    $flags = "$Path.$([guid]::NewGuid().ToString('N'))"
    $holder = [pscustomobject]@{ Gate = $Path; Reached = "$flags.reached"; Release = "$flags.release"; Process = $null }
    if ($AutoRelease) { [IO.File]::WriteAllBytes($holder.Release, [byte[]]@()) }
    $script = 'while [ ! -e "$1.reached" ]; do sleep 0.05; done; : > "$2"; ' + $Then + '; while [ ! -e "$3" ]; do sleep 0.1; done; : > "$1.release"'
    # coreutils' timeout ends a holder whose run never comes (macOS has none; AfterAll ends it there).
    $arguments = @('sh', '-c', $script, 'gate', $Path, $holder.Reached, $holder.Release)
    if (Get-Command timeout -CommandType Application -ErrorAction Ignore) { $arguments = @('timeout', "$TimeoutSeconds") + $arguments }
    $start = [Diagnostics.ProcessStartInfo]::new($arguments[0])
    foreach ($argument in $arguments | Select-Object -Skip 1) { $start.ArgumentList.Add($argument) }
    $start.UseShellExecute = $false
    $holder.Process = [Diagnostics.Process]::Start($start)
    $holder
}

function Wait-GateReached {
    param([Parameter(Mandatory)] $Holder, [double] $TimeoutSeconds = 60)
    $null = Wait-Until { Test-Path -LiteralPath $Holder.Reached } -Because "the run reached the gate $($Holder.Gate)" -TimeoutSeconds $TimeoutSeconds
}

# Lets the held run go on; waits until the holder has released the gate.
function Open-Gate {
    param([Parameter(Mandatory)] $Holder)
    [IO.File]::WriteAllBytes($Holder.Release, [byte[]]@())
    $null = $Holder.Process.WaitForExit(10000)
}

# Ends a process this test started and everything it started, and waits until it is gone. The whole tree:
# a gate holder is `timeout` running `sh`, and an orphaned `sh` would keep the test run's output open, so
# whatever reads it (build.ps1) would wait for ever.
function Stop-TestProcess {
    param([Diagnostics.Process] $Process)
    if ($null -eq $Process) { return }
    if (-not $Process.HasExited) {
        try { $Process.Kill($true) } catch [InvalidOperationException] { } # it ended meanwhile
        $null = $Process.WaitForExit(10000)
    }
}

# A task exporting to a storage target of its own, in a folder under the test drive.
function New-TestTask {
    param([Parameter(Mandatory)] [string] $Name, [hashtable] $Settings = @{})
    $destination = Join-Path (Get-PSDrive TestDrive).Root "dest-$Name"
    New-Item -ItemType Directory -Path $destination -Force | Out-Null
    New-StorageTarget -Name "target-$Name" -Path $destination | Out-Null
    New-ExportTask -Name $Name -StorageTarget "target-$Name" @Settings
}

Export-ModuleMember -Function New-TestTask, Get-Sha256,
    Get-FolderHashes, Select-ConversationFile, Invoke-NativeTool, Get-7zEntryName, Get-ZipEntryName, Get-ConversationIdFromEntry, Wait-Until, Start-ExportProcess,
    Stop-TestProcess, Lock-Gate, Unlock-Gate, Start-GateHolder, Wait-GateReached, Open-Gate
