#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Writes the module's MAML help from the cmdlets as built and the texts in module/help.
.DESCRIPTION
    Imports the built module, reflects every exported cmdlet (parameter sets, types, Mandatory,
    Position, pipeline input, aliases, accepted values, output types) and merges the texts of
    <SourcePath>/<Verb-Noun>.psd1 into <ModulePath>/en-US/<assembly>-Help.xml, the file Get-Help
    reads for a binary module.

    The reflection decides what must be documented, so help cannot silently rot: the script
    writes nothing and exits 1, listing every problem, when an exported cmdlet has no help
    source, a parameter has no description, a description names a parameter the cmdlet no
    longer has, an example is missing or uses a parameter that does not exist, an output type
    is undocumented, or a source file is malformed.

    Run it in its own process (the module stays loaded in the session that imports it):
        pwsh -NoProfile -NonInteractive -File tools/New-MamlHelp.ps1 -ModulePath out/ConversationExport -SourcePath module/help

    A help source is a data file:
        @{
            Synopsis    = 'One sentence.'
            Description = 'Paragraphs separated by blank lines; lines starting with "- " stay list items.'
            Parameters  = @{
                Path = 'What it is, what happens by default.'
                # or, when more than a description is needed:
                Name = @{ Description = '...'; DefaultValue = '...'; AcceptWildcards = $true }
            }
            Inputs      = @(@{ Type = 'System.String'; Description = '...' })   # required when a parameter takes pipeline input
            Outputs     = @(@{ Type = 'ConversationExport.CatalogInfo'; Description = '...' })  # must cover every [OutputType]
            Notes       = 'Optional paragraphs.'
            Examples    = @(@{ Title = '...'; Code = '...'; Remarks = '...' })   # at least -MinimumExamples
            Links       = @('Connect-ConversationCatalog', 'about_ConversationExport')
        }
    -WhatIf and -Confirm get the standard descriptions unless the source gives its own.
    {Enum:Full.Type.Name} in a text becomes the names of that enum, so lists of accepted values
    follow the code.

    Parameters that several cmdlets share through a base class are described once, in a fragment
    whose name starts with an underscore (_Criteria.psd1, holding only Parameters = @{ ... }), and
    a help source takes them with Include = @('Criteria'); its own Parameters win. A fragment that
    no source includes, or that describes a parameter none of its includers has, is an error too.
.EXAMPLE
    dotnet pwsh -NoProfile -File tools/New-MamlHelp.ps1 -ModulePath out/ConversationExport -SourcePath module/help
#>
[CmdletBinding()]
param(
    # The built module folder (holds the manifest named after the folder).
    [Parameter(Mandatory)] [string] $ModulePath,
    # The folder of <Verb-Noun>.psd1 help sources.
    [Parameter(Mandatory)] [string] $SourcePath,
    # Examples each cmdlet must have.
    [ValidateRange(1, 20)] [int] $MinimumExamples = 2
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$ns = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp  = 'http://msdn.microsoft.com/mshelp'
}
$shouldProcessParameters = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}
# Documented once by PowerShell (about_CommonParameters); Get-Help adds <CommonParameters> itself.
$commonParameters = [System.Collections.Generic.HashSet[string]]::new(
    [string[]]([System.Management.Automation.Cmdlet]::CommonParameters + 'UseTransaction'), [StringComparer]::OrdinalIgnoreCase)
$allowedKeys = @{
    Source    = 'Synopsis', 'Description', 'Parameters', 'Include', 'Inputs', 'Outputs', 'Notes', 'Examples', 'Links'
    Fragment  = @('Parameters')
    Parameter = 'Description', 'DefaultValue', 'AcceptWildcards'
    Example   = 'Title', 'Code', 'Remarks'
    Type      = 'Type', 'Description'
}

$problems = [System.Collections.Generic.List[string]]::new()
function Add-Problem([string] $Message) { $problems.Add($Message) }

