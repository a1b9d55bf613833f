# The query tests' oracle: what a recording folder holds and what a query should select, worked
# out from the sidecars with nothing but [xml] and plain PowerShell, so that it shares no code with
# the module's importer, SQL translation or in-memory evaluator. Keep it that way: a test that asks
# the module what the answer is cannot catch the module being wrong.

$script:Invariant = [cultureinfo]::InvariantCulture
$script:Utc = [Globalization.DateTimeStyles]'AdjustToUniversal, AssumeUniversal'

function Get-Child([Xml.XmlNode] $Node, [string] $Name) {
    if ($null -eq $Node) { return }
    foreach ($child in $Node.ChildNodes) {
        if ($child.NodeType -eq 'Element' -and $child.LocalName -ceq $Name) { $child }
    }
}

# An element's trimmed text or an attribute's trimmed value; an empty value counts as absent.
function Get-Value([Xml.XmlNode] $Node, [string] $Element, [string] $Attribute) {
    $target = if ($Element) { Get-Child $Node $Element | Select-Object -First 1 } else { $Node }
    if ($null -eq $target) { return $null }
    $text = if ($Attribute) { $target.GetAttribute($Attribute) } else { $target.InnerText }
    $text = "$text".Trim()
    if ($text) { $text } else { $null }
}

function Get-Flag([Xml.XmlNode] $Node, [string] $Element) {
    (Get-Value $Node $Element) -in 'true', '1'
}

function ConvertTo-UtcTime([string] $Text) {
    if ($Text) { [datetime]::Parse($Text, $script:Invariant, $script:Utc) }
}

<#
.SYNOPSIS
    Every conversation of a recording folder as a plain object, read straight from the XML
    sidecars (docs/recording-sidecar.md): absent elements are $null, absent booleans $false,
    direction defaults to Unknown, type to Voice, dataset to Online; times are UTC DateTimes,
    durations whole milliseconds.
#>
function Read-OracleConversation {
    param([Parameter(Mandatory)] [string] $Path)
    foreach ($file in Get-ChildItem -LiteralPath $Path -Recurse -File -Filter '*.xml') {
        $root = ([xml](Get-Content -LiteralPath $file.FullName -Raw -Encoding utf8)).DocumentElement
        $from = Get-Child $root 'from' | Select-Object -First 1
        $to = Get-Child $root 'to' | Select-Object -First 1
        $user = Get-Child $root 'user' | Select-Object -First 1
        $analytics = Get-Child $root 'analytics' | Select-Object -First 1
        $start = ConvertTo-UtcTime (Get-Value $root 'start')
        $end = ConvertTo-UtcTime (Get-Value $root 'end')
        $silence = Get-Value $analytics -Attribute 'silenceRatio'
        $talkover = Get-Value $analytics -Attribute 'talkoverRatio'
        $longest = Get-Value $analytics -Attribute 'longestSilence'
        $encrypted = Get-Value $root 'encryptedWith'
        $signed = Get-Value $root 'signedWith'
        [pscustomobject]@{
            ConversationId   = Get-Value $root 'id'
            NativeId         = Get-Value $root 'nativeId'
            ConversationType = (Get-Value $root 'type') ?? 'Voice'
            SourcePlatform   = Get-Value $root 'platform'
            Direction        = (Get-Value $root 'direction') ?? 'Unknown'
            Start            = $start
            DurationMs       = if ($end -and $end -gt $start) { [long]($end - $start).TotalMilliseconds } else { 0L }
            EndCause         = Get-Value $root 'endCause'
            ForwardReason    = Get-Value $root 'forwardReason'
            From             = Get-Value $from -Attribute 'number'
            FromInfo         = Get-Value $from -Attribute 'info'
            To               = Get-Value $to -Attribute 'number'
            ToInfo           = Get-Value $to -Attribute 'info'
            DialedNumber     = Get-Value $root 'dialedNumber'
            User             = Get-Value $user -Attribute 'name'
            UserId           = Get-Value $user -Attribute 'id'
            UserLocation     = Get-Value $user -Attribute 'location'
            Extension        = Get-Value $user -Attribute 'extension'
            Group            = @(Get-Child $user 'group' | ForEach-Object { $_.InnerText.Trim() } | Where-Object { $_ })
            RecordingServer  = Get-Value $root 'recordingServer'
            StorageTarget    = Get-Value $root 'storageTarget'
            Dataset          = (Get-Value $root 'dataset') ?? 'Online'
            Protected        = Get-Flag $root 'protected'
            CdrOnly          = Get-Flag $root 'cdrOnly'
            Imported         = Get-Flag $root 'imported'
            HasQmScorecard   = Get-Flag $root 'qmScorecard'
            EncryptedWith    = $encrypted
            SignedWith       = $signed
            Encrypted        = $null -ne $encrypted
            Signed           = $null -ne $signed
            SilenceRatio     = if ($null -ne $silence) { [double]::Parse($silence, $script:Invariant) }
            TalkoverRatio    = if ($null -ne $talkover) { [double]::Parse($talkover, $script:Invariant) }
            LongestSilenceMs = if ($null -ne $longest) { [long][Math]::Floor([Xml.XmlConvert]::ToTimeSpan($longest).TotalMilliseconds) }
            Labels           = @(Get-Child (Get-Child $root 'labels') 'label' | ForEach-Object { $_.InnerText.Trim() } | Where-Object { $_ })
            Cases            = @(Get-Child (Get-Child $root 'cases') 'case' | ForEach-Object { $_.InnerText.Trim() } | Where-Object { $_ })
        }
    }
}

