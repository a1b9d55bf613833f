<#
.SYNOPSIS
    A nightly export runbook for a scheduled task, cron or an automation account: runs one export
    task, checks the result against its manifest, and exits non-zero when anything is wrong so the
    scheduler reports a failure.
.EXAMPLE
    # cron (Linux):   0 2 * * *  pwsh -NoProfile -File /opt/scripts/Nightly-Export.ps1 -Task Nightly -Catalog /srv/ce/catalog.db
    # Task Scheduler:  pwsh.exe -NoProfile -File C:\Scripts\Nightly-Export.ps1 -Task Nightly -Catalog D:\CE\catalog.db
.NOTES
    Start the real pwsh executable (/usr/bin/pwsh, $PSHOME/pwsh, pwsh.exe), never `dotnet pwsh` or a
    `dotnet tool install` shim: those launch PowerShell as a child, so a scheduler's kill on timeout
    would stop only the launcher (the run notices at its next heartbeat and stops as Interrupted).

    The task's ZIP password is stored (encrypted for the account that saved it) in the task itself,
    so run this as the account that created the task. Verification needs the password again: keep it
    in your secret store and pass it as a SecureString, or skip -VerifyPassword for unencrypted tasks.
#>
param(
    [Parameter(Mandatory)] [string] $Task,
    [Parameter(Mandatory)] [string] $Catalog,
    [securestring] $VerifyPassword,
    [string] $ModulePath = 'ConversationExport'
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Connect-ConversationCatalog -Path $Catalog | Out-Null

# A run that is already going (a long one from yesterday) is left alone: -Scheduled logs and returns.
$run = Invoke-ConversationExport -Task $Task -Scheduled -ErrorAction Continue
if (-not $run) { Write-Warning "No run of '$Task' was started."; exit 0 }

$run | Format-List RunId, State, Selected, Exported, Skipped, Failed, Bytes, Duration, Outputs
if ($run.State -eq 'Failed') { exit 1 }    # resume later with: Invoke-ConversationExport -Resume -RunId $run.RunId

$check = $run | Test-ExportArchive -Password $VerifyPassword
if (-not $check.Passed) {
    $check.Problems | Format-Table
    exit 2
}
if ($run.State -eq 'CompletedWithErrors') {
    Get-ExportLog -RunId $run.RunId -State Failed | Format-Table ConversationId, Reason
    exit 3
}
exit 0