function Test-Text($Value) { $Value -is [string] -and -not [string]::IsNullOrWhiteSpace($Value) }

# {Enum:Namespace.Type} becomes the enum's names, so a list of accepted values cannot go stale.
function Expand-Text([string] $Where, $Text) {
    if ($Text -isnot [string]) { return $Text }
    [regex]::Replace($Text, '\{Enum:([\w.+]+)\}', {
            param($match)
            $type = $match.Groups[1].Value -as [type]
            if ($type -and $type.IsEnum) { return [Enum]::GetNames($type) -join ', ' }
            Add-Problem "${Where}: {Enum:$($match.Groups[1].Value)} names no enum type."
            $match.Value
        })
}

function Test-Keys([string] $Where, $Table, [string[]] $Allowed) {
    if ($Table -isnot [hashtable]) { Add-Problem "$Where must be a hashtable."; return $false }
    foreach ($key in $Table.Keys) {
        if ($key -notin $Allowed) { Add-Problem "$Where has an unknown key '$key'; the keys are: $($Allowed -join ', ')." }
    }
    $true
}

# A type as help shows it: String[], and Boolean for Nullable[Boolean] in the short form, as Get-Command's syntax does.
function Format-TypeName([type] $Type, [switch] $Full) {
    if ($Type.IsArray) { return (Format-TypeName $Type.GetElementType() -Full:$Full) + '[]' }
    if (-not $Full -and [Nullable]::GetUnderlyingType($Type)) { return Format-TypeName ([Nullable]::GetUnderlyingType($Type)) }
    if ($Type.IsGenericType) {
        $name = ($Full ? $Type.GetGenericTypeDefinition().FullName : $Type.Name) -replace '`\d+$'
        return "$name[$(($Type.GetGenericArguments() | ForEach-Object { Format-TypeName $_ -Full:$Full }) -join ', ')]"
    }
    $Full ? $Type.FullName : $Type.Name
}

# The values a parameter accepts, when it says: ValidateSet, or an enum (of an array or Nullable).
function Get-AcceptedValues($Parameter) {
    $set = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
    if ($set) { return @($set.ValidValues) }
    $type = $Parameter.ParameterType
    if ($type.IsArray) { $type = $type.GetElementType() }
    $type = [Nullable]::GetUnderlyingType($type) ?? $type
    if ($type.IsEnum) { return [Enum]::GetNames($type) }
    @()
}

# Paragraphs split at blank lines; lines inside a paragraph are joined, except list items ("- ", "* ", "1. ").
function Split-Paragraphs([string] $Text) {
    foreach ($block in ($Text.Trim() -replace "`r`n", "`n") -split "\n\s*\n") {
        $lines = @($block -split "\n" | ForEach-Object Trim)
        $para = ''
        foreach ($line in $lines) {
            if ($para -eq '') { $para = $line }
            elseif ($line -match '^([-*]|\d+\.)\s') { $para += "`n" + $line }
            else { $para += ' ' + $line }
        }
        $para
    }
}

# Example code as written, without the indentation a here-string in a data file picks up.
function Format-Code([string] $Code) {
    $lines = @(($Code -replace "`r`n", "`n").Trim("`n") -split "\n")
    $indents = @($lines | Where-Object { $_.Trim() } | ForEach-Object { $_.Length - $_.TrimStart().Length })
    $cut = $indents ? ($indents | Measure-Object -Minimum).Minimum : 0
    ($lines | ForEach-Object { $_.Length -ge $cut ? $_.Substring($cut).TrimEnd() : $_.TrimEnd() }) -join "`n"
}