# Text compares ignoring case for the ASCII letters A-Z only, as the catalog's collation does:
# 'Ügyfélpanasz' matches 'ÜGYFéLPANASZ' but not 'ügyfélpanasz'. Each ASCII letter becomes a
# two-letter class in an otherwise case-sensitive regex, so no other character folds.
$script:Regexes = [Collections.Generic.Dictionary[string, regex]]::new([StringComparer]::Ordinal)

function ConvertTo-OracleRegex([string] $Pattern, [switch] $Literal) {
    $key = "$([int][bool]$Literal)$Pattern"
    $regex = $null
    if ($script:Regexes.TryGetValue($key, [ref] $regex)) { return $regex }
    $text = [Text.StringBuilder]::new('^')
    for ($i = 0; $i -lt $Pattern.Length; $i++) {
        $c = $Pattern[$i]
        if (-not $Literal -and $c -eq '`' -and $i + 1 -lt $Pattern.Length) { $c = $Pattern[++$i] }
        elseif (-not $Literal -and $c -eq '*') { $null = $text.Append('.*'); continue }
        elseif (-not $Literal -and $c -eq '?') { $null = $text.Append('.'); continue }
        # Anything else (%, _, [, \ included) is itself.
        $code = [int]$c
        if (($code -ge 0x61 -and $code -le 0x7A) -or ($code -ge 0x41 -and $code -le 0x5A)) {
            $null = $text.Append('[').Append([char]::ToLowerInvariant($c)).Append([char]::ToUpperInvariant($c)).Append(']')
        }
        else { $null = $text.Append([regex]::Escape([string]$c)) }
    }
    $null = $text.Append('\z')
    $regex = [regex]::new($text.ToString(), 'Singleline, CultureInvariant')
    $script:Regexes[$key] = $regex
    $regex
}

<#
.SYNOPSIS
    Whether a text value matches any of the wildcard patterns (* any run, ? one character, `x the
    literal x); an absent value matches nothing. Used for text fields, either-party fields (pass
    both values) and set members (pass the set).
#>
function Test-OracleLike {
    param([AllowNull()] [AllowEmptyCollection()] [object[]] $Value, [Parameter(Mandatory)] [string[]] $Pattern)
    foreach ($v in $Value) {
        if ($null -eq $v) { continue }
        foreach ($p in $Pattern) { if ((ConvertTo-OracleRegex $p).IsMatch($v)) { return $true } }
    }
    $false
}

<# .SYNOPSIS Whether a value equals any of the given ones, ignoring ASCII case; an absent value equals nothing. #>
function Test-OracleIn {
    param([AllowNull()] [object] $Value, [Parameter(Mandatory)] [string[]] $Any)
    if ($null -eq $Value) { return $false }
    foreach ($a in $Any) { if ((ConvertTo-OracleRegex $a -Literal).IsMatch("$Value")) { return $true } }
    $false
}

<# .SYNOPSIS The number of ASCII digits in a phone number; $null when there is no number. #>
function Get-OracleDigitCount([AllowNull()] [string] $Number) {
    if ($null -eq $Number -or $Number -eq '') { return $null }
    ([regex]::Matches($Number, '[0-9]')).Count
}

Export-ModuleMember -Function Read-OracleConversation, Test-OracleLike, Test-OracleIn, Get-OracleDigitCount
