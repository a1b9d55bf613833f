<#
.SYNOPSIS
    Packs the built module folder into a versioned .nupkg that Install-PSResource installs.
.DESCRIPTION
    The one way the module is packaged: build.ps1 Package calls it, and tests/Pester/Package.Tests.ps1
    packs the module under test with it and installs the result. PSResourceGet (shipped with
    PowerShell 7.4 and later) writes the package: the id and version come from the manifest, as do the
    authors, description, tags, project and licence links and release notes of the .nuspec.
.OUTPUTS
    System.IO.FileInfo: the .nupkg, named ConversationExport.<ModuleVersion>.nupkg.
#>
[CmdletBinding()]
param(
    # The built module folder (out/ConversationExport).
    [Parameter(Mandatory)] [string] $ModulePath,
    # The folder to write the .nupkg into; it can serve as a local PSResourceGet repository.
    [Parameter(Mandatory)] [string] $Destination
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module Microsoft.PowerShell.PSResourceGet

$manifest = Import-PowerShellDataFile (Join-Path $ModulePath 'ConversationExport.psd1')
New-Item -ItemType Directory -Path $Destination -Force | Out-Null
$package = Join-Path $Destination "ConversationExport.$($manifest.ModuleVersion).nupkg"
if (Test-Path $package) { Remove-Item $package }
Compress-PSResource -Path $ModulePath -DestinationPath $Destination
if (-not (Test-Path $package)) { throw "Compress-PSResource wrote no $package." }
Get-Item $package