# An example that calls one of the module's cmdlets with a parameter it does not have is rot too.
function Test-ExampleCode([string] $Where, [string] $Code, [hashtable] $Commands) {
    $tokens = $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref] $tokens, [ref] $errors)
    foreach ($parseError in $errors) { Add-Problem "${Where}: the code does not parse: $($parseError.Message)" }
    $calls = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)
    foreach ($call in $calls) {
        $command = $Commands[[string]$call.GetCommandName()]
        if (-not $command) { continue }
        $names = @($command.Parameters.Values | ForEach-Object { $_.Name; $_.Aliases })
        foreach ($element in $call.CommandElements) {
            if ($element -isnot [System.Management.Automation.Language.CommandParameterAst]) { continue }
            $given = $element.ParameterName
            if ($names -contains $given) { continue }
            $matching = @($command.Parameters.Values | Where-Object { $_.Name -like "$given*" })
            if ($matching.Count -ne 1) { Add-Problem "${Where}: $($command.Name) has no parameter -$given." }
        }
    }
}

function Get-CombinedAttribute($Sets, [scriptblock] $Value) {
    $values = @($Sets | ForEach-Object { [pscustomobject]@{ Set = $_.Name; Value = & $Value $_.Parameter } })
    $distinct = @($values.Value | Select-Object -Unique)
    if ($distinct.Count -eq 1) { return $distinct[0] }
    ($values | ForEach-Object { "$($_.Value) ($($_.Set))" }) -join ', '
}

function Get-PipelineInput($Parameter) {
    $kinds = @(if ($Parameter.ValueFromPipeline) { 'ByValue' }; if ($Parameter.ValueFromPipelineByPropertyName) { 'ByPropertyName' })
    $kinds ? "True ($($kinds -join ', '))" : 'False'
}

function Get-Position($Parameter) { $Parameter.Position -ge 0 ? [string]$Parameter.Position : 'named' }

# ---- reflect the module ----------------------------------------------------------------------

$modulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$sourcePath = (Resolve-Path -LiteralPath $SourcePath).ProviderPath
$module = Import-Module $modulePath -PassThru -Force -DisableNameChecking
$cmdlets = @(Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)
if (-not $cmdlets) { throw "The module at '$modulePath' exports no cmdlets; is it built?" }
$commandTable = @{}
foreach ($cmdlet in $cmdlets) { $commandTable[$cmdlet.Name] = $cmdlet }

$sources = @{}
$fragments = @{}
$unreadable = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
foreach ($file in Get-ChildItem -LiteralPath $sourcePath -Filter '*.psd1' -File) {
    try { $data = Import-PowerShellDataFile -LiteralPath $file.FullName }
    catch {
        # Import-PowerShellDataFile does not say where; the parser does.
        $parseErrors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref] $null, [ref] $parseErrors)
        $why = $parseErrors ? ($parseErrors | Select-Object -First 1 | ForEach-Object { "line $($_.Extent.StartLineNumber): $($_.Message)" }) -join '; ' : $_.Exception.Message
        Add-Problem "$($file.Name): not a valid data file: $why"
        $null = $unreadable.Add($file.BaseName)
        continue
    }
    if ($file.BaseName.StartsWith('_')) {
        if (-not (Test-Keys $file.Name $data $allowedKeys.Fragment)) { continue }
        if ($data['Parameters'] -isnot [hashtable]) { Add-Problem "$($file.Name): Parameters must be a hashtable of name = description."; continue }
        $fragments[$file.BaseName.Substring(1)] = @{ File = $file.Name; Parameters = $data.Parameters; Used = @{}; IncludedBy = @() }
    }
    else { $sources[$file.BaseName] = $data }
}
foreach ($name in $sources.Keys | Sort-Object) {
    if (-not $commandTable.ContainsKey($name)) { Add-Problem "$name.psd1: the module exports no cmdlet '$name'; remove or rename the help source." }
}

# ---- merge and check ---------------------------------------------------------------------------

