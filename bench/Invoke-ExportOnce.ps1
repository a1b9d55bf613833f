<#
.SYNOPSIS
    One timed export for the Throughput and LargeFile cases, in a process of its own so that its
    wall time and peak memory are the module's (plus PowerShell's own start-up, which every
    PowerShell-based contender pays too). Prints one line of JSON describing the run.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Catalog,
    [Parameter(Mandatory)] [string] $Destination,
    [Parameter(Mandatory)] [ValidateSet('None', 'Zip', 'ZipCrypto', 'Aes256')] [string] $Method,
    [string] $Password,
    [int] $ThrottleLimit = 0
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module $ModulePath
Connect-ConversationCatalog -Path $Catalog | Out-Null

# CDR (CSV and PDF), every metadata sidecar format and the manifest (on by default): all in our time.
$parameters = @{
    Destination    = $Destination
    ArchiveMethod  = $Method
    CdrFormat      = 'Csv', 'Pdf'
    MetadataFormat = 'Xml', 'Csv', 'Json'
    WarningAction  = 'SilentlyContinue' # ZipCrypto's "weak cipher" warning
}
if ($Password) { $parameters.ZipPassword = ConvertTo-SecureString $Password -AsPlainText -Force }
if ($ThrottleLimit -gt 0) { $parameters.ThrottleLimit = $ThrottleLimit }

$run = Get-Conversation | Invoke-ConversationExport @parameters
[pscustomobject]@{
    State    = "$($run.State)"
    Selected = $run.Selected
    Exported = $run.Exported
    Skipped  = $run.Skipped
    Failed   = $run.Failed
    Bytes    = $run.Bytes
    Seconds  = [math]::Round($run.DurationSeconds, 3)
    Outputs  = @($run.Outputs)
    Message  = "$($run.Message)"
    PeakMB   = [math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB, 1)
} | ConvertTo-Json -Compress
