<#
.SYNOPSIS
    The do-it-yourself export a sysadmin would script without this module: a CSV of the sidecars'
    metadata with Export-Csv, then Compress-Archive (Microsoft.PowerShell.Archive, shipped with
    PowerShell) over the recordings and that CSV. Run in a process of its own by Throughput.ps1.
#>
param(
    [Parameter(Mandatory)] [string] $Corpus,
    [Parameter(Mandatory)] [string] $Destination
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue' # a scheduled script has no console to draw progress on
$csv = Join-Path $Destination 'conversations.csv'
Get-ChildItem -LiteralPath $Corpus -Recurse -File -Filter '*.xml' | ForEach-Object {
    [xml] $sidecar = Get-Content -LiteralPath $_.FullName -Raw
    $c = $sidecar.conversation
    [pscustomobject]@{
        ConversationId = $c.id
        Type           = $c.type
        Direction      = $c.direction
        Start          = $c.start
        End            = $c.end
        From           = $c.from.number
        To             = $c.to.number
        User           = $c.user.name
        Files          = @($c.files.ChildNodes | ForEach-Object InnerText) -join ';'
    }
} | Export-Csv -LiteralPath $csv -NoTypeInformation -Encoding utf8
Compress-Archive -LiteralPath $Corpus, $csv -DestinationPath (Join-Path $Destination 'export.zip') -CompressionLevel Optimal