$topics = foreach ($cmdlet in $cmdlets) {
    $name = $cmdlet.Name
    $where = "$name.psd1"
    $source = $sources[$name]
    if (-not $source) {
        if (-not $unreadable.Contains($name)) { Add-Problem "${name}: no help source; create $(Join-Path $sourcePath "$name.psd1")." }
        continue
    }
    if (-not (Test-Keys $where $source $allowedKeys.Source)) { continue }
    $source = $source.Clone()
    foreach ($key in 'Synopsis', 'Description', 'Notes') { $source[$key] = Expand-Text "$where $key" $source[$key] }
    if (-not (Test-Text $source['Synopsis'])) { Add-Problem "${where}: Synopsis is missing." }
    if (-not (Test-Text $source['Description'])) { Add-Problem "${where}: Description is missing." }

    # Parameter sets, default first; within a set positional by position, then mandatory, then the rest.
    $sets = @($cmdlet.ParameterSets | Sort-Object { -not $_.IsDefault }, { $cmdlet.ParameterSets.IndexOf($_) })
    $syntax = foreach ($set in $sets) {
        $parameters = @($set.Parameters | Where-Object { -not $commonParameters.Contains($_.Name) })
        $ordered = @(
            $parameters | Where-Object { $_.Position -ge 0 } | Sort-Object Position
            $parameters | Where-Object { $_.Position -lt 0 -and $_.IsMandatory -and -not $shouldProcessParameters.ContainsKey($_.Name) }
            $parameters | Where-Object { $_.Position -lt 0 -and -not $_.IsMandatory -and -not $shouldProcessParameters.ContainsKey($_.Name) }
            $parameters | Where-Object { $shouldProcessParameters.ContainsKey($_.Name) }
        )
        [pscustomobject]@{ Name = $set.Name; Parameters = $ordered }
    }

    $descriptions = $source['Parameters'] ?? @{}
    if ($descriptions -isnot [hashtable]) { Add-Problem "${where}: Parameters must be a hashtable of name = description."; $descriptions = @{} }
    $parameterNames = [System.Collections.Generic.List[string]]::new()
    foreach ($item in $syntax) { foreach ($p in $item.Parameters) { if (-not $parameterNames.Contains($p.Name)) { $parameterNames.Add($p.Name) } } }
    foreach ($key in $descriptions.Keys) {
        if (-not $parameterNames.Contains($key)) { Add-Problem "${where}: describes -$key, which $name does not have (parameters: $($parameterNames -join ', '))." }
    }
    $shared = @{}
    foreach ($include in @($source['Include'] | Where-Object { $null -ne $_ })) {
        $fragment = $fragments[[string]$include]
        if (-not $fragment) { Add-Problem "${where}: includes '$include', but there is no _$include.psd1 beside it."; continue }
        $fragment.IncludedBy += $name
        foreach ($key in $fragment.Parameters.Keys) {
            if (-not $parameterNames.Contains($key)) { continue }
            $fragment.Used[$key] = $true
            if (-not $shared.ContainsKey($key)) { $shared[$key] = $fragment.Parameters[$key] }
        }
    }
    $parameterHelp = @{}
    foreach ($parameterName in $parameterNames) {
        $entry = $descriptions.ContainsKey($parameterName) ? $descriptions[$parameterName] : $shared[$parameterName]
        if ($entry -is [hashtable]) {
            if (-not (Test-Keys "$where -$parameterName" $entry $allowedKeys.Parameter)) { continue }
            $text = $entry['Description']
        }
        else { $text = $entry; $entry = @{} }
        if ($null -eq $text -and $shouldProcessParameters.ContainsKey($parameterName)) { $text = $shouldProcessParameters[$parameterName] }
        $text = Expand-Text "$where -$parameterName" $text
        if (-not (Test-Text $text)) { Add-Problem "${where}: -$parameterName has no description."; continue }
        $parameterHelp[$parameterName] = @{ Description = $text; DefaultValue = $entry['DefaultValue']; AcceptWildcards = [bool]$entry['AcceptWildcards'] }
    }

    $pipelineParameters = @($parameterNames | Where-Object { $n = $_; $cmdlet.Parameters[$n].ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName } })
    $typeLists = @{}
    foreach ($kind in 'Inputs', 'Outputs') {
        $list = @($source[$kind] | Where-Object { $null -ne $_ })
        for ($i = 0; $i -lt $list.Count; $i++) {
            if ((Test-Keys "${where} $kind[$i]" $list[$i] $allowedKeys.Type) -and -not ((Test-Text $list[$i]['Type']) -and (Test-Text $list[$i]['Description']))) {
                Add-Problem "${where}: $kind[$i] needs a Type and a Description."
            }
        }
        $typeLists[$kind] = $list
    }
    if ($pipelineParameters -and -not $typeLists.Inputs) {
        Add-Problem "${where}: Inputs is missing; $name takes pipeline input through -$($pipelineParameters -join ', -')."
    }
    $documentedOutputs = @($typeLists.Outputs | Where-Object { $_ -is [hashtable] } | ForEach-Object { $_['Type'] })
    foreach ($outputType in $cmdlet.OutputType) {
        $fullName = $outputType.Type ? $outputType.Type.FullName : $outputType.Name
        if ($documentedOutputs -notcontains $fullName -and $documentedOutputs -notcontains ($fullName -split '\.')[-1]) {
            Add-Problem "${where}: Outputs does not describe $fullName, which $name declares in [OutputType]."
        }
    }

    $examples = @($source['Examples'] | Where-Object { $null -ne $_ })
    if ($examples.Count -lt $MinimumExamples) { Add-Problem "${where}: $($examples.Count) example(s); at least $MinimumExamples are required." }
    for ($i = 0; $i -lt $examples.Count; $i++) {
        $example = $examples[$i]
        if (-not (Test-Keys "${where} Examples[$i]" $example $allowedKeys.Example)) { continue }
        if (-not (Test-Text $example['Code'])) { Add-Problem "${where}: example $($i + 1) has no Code." }
        else {
            Test-ExampleCode "${where} example $($i + 1)" $example['Code'] $commandTable
            if ($example['Code'] -notmatch [regex]::Escape($name)) { Add-Problem "${where}: example $($i + 1) does not call $name." }
        }
        if (-not (Test-Text $example['Remarks'])) { Add-Problem "${where}: example $($i + 1) has no Remarks." }
    }

    $links = @($source['Links'] | Where-Object { $null -ne $_ })
    foreach ($link in $links) {
        if ($link -match '^(https?://|about_)') { continue }
        if (-not (Get-Command -Name $link -ErrorAction Ignore)) { Add-Problem "${where}: links to '$link', which is not a command." }
    }

    [pscustomobject]@{
        Cmdlet     = $cmdlet
        Source     = $source
        Syntax     = $syntax
        Names      = $parameterNames
        Parameters = $parameterHelp
        Inputs     = $typeLists.Inputs
        Outputs    = $typeLists.Outputs
        Examples   = $examples
        Links      = $links
    }
}

