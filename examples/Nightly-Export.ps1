<#
.SYNOPSIS
    A nightly export runbook for a scheduled task, cron or an automation account: runs one export
    task, checks what it delivered against its manifest, and exits non-zero when anything is wrong so
    the scheduler reports a failure.
.EXAMPLE
    # cron (Linux):   0 2 * * *  /usr/bin/pwsh -NoProfile -NonInteractive -File /opt/scripts/Nightly-Export.ps1 -Task Nightly -Catalog /srv/ce/catalog.db
    # Task Scheduler:  pwsh.exe -NoProfile -NonInteractive -File C:\Scripts\Nightly-Export.ps1 -Task Nightly -Catalog D:\CE\catalog.db
.NOTES
    Exit codes: 0 done (or nothing due: the task is disabled or already running), 1 the run failed
    (resume it with Invoke-ConversationExport -Resume, or let the next scheduled start do it), 2 the
    delivered export does not match its manifest, 3 some conversations failed (Get-ExportLog lists them).

    Start the real pwsh executable (/usr/bin/pwsh, $PSHOME/pwsh, pwsh.exe), never `dotnet pwsh` or a
    `dotnet tool install` shim: those launch PowerShell as a child, so a scheduler's kill on timeout
    would stop only the launcher (the run notices at its next heartbeat and stops as Interrupted).
    Use -File, not -Command: with -File the script's exit code is the process's exit code; with
    -Command only $? of the last command decides it (0 or 1).

    The run is incremental (-Scheduled): it exports what no earlier run of the task delivered. The
    task's ZIP password is stored encrypted in the catalog for the account that saved it; run this as
    that account. Verification (Test-ExportArchive -RunId) uses the same stored password: no password
    appears on any command line.
#>
param(
    [Parameter(Mandatory)] [string] $Task,
    [Parameter(Mandatory)] [string] $Catalog,
    [string] $ModulePath = 'ConversationExport'
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Connect-ConversationCatalog -Path $Catalog | Out-Null

# A run that is already going (a long one from yesterday) is left alone: -Scheduled logs and returns.
$run = Invoke-ConversationExport -Task $Task -Scheduled -ErrorAction Continue
if (-not $run) { Write-Warning "No run of '$Task' was started."; exit 0 }

$run | Format-List RunId, State, Selected, Exported, Skipped, Failed, Bytes, Duration, Outputs | Out-String | Write-Output
if ($run.State -eq 'Failed') { exit 1 }

$checks = Test-ExportArchive -RunId $run.RunId -WarningAction Continue
if (@($checks | Where-Object { -not $_.Passed }).Count -gt 0) {
    $checks.Problems | Format-Table | Out-String | Write-Output
    exit 2
}
if ($run.State -eq 'CompletedWithErrors') {
    Get-ExportLog -RunId $run.RunId -State Failed | Format-Table ConversationId, Reason | Out-String | Write-Output
    exit 3
}
exit 0
