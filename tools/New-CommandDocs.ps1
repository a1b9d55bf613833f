<#
.SYNOPSIS
    Writes docs/commands/<Verb-Noun>.md, the online help pages the cmdlets' HelpUri links lead to.
.DESCRIPTION
    Each page is made from the built module's help (MAML, from module/help/*.psd1) and its cmdlet
    metadata: synopsis, syntax, description, parameters, inputs, outputs, notes, examples and links.
    Run it after changing help; tests/Pester/Help.Tests.ps1 fails when a page is missing or stale.
.EXAMPLE
    pwsh -NoProfile -File tools/New-CommandDocs.ps1 -ModulePath out/ConversationExport -Destination docs/commands
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Destination,
    # Writes nothing; returns the pages as objects (Name, Text) so a test can compare them with the files.
    [switch] $PassThru
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Resolve-Path $ModulePath).Path -Force
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

function Get-Paragraphs($items) { (@($items) | ForEach-Object { $_.Text }) -join "`n`n" }

function ConvertTo-CommandPage([System.Management.Automation.CmdletInfo] $command) {
    # Help objects leave out the sections a cmdlet has none of (notes, links): read them loosely.
    Set-StrictMode -Off
    $help = Get-Help $command.Name -Full
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add("# $($command.Name)")
    $lines.Add('')
    $lines.Add($help.Synopsis.Trim())
    $lines.Add('')
    $lines.Add('## Syntax')
    $lines.Add('')
    $lines.Add('```')
    foreach ($set in $command.ParameterSets) { $lines.Add("$($command.Name) $set".Trim()) }
    $lines.Add('```')
    $lines.Add('')
    $lines.Add('## Description')
    $lines.Add('')
    $lines.Add((Get-Paragraphs $help.description).Trim())
    $parameters = @($help.parameters.parameter | Where-Object { $_ -and $_.name -notin $common })
    if ($parameters.Count -gt 0) {
        $lines.Add('')
        $lines.Add('## Parameters')
        foreach ($parameter in $parameters) {
            $metadata = $command.Parameters[$parameter.name]
            $lines.Add('')
            $lines.Add("### -$($parameter.name)")
            $lines.Add('')
            $lines.Add((Get-Paragraphs $parameter.description).Trim())
            $lines.Add('')
            $pipeline = @(foreach ($attribute in $metadata.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }) {
                if ($attribute.ValueFromPipeline) { 'by value' }
                if ($attribute.ValueFromPipelineByPropertyName) { 'by property name' }
            }) | Select-Object -Unique
            $required = @($metadata.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.Mandatory }).Count -gt 0
            $lines.Add("Type: ``$($metadata.ParameterType.Name)``; required: $($required ? 'yes' : 'no'); pipeline: $($pipeline ? ($pipeline -join ', ') : 'no').")
        }
    }
    foreach ($section in @(@{ Title = 'Inputs'; Items = $help.inputTypes.inputType }, @{ Title = 'Outputs'; Items = $help.returnValues.returnValue })) {
        $items = @($section.Items | Where-Object { $_ -and $_.type.name })
        if ($items.Count -eq 0) { continue }
        $lines.Add('')
        $lines.Add("## $($section.Title)")
        foreach ($item in $items) {
            $lines.Add('')
            $lines.Add("**$($item.type.name.Trim())**: $((Get-Paragraphs $item.description).Trim())")
        }
    }
    $notes = @($help.alertSet.alert | Where-Object { $_ })
    if ($notes.Count -gt 0) {
        $lines.Add('')
        $lines.Add('## Notes')
        $lines.Add('')
        $lines.Add((Get-Paragraphs $notes).Trim())
    }
    $examples = @($help.examples.example | Where-Object { $_ })
    if ($examples.Count -gt 0) {
        $lines.Add('')
        $lines.Add('## Examples')
        foreach ($example in $examples) {
            $lines.Add('')
            $lines.Add("### $($example.title.Trim('-', ' '))")
            $lines.Add('')
            $lines.Add('```powershell')
            $lines.Add($example.code.Trim())
            $lines.Add('```')
            $lines.Add('')
            $lines.Add((Get-Paragraphs $example.remarks).Trim())
        }
    }
    $links = @($help.relatedLinks.navigationLink | Where-Object { $_ -and $_.linkText } | ForEach-Object { $_.linkText.Trim() })
    if ($links.Count -gt 0) {
        $lines.Add('')
        $lines.Add('## Related')
        $lines.Add('')
        foreach ($link in $links) {
            $target = (Get-Command $link -Module ConversationExport -ErrorAction Ignore) ? "$link.md" : $null
            $lines.Add($target ? "- [$link]($target)" : "- $link")
        }
    }
    ($lines -join "`n") + "`n"
}

$pages = foreach ($command in Get-Command -Module ConversationExport -CommandType Cmdlet | Sort-Object Name) {
    [pscustomobject]@{ Name = "$($command.Name).md"; Text = ConvertTo-CommandPage $command }
}
$index = @('# Cmdlets', '', 'One page per cmdlet, made from the module''s help by `tools/New-CommandDocs.ps1`; in a session, `Get-Help <cmdlet> -Full` shows the same.', '')
$index += foreach ($command in Get-Command -Module ConversationExport -CommandType Cmdlet | Sort-Object Name) {
    "- [$($command.Name)]($($command.Name).md): $((Get-Help $command.Name).Synopsis.Trim())"
}
$pages = @($pages) + [pscustomobject]@{ Name = 'README.md'; Text = ($index -join "`n") + "`n" }

if ($PassThru) { return $pages }
New-Item -ItemType Directory -Path $Destination -Force | Out-Null
foreach ($page in $pages) {
    [IO.File]::WriteAllText((Join-Path $Destination $page.Name), $page.Text, [Text.UTF8Encoding]::new($false))
}
Write-Host "Command pages written: $Destination ($($pages.Count) files)"