foreach ($fragmentName in $fragments.Keys | Sort-Object) {
    $fragment = $fragments[$fragmentName]
    if (-not $fragment.IncludedBy) { Add-Problem "$($fragment.File): no help source includes it (Include = @('$fragmentName'))."; continue }
    foreach ($key in $fragment.Parameters.Keys | Where-Object { -not $fragment.Used.ContainsKey($_) }) {
        Add-Problem "$($fragment.File): describes -$key, which none of $($fragment.IncludedBy -join ', ') has."
    }
}

if ($problems.Count) {
    foreach ($problem in $problems) { [Console]::Error.WriteLine("New-MamlHelp: $problem") }
    [Console]::Error.WriteLine("New-MamlHelp: $($problems.Count) problem(s) in the help of '$modulePath'; no help was written.")
    exit 1
}

# ---- write MAML --------------------------------------------------------------------------------

function Write-Paragraphs([System.Xml.XmlWriter] $Writer, [string] $Text) {
    $Writer.WriteStartElement('maml', 'description', $ns.maml)
    foreach ($para in Split-Paragraphs $Text) { $Writer.WriteElementString('maml', 'para', $ns.maml, $para) }
    $Writer.WriteEndElement()
}

function Write-Type([System.Xml.XmlWriter] $Writer, [string] $Name) {
    $Writer.WriteStartElement('dev', 'type', $ns.dev)
    $Writer.WriteElementString('maml', 'name', $ns.maml, $Name)
    $Writer.WriteElementString('maml', 'uri', $ns.maml, '')
    $Writer.WriteEndElement()
}

