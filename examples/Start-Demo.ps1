<#
.SYNOPSIS
    The demo: writes a realistic recording folder, imports it into a fresh embedded catalog and
    shows what is there. `build.ps1 Demo` runs it against the freshly built module.
.EXAMPLE
    ./examples/Start-Demo.ps1 -WorkFolder ~/ce-demo -Count 500
#>
param(
    # The module to use; default: the one installed on this machine.
    [string] $ModulePath = 'ConversationExport',
    [string] $WorkFolder = (Join-Path ([IO.Path]::GetTempPath()) 'ConversationExport-demo'),
    [int] $Count = 200,
    [int] $Seed = 1
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

if (Test-Path $WorkFolder) { Remove-Item $WorkFolder -Recurse -Force }
$recordings = Join-Path $WorkFolder 'recordings'
New-Item -ItemType Directory -Path $recordings -Force | Out-Null

Write-Host "1. A recording server's folder: $Count conversations" -ForegroundColor Cyan
New-DemoRecording -Path $recordings -Count $Count -Seed $Seed | Format-Table -AutoSize | Out-Host

Write-Host '2. A fresh embedded catalog' -ForegroundColor Cyan
$catalog = Initialize-ConversationCatalog -Path (Join-Path $WorkFolder 'catalog.db')
$catalog | Format-Table -AutoSize | Out-Host

Write-Host '3. Import (twice: the second run changes nothing)' -ForegroundColor Cyan
Import-Conversation -Path $recordings | Format-Table -AutoSize | Out-Host
Import-Conversation -Path $recordings | Format-Table -AutoSize | Out-Host

Write-Host '4. What the catalog holds' -ForegroundColor Cyan
$all = @(Get-Conversation)
$all | Group-Object ConversationType | Sort-Object Name | Format-Table Name, Count -AutoSize | Out-Host
$all | Group-Object Direction | Sort-Object Name | Format-Table Name, Count -AutoSize | Out-Host
Write-Host ("CDR-only: {0}; archived: {1}; with legal hold: {2}" -f `
    @($all | Where-Object CdrOnly).Count,
    @($all | Where-Object Dataset -eq 'Archived').Count,
    @($all | Where-Object { $_.Labels.LegalHold -contains $true }).Count)
Get-Conversation -First 10 | Format-Table | Out-Host

Write-Host '5. An AES-256 export of the inbound and outbound calls, in Budapest time' -ForegroundColor Cyan
$vault = New-Item -ItemType Directory -Path (Join-Path $WorkFolder 'vault') -Force
New-StorageTarget -Name Vault -Path $vault.FullName | Out-Null
# A demo password; a real runbook reads it with Read-Host -AsSecureString or from a secret store.
$password = ConvertTo-SecureString 'demo-password' -AsPlainText -Force
$query = New-ConversationQuery -Direction Inbound, Outbound
New-ExportTask -Name DemoExport -StorageTarget Vault -ArchiveMethod Aes256 -ZipPassword $password `
    -TimeZone Europe/Budapest -RenamePattern '{StartTime:yyyyMMdd_HHmmss}_{From}_{To}' -Query $query | Out-Null
$run = Invoke-ConversationExport -Task DemoExport
$run | Format-List RunId, Task, State, Selected, Exported, Skipped, Failed, Bytes, Duration, Outputs | Out-Host
Write-Host "Query:   $($query.Text)"
Write-Host "Archive: $($run.Outputs -join ', ') (open with 7-Zip, password demo-password)"
Write-Host "Catalog: $($catalog.Path)"
if ($run.State -notin 'Completed', 'CompletedWithErrors') { exit 1 }