function Write-Parameter([System.Xml.XmlWriter] $Writer, $Topic, [string] $Name, $Sets, [switch] $InSyntax) {
    $info = $Topic.Cmdlet.Parameters[$Name]
    $help = $Topic.Parameters[$Name]
    $type = $info.ParameterType
    $isSwitch = $type -eq [System.Management.Automation.SwitchParameter]
    $Writer.WriteStartElement('command', 'parameter', $ns.command)
    $Writer.WriteAttributeString('required', (Get-CombinedAttribute $Sets { param($p) $p.IsMandatory.ToString().ToLowerInvariant() }))
    $Writer.WriteAttributeString('variableLength', $type.IsArray.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', $help.AcceptWildcards.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', (Get-CombinedAttribute $Sets { param($p) Get-PipelineInput $p }))
    $Writer.WriteAttributeString('position', (Get-CombinedAttribute $Sets { param($p) Get-Position $p }))
    $Writer.WriteAttributeString('aliases', ($info.Aliases ? ($info.Aliases -join ', ') : 'none'))
    $Writer.WriteElementString('maml', 'name', $ns.maml, $Name)
    Write-Paragraphs $Writer $help.Description
    $values = @(Get-AcceptedValues $info)
    if ($InSyntax -and $values) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $ns.command)
        foreach ($value in $values) {
            $Writer.WriteStartElement('command', 'parameterValue', $ns.command)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('command', 'variableLength', $ns.command, 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    elseif (-not ($InSyntax -and $isSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $ns.command)
        $Writer.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', $type.IsArray.ToString().ToLowerInvariant())
        $Writer.WriteString((Format-TypeName $type))
        $Writer.WriteEndElement()
    }
    Write-Type $Writer (Format-TypeName $type -Full)
    $default = if ($null -ne $help.DefaultValue) { [string]$help.DefaultValue } elseif ($isSwitch) { 'False' } else { 'None' }
    $Writer.WriteElementString('dev', 'defaultValue', $ns.dev, $default)
    $Writer.WriteEndElement()
}

function Write-TypeList([System.Xml.XmlWriter] $Writer, [string] $List, [string] $Item, $Entries) {
    $Writer.WriteStartElement('command', $List, $ns.command)
    if (-not $Entries) { $Entries = @(@{ Type = 'None'; Description = '' }) }
    foreach ($entry in $Entries) {
        $Writer.WriteStartElement('command', $Item, $ns.command)
        Write-Type $Writer $entry.Type
        if ($entry.Description) { Write-Paragraphs $Writer $entry.Description }
        else { $Writer.WriteStartElement('maml', 'description', $ns.maml); $Writer.WriteEndElement() }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-Topic([System.Xml.XmlWriter] $Writer, $Topic) {
    $cmdlet = $Topic.Cmdlet
    $source = $Topic.Source
    $Writer.WriteStartElement('command', 'command', $ns.command)
    $Writer.WriteStartElement('command', 'details', $ns.command)
    $Writer.WriteElementString('command', 'name', $ns.command, $cmdlet.Name)
    $Writer.WriteElementString('command', 'verb', $ns.command, $cmdlet.Verb)
    $Writer.WriteElementString('command', 'noun', $ns.command, $cmdlet.Noun)
    Write-Paragraphs $Writer $source.Synopsis
    $Writer.WriteEndElement()
    Write-Paragraphs $Writer $source.Description

    $Writer.WriteStartElement('command', 'syntax', $ns.command)
    foreach ($item in $Topic.Syntax) {
        $Writer.WriteStartElement('command', 'syntaxItem', $ns.command)
        $Writer.WriteElementString('maml', 'name', $ns.maml, $cmdlet.Name)
        foreach ($parameter in $item.Parameters) {
            Write-Parameter $Writer $Topic $parameter.Name @([pscustomobject]@{ Name = $item.Name; Parameter = $parameter }) -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    # Alphabetical, as a reference is read; -WhatIf and -Confirm last, as in the syntax.
    $Writer.WriteStartElement('command', 'parameters', $ns.command)
    foreach ($name in $Topic.Names | Sort-Object { $shouldProcessParameters.ContainsKey($_) }, { $_ }) {
        $sets = foreach ($item in $Topic.Syntax) {
            $parameter = $item.Parameters | Where-Object Name -EQ $name
            if ($parameter) { [pscustomobject]@{ Name = $item.Name; Parameter = $parameter } }
        }
        Write-Parameter $Writer $Topic $name @($sets)
    }
    $Writer.WriteEndElement()

    Write-TypeList $Writer 'inputTypes' 'inputType' $Topic.Inputs
    Write-TypeList $Writer 'returnValues' 'returnValue' $Topic.Outputs

    $Writer.WriteStartElement('maml', 'alertSet', $ns.maml)
    if (Test-Text $source['Notes']) {
        $Writer.WriteStartElement('maml', 'alert', $ns.maml)
        foreach ($para in Split-Paragraphs $source.Notes) { $Writer.WriteElementString('maml', 'para', $ns.maml, $para) }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $ns.command)
    for ($i = 0; $i -lt $Topic.Examples.Count; $i++) {
        $example = $Topic.Examples[$i]
        $title = "Example $($i + 1)" + ((Test-Text $example['Title']) ? ": $($example.Title)" : '')
        $Writer.WriteStartElement('command', 'example', $ns.command)
        $Writer.WriteElementString('maml', 'title', $ns.maml, "---------- $title ----------")
        $Writer.WriteElementString('dev', 'code', $ns.dev, (Format-Code $example.Code))
        $Writer.WriteStartElement('dev', 'remarks', $ns.dev)
        foreach ($para in Split-Paragraphs $example.Remarks) { $Writer.WriteElementString('maml', 'para', $ns.maml, $para) }
        # Get-Help prints the next title right under the last remark otherwise.
        $Writer.WriteElementString('maml', 'para', $ns.maml, '')
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $ns.command)
    foreach ($link in $Topic.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $ns.maml)
        $isUri = $link -match '^https?://'
        $Writer.WriteElementString('maml', 'linkText', $ns.maml, ($isUri ? 'Online version:' : $link))
        $Writer.WriteElementString('maml', 'uri', $ns.maml, ($isUri ? $link : ''))
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()
}

# One help file per implementing assembly: Get-Help looks for <HelpFile> beside the module, under the culture.
$helpFolder = New-Item -ItemType Directory -Path (Join-Path $modulePath 'en-US') -Force
foreach ($group in $topics | Group-Object { [IO.Path]::GetFileName($_.Cmdlet.HelpFile) }) {
    if (-not $group.Name) { throw "$($group.Group[0].Cmdlet.Name) names no help file; it cannot get MAML help." }
    $target = Join-Path $helpFolder $group.Name
    $temporary = "$target.tmp"
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
    $writer = [System.Xml.XmlWriter]::Create($temporary, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($prefix in 'maml', 'command', 'dev', 'MSHelp') { $writer.WriteAttributeString('xmlns', $prefix, $null, $ns[$prefix]) }
        foreach ($topic in $group.Group) { Write-Topic $writer $topic }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally { $writer.Dispose() }
    Move-Item -LiteralPath $temporary -Destination $target -Force
    Write-Host "Help written: $target ($($group.Count) cmdlets)"
}
