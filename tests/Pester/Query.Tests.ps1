# Queries (SPEC §3): every criterion selects exactly the conversations the recording server's
# sidecars say it should, from the catalog and straight from the recording folder alike. The
# expected sets come from QueryOracle.psm1, which reads the sidecars with [xml] and shares no code
# with the module.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'QueryOracle.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

    # One query to try: the parameters a user gives, and independently which conversations they mean.
    function New-QueryCase([string] $Name, [hashtable] $Parameters, [scriptblock] $Where) {
        [pscustomobject]@{ Name = $Name; Parameters = $Parameters; Where = $Where }
    }

    # Runs every case against one source (@{ Catalog = … } or @{ Path = … }); one line per case that
    # selects anything but exactly the oracle's set, or whose oracle set could not tell right from wrong.
    function Get-QueryMismatch {
        param([object[]] $Cases, [object[]] $Oracle, [hashtable] $Source)
        foreach ($case in $Cases) {
            $expected = @($Oracle | Where-Object -FilterScript $case.Where | ForEach-Object ConversationId | Sort-Object)
            if ($expected.Count -eq 0 -or $expected.Count -eq $Oracle.Count) {
                "$($case.Name): the oracle selects $($expected.Count) of $($Oracle.Count), so the case cannot fail"
                continue
            }
            $parameters = $case.Parameters
            $actual = @(Get-Conversation @parameters @Source | ForEach-Object ConversationId | Sort-Object)
            $missing = @($expected | Where-Object { $_ -notin $actual })
            $unexpected = @($actual | Where-Object { $_ -notin $expected })
            if ($actual.Count -ne $expected.Count -or $missing -or $unexpected) {
                "$($case.Name): expected $($expected.Count), got $($actual.Count); missing $($missing.Count) ($($missing | Select-Object -First 3)), unexpected $($unexpected.Count) ($($unexpected | Select-Object -First 3))"
            }
        }
    }

    function Get-SortedId([object[]] $Conversation) { @($Conversation | ForEach-Object ConversationId | Sort-Object) }
}

Describe 'Get-Conversation selects exactly the conversations a query describes' {
    BeforeAll {
        $recordings = Join-Path $TestDrive 'recordings'
        New-DemoRecording -Path $recordings -Count 300 -Seed 7 | Out-Null
        $catalog = Initialize-ConversationCatalog -Path (Join-Path $TestDrive 'query.db')
        Import-Conversation -Path $recordings -Catalog $catalog | Out-Null
        $oracle = @(Read-OracleConversation -Path $recordings)

        # Time boundaries are real start times, so inclusive and exclusive ends are both exercised.
        $byStart = @($oracle | Sort-Object Start)
        $rangeFrom = $byStart[100].Start
        $rangeTo = $byStart[200].Start
        $asOf = [datetime]::SpecifyKind([datetime]'2026-11-28T00:00:00', 'Utc')
        # A clock exactly two days after one conversation's start: it is the edge of "within 2 days".
        $edge = $byStart | Where-Object Start -GE $byStart[-1].Start.AddDays(-2).AddMilliseconds(1) | Select-Object -First 1
        $edgeAsOf = $edge.Start.AddDays(2)

        # Number boundaries are values some conversation has, so Min and Max are seen to be inclusive.
        $durationEdge = (@($oracle | Sort-Object DurationMs))[150].DurationMs
        $shortEdge = (@($oracle | Sort-Object DurationMs))[60].DurationMs
        $analysed = @($oracle | Where-Object { $null -ne $_.SilenceRatio })
        $silenceEdge = (@($analysed | Sort-Object SilenceRatio))[60].SilenceRatio
        $talkoverEdge = (@($analysed | Sort-Object TalkoverRatio))[80].TalkoverRatio
        $longestEdge = (@($analysed | Sort-Object LongestSilenceMs))[40].LongestSilenceMs

        $cases = [ordered]@{}
        $cases.Text = @(
            New-QueryCase "-From '+44*'" @{ From = '+44*' } { Test-OracleLike $_.From '+44*' }
            New-QueryCase "-From with ? for one digit" @{ From = '+1??????????' } { Test-OracleLike $_.From '+1??????????' }
            New-QueryCase "-From any-of" @{ From = '+36*', 'anonymous' } { Test-OracleLike $_.From '+36*', 'anonymous' }
            New-QueryCase "-FromInfo exact, other ASCII case" @{ FromInfo = 'jane CALLER' } { Test-OracleLike $_.FromInfo 'jane CALLER' }
            New-QueryCase "-FromInfo folds ASCII letters" @{ FromInfo = 'ZSóFIA KOVáCS' } { Test-OracleLike $_.FromInfo 'ZSóFIA KOVáCS' }
            New-QueryCase "-FromInfo does not fold other letters" @{ FromInfo = 'ZSÓFIA*', 'amélie*' } { Test-OracleLike $_.FromInfo 'ZSÓFIA*', 'amélie*' }
            New-QueryCase "-FromInfo with quotes and a comma" @{ FromInfo = 'Smith, John "JJ"' } { Test-OracleLike $_.FromInfo 'Smith, John "JJ"' }
            New-QueryCase "-FromInfo '*' skips absent names" @{ FromInfo = '*' } { Test-OracleLike $_.FromInfo '*' }
            New-QueryCase "-User any-of" @{ User = 'jsmith', 'ZKOVACS' } { Test-OracleLike $_.User 'jsmith', 'ZKOVACS' }
            New-QueryCase "-Extension '12*'" @{ Extension = '12*' } { Test-OracleLike $_.Extension '12*' }
            New-QueryCase "-RecordingServer wildcard" @{ RecordingServer = 'rec-*.example.local' } { Test-OracleLike $_.RecordingServer 'rec-*.example.local' }
            New-QueryCase "-UserLocation" @{ UserLocation = 'budapest' } { Test-OracleLike $_.UserLocation 'budapest' }
            New-QueryCase "-DialedNumber" @{ DialedNumber = '00*' } { Test-OracleLike $_.DialedNumber '00*' }
            New-QueryCase "-BothToOrFrom either party" @{ BothToOrFrom = '+3612345678' } { Test-OracleLike @($_.From, $_.To) '+3612345678' }
            New-QueryCase "-BothToOrFrom any-of" @{ BothToOrFrom = '4410', '+353*' } { Test-OracleLike @($_.From, $_.To) '4410', '+353*' }
            New-QueryCase "-BothToOrFromInfo either party" @{ BothToOrFromInfo = '*müller*' } { Test-OracleLike @($_.FromInfo, $_.ToInfo) '*müller*' }
            New-QueryCase "-BothToOrFromInfo with an apostrophe" @{ BothToOrFromInfo = "Seán O'Connor" } { Test-OracleLike @($_.FromInfo, $_.ToInfo) "Seán O'Connor" }
        )
        $cases.Enums = @(
            New-QueryCase "-Direction Inbound" @{ Direction = 'Inbound' } { Test-OracleIn $_.Direction 'Inbound' }
            New-QueryCase "-Direction any-of, any case" @{ Direction = 'internal', 'UNKNOWN' } { Test-OracleIn $_.Direction 'Internal', 'Unknown' }
            New-QueryCase "-ConversationType any-of" @{ ConversationType = 'Video', 'Sms' } { Test-OracleIn $_.ConversationType 'Video', 'Sms' }
            New-QueryCase "-Dataset Archived" @{ Dataset = 'Archived' } { Test-OracleIn $_.Dataset 'Archived' }
            New-QueryCase "-SourcePlatform SIP" @{ SourcePlatform = 'SIP' } { Test-OracleIn $_.SourcePlatform 'SIP' }
            New-QueryCase "-SourcePlatform any-of" @{ SourcePlatform = 'teams', 'Zoom' } { Test-OracleIn $_.SourcePlatform 'Teams', 'Zoom' }
            New-QueryCase "-EndCause any-of" @{ EndCause = 'Transfer', 'Hold' } { Test-OracleIn $_.EndCause 'Transfer', 'Hold' }
            New-QueryCase "-ForwardReason" @{ ForwardReason = 'Transferred' } { Test-OracleIn $_.ForwardReason 'Transferred' }
        )
        $cases.Time = @(
            New-QueryCase "-StartTimeFrom inclusive, -StartTimeTo exclusive" @{ StartTimeFrom = $rangeFrom; StartTimeTo = $rangeTo } { $_.Start -ge $rangeFrom -and $_.Start -lt $rangeTo }
            New-QueryCase "-StartTimeFrom alone" @{ StartTimeFrom = $rangeTo } { $_.Start -ge $rangeTo }
            New-QueryCase "-StartTimeTo alone" @{ StartTimeTo = $rangeFrom } { $_.Start -lt $rangeFrom }
            New-QueryCase "-StartTimeFrom with an offset is UTC" @{ StartTimeFrom = '2026-11-27T00:30:00+01:00' } { $_.Start -ge [datetime]::SpecifyKind([datetime]'2026-11-26T23:30:00', 'Utc') }
            New-QueryCase "-RecentThan 7d" @{ RecentThan = '7d'; AsOf = $asOf } { $_.Start -ge $asOf.AddDays(-7) }
            New-QueryCase "-RecentThan as a TimeSpan" @{ RecentThan = [timespan]::FromHours(36); AsOf = $asOf } { $_.Start -ge $asOf.AddHours(-36) }
            New-QueryCase "-OlderThan 21d" @{ OlderThan = '21d'; AsOf = $asOf } { $_.Start -lt $asOf.AddDays(-21) }
            New-QueryCase "-RecentThan includes its edge" @{ RecentThan = '2d'; AsOf = $edgeAsOf } { $_.Start -ge $edge.Start }
            New-QueryCase "-OlderThan excludes that edge" @{ OlderThan = '48h'; AsOf = $edgeAsOf } { $_.Start -lt $edge.Start }
            New-QueryCase "-RecentThan with -OlderThan is a window" @{ RecentThan = '14d'; OlderThan = '7d'; AsOf = $asOf } { $_.Start -ge $asOf.AddDays(-14) -and $_.Start -lt $asOf.AddDays(-7) }
        )
        $cases.Numbers = @(
            New-QueryCase "-FromDigits 12" @{ FromDigits = 12 } { (Get-OracleDigitCount $_.From) -eq 12 }
            New-QueryCase "-FromDigits 0 (a present number without digits)" @{ FromDigits = 0 } { (Get-OracleDigitCount $_.From) -eq 0 }
            New-QueryCase "-FromDigits '10..11'" @{ FromDigits = '10..11' } { (Get-OracleDigitCount $_.From) -in 10, 11 }
            New-QueryCase "-ToDigits '1..4' skips absent numbers" @{ ToDigits = '1..4' } { $n = Get-OracleDigitCount $_.To; $null -ne $n -and $n -ge 1 -and $n -le 4 }
            New-QueryCase "-MinDuration" @{ MinDuration = "$($durationEdge / 1000)s" } { $_.DurationMs -ge $durationEdge }
            New-QueryCase "-MaxDuration as a TimeSpan" @{ MaxDuration = [timespan]::FromMilliseconds($durationEdge) } { $_.DurationMs -le $durationEdge }
            New-QueryCase "-MinDuration with -MaxDuration" @{ MinDuration = "$shortEdge ms"; MaxDuration = "$($durationEdge)ms" } { $_.DurationMs -ge $shortEdge -and $_.DurationMs -le $durationEdge }
            New-QueryCase "-MinSilenceRatio" @{ MinSilenceRatio = $silenceEdge } { $null -ne $_.SilenceRatio -and $_.SilenceRatio -ge $silenceEdge }
            New-QueryCase "-MaxTalkoverRatio" @{ MaxTalkoverRatio = $talkoverEdge } { $null -ne $_.TalkoverRatio -and $_.TalkoverRatio -le $talkoverEdge }
            New-QueryCase "-MinSilenceRatio with -MaxSilenceRatio" @{ MinSilenceRatio = 0.1; MaxSilenceRatio = $silenceEdge } { $null -ne $_.SilenceRatio -and $_.SilenceRatio -ge 0.1 -and $_.SilenceRatio -le $silenceEdge }
            New-QueryCase "-MaxLongestSilence" @{ MaxLongestSilence = "$($longestEdge)ms" } { $null -ne $_.LongestSilenceMs -and $_.LongestSilenceMs -le $longestEdge }
            New-QueryCase "-MinLongestSilence as ISO 8601" @{ MinLongestSilence = [Xml.XmlConvert]::ToString([timespan]::FromMilliseconds($longestEdge)) } { $null -ne $_.LongestSilenceMs -and $_.LongestSilenceMs -ge $longestEdge }
        )
        $cases.Booleans = @(
            New-QueryCase "-Protected `$true" @{ Protected = $true } { $_.Protected }
            New-QueryCase "-Protected `$false" @{ Protected = $false } { -not $_.Protected }
            New-QueryCase "-Encrypted `$true" @{ Encrypted = $true } { $_.Encrypted }
            New-QueryCase "-Encrypted `$false" @{ Encrypted = $false } { -not $_.Encrypted }
            New-QueryCase "-Signed `$false" @{ Signed = $false } { -not $_.Signed }
            New-QueryCase "-HasQmScorecard `$true" @{ HasQmScorecard = $true } { $_.HasQmScorecard }
            New-QueryCase "-CdrOnly `$true" @{ CdrOnly = $true } { $_.CdrOnly }
            New-QueryCase "-CdrOnly `$false" @{ CdrOnly = $false } { -not $_.CdrOnly }
            New-QueryCase "-Imported `$true" @{ Imported = $true } { $_.Imported }
        )
        $cases.LabelsAndCases = @(
            New-QueryCase "-Label has any" @{ Label = 'VIP', 'Training' } { Test-OracleLike $_.Labels 'VIP', 'Training' }
            New-QueryCase "-AllLabels has all" @{ AllLabels = 'Complaint', 'VIP' } { (Test-OracleLike $_.Labels 'Complaint') -and (Test-OracleLike $_.Labels 'VIP') }
            New-QueryCase "-ExcludeLabel has none" @{ ExcludeLabel = 'Complaint', 'VIP' } { -not (Test-OracleLike $_.Labels 'Complaint', 'VIP') }
            New-QueryCase "-Label wildcard" @{ Label = 'litigation*' } { Test-OracleLike $_.Labels 'litigation*' }
            New-QueryCase "-Label folds ASCII letters" @{ Label = 'ÜGYFéLPANASZ' } { Test-OracleLike $_.Labels 'ÜGYFéLPANASZ' }
            New-QueryCase "-Label does not fold other letters" @{ Label = 'ügyfélpanasz', 'vip' } { Test-OracleLike $_.Labels 'ügyfélpanasz', 'vip' }
            New-QueryCase "-Case" @{ Case = '2026-0017' } { Test-OracleLike $_.Cases '2026-0017' }
            New-QueryCase "-Case wildcard any-of" @{ Case = 'audit-*', '2026-0042' } { Test-OracleLike $_.Cases 'audit-*', '2026-0042' }
            New-QueryCase "-AllCases" @{ AllCases = '2026-0017', '2026-0042' } { (Test-OracleLike $_.Cases '2026-0017') -and (Test-OracleLike $_.Cases '2026-0042') }
            New-QueryCase "-ExcludeCase" @{ ExcludeCase = 'AUDIT*' } { -not (Test-OracleLike $_.Cases 'AUDIT*') }
        )
        $cases.Groups = @(
            New-QueryCase "-Group" @{ Group = 'Trading' } { Test-OracleLike $_.Group 'Trading' }
            New-QueryCase "-Group any-of" @{ Group = 'Sales', 'escalations' } { Test-OracleLike $_.Group 'Sales', 'escalations' }
            New-QueryCase "-Group wildcard" @{ Group = 'comp*' } { Test-OracleLike $_.Group 'comp*' }
        )
        $cases.Criterion = @(
            New-QueryCase "From NotLike" @{ Criterion = @{ Field = 'From'; Operator = 'NotLike'; Value = '+1*' } } { -not (Test-OracleLike $_.From '+1*') }
            New-QueryCase "FromInfo NotLike keeps absent names" @{ Criterion = @{ Field = 'FromInfo'; Operator = 'NotLike'; Value = '*Smith*' } } { -not (Test-OracleLike $_.FromInfo '*Smith*') }
            New-QueryCase "User NotIn keeps absent users" @{ Criterion = @{ Field = 'User'; Operator = 'NotIn'; Value = 'jsmith', 'zkovacs' } } { -not (Test-OracleIn $_.User 'jsmith', 'zkovacs') }
            New-QueryCase "Direction NotIn" @{ Criterion = @{ Field = 'Direction'; Operator = 'NotIn'; Value = 'Inbound', 'Outbound' } } { -not (Test-OracleIn $_.Direction 'Inbound', 'Outbound') }
            New-QueryCase "UserLocation Equals ignores ASCII case, not wildcards" @{ Criterion = @{ Field = 'UserLocation'; Operator = 'Equals'; Value = 'BUDAPEST' } } { Test-OracleIn $_.UserLocation 'BUDAPEST' }
            New-QueryCase "Extension Equals takes * literally" @{ Criterion = @{ Field = 'Extension'; Operator = 'Equals'; Value = '12*', '4410' } } { Test-OracleIn $_.Extension '12*', '4410' }
            New-QueryCase "ToDigits NotEquals keeps absent numbers" @{ Criterion = @{ Field = 'ToDigits'; Operator = 'NotEquals'; Value = 4 } } { (Get-OracleDigitCount $_.To) -ne 4 }
            New-QueryCase "Duration Between" @{ Criterion = @{ Field = 'Duration'; Operator = 'Between'; Value = '10s', '1m' } } { $_.DurationMs -ge 10000 -and $_.DurationMs -le 60000 }
            New-QueryCase "SilenceRatio GreaterThan is exclusive" @{ Criterion = @{ Field = 'SilenceRatio'; Operator = 'GreaterThan'; Value = $silenceEdge } } { $null -ne $_.SilenceRatio -and $_.SilenceRatio -gt $silenceEdge }
            New-QueryCase "StartTime LessOrEqual is inclusive" @{ Criterion = @{ Field = 'StartTime'; Operator = 'LessOrEqual'; Value = $rangeFrom } } { $_.Start -le $rangeFrom }
            New-QueryCase "Label HasNone" @{ Criterion = @{ Field = 'Label'; Operator = 'HasNone'; Value = 'VIP', 'Escalated' } } { -not (Test-OracleLike $_.Labels 'VIP', 'Escalated') }
            New-QueryCase "an object with Field, Operator and Value" @{ Criterion = [pscustomobject]@{ Field = 'ForwardReason'; Operator = 'In'; Value = 'Transferred', 'TeamCall' } } { Test-OracleIn $_.ForwardReason 'Transferred', 'TeamCall' }
            New-QueryCase "names in any case" @{ Criterion = @{ field = 'conversationtype'; operator = 'notin'; value = 'voice' } } { -not (Test-OracleIn $_.ConversationType 'Voice') }
            New-QueryCase "several criteria" @{ Criterion = @{ Field = 'Group'; Operator = 'HasAny'; Value = 'Sales' }, @{ Field = 'To'; Operator = 'NotLike'; Value = '+*' } } { (Test-OracleLike $_.Group 'Sales') -and -not (Test-OracleLike $_.To '+*') }
        )
        $cases.Combined = @(
            New-QueryCase "AND across parameters, OR within" @{ Direction = 'Inbound', 'Outbound'; Group = 'Sales', 'Support'; Protected = $false } {
                (Test-OracleIn $_.Direction 'Inbound', 'Outbound') -and (Test-OracleLike $_.Group 'Sales', 'Support') -and -not $_.Protected }
            New-QueryCase "type, duration, encryption, label" @{ ConversationType = 'Voice', 'TraderVoice'; MinDuration = '10s'; Encrypted = $true; ExcludeLabel = 'VIP' } {
                (Test-OracleIn $_.ConversationType 'Voice', 'TraderVoice') -and $_.DurationMs -ge 10000 -and $_.Encrypted -and -not (Test-OracleLike $_.Labels 'VIP') }
            New-QueryCase "numbers and a relative time" @{ From = '+36*', '+44*'; RecentThan = '14d'; AsOf = $asOf } { (Test-OracleLike $_.From '+36*', '+44*') -and $_.Start -ge $asOf.AddDays(-14) }
            New-QueryCase "a parameter and a criterion on the same field" @{ Direction = 'Inbound', 'Internal'; Criterion = @{ Field = 'Direction'; Operator = 'NotEquals'; Value = 'Internal' } } { Test-OracleIn $_.Direction 'Inbound' }
            New-QueryCase "-Query narrowed by parameters" @{ Query = (New-ConversationQuery -Direction Inbound -Group Support); Dataset = 'Online'; CdrOnly = $false } {
                (Test-OracleIn $_.Direction 'Inbound') -and (Test-OracleLike $_.Group 'Support') -and (Test-OracleIn $_.Dataset 'Online') -and -not $_.CdrOnly }
        )
    }

    It 'reads the same 300 conversations from the sidecars as the catalog holds' {
        $oracle.Count | Should -Be 300
        Get-SortedId (Get-Conversation -Catalog $catalog) | Should -Be (Get-SortedId $oracle)
    }

    It 'matches text fields: exact and wildcard, any-of, ASCII-only case folding, either party' {
        Get-QueryMismatch $cases.Text $oracle @{ Catalog = $catalog } | Should -BeNullOrEmpty
    }

    It 'matches enum fields any-of, whatever the case of the name' {
        Get-QueryMismatch $cases.Enums $oracle @{ Catalog = $catalog } | Should -BeNullOrEmpty
    }

    It 'matches start times: from inclusive, to exclusive, and relative to the supplied clock' {
        Get-QueryMismatch $cases.Time $oracle @{ Catalog = $catalog } | Should -BeNullOrEmpty
    }

    It 'matches numbers: digit counts, durations, ratios and silences with inclusive bounds' {
        Get-QueryMismatch $cases.Numbers $oracle @{ Catalog = $catalog } | Should -BeNullOrEmpty
    }

    It 'matches booleans for $true and for $false' {
        Get-QueryMismatch $cases.Booleans $oracle @{ Catalog = $catalog } | Should -BeNullOrEmpty
    }

    It 'matches labels and cases: has any, has all, has none' {
        # Has all must be narrower than has any here, or the two cases could not tell them apart.
        @($oracle | Where-Object { (Test-OracleLike $_.Labels 'Complaint') -and (Test-OracleLike $_.Labels 'VIP') }).Count |
            Should -BeLessThan @($oracle | Where-Object { Test-OracleLike $_.Labels 'Complaint', 'VIP' }).Count
        Get-QueryMismatch $cases.LabelsAndCases $oracle @{ Catalog = $catalog } | Should -BeNullOrEmpty
    }

    It 'matches group membership: a conversation whose user is in any of the groups' {
        Get-QueryMismatch $cases.Groups $oracle @{ Catalog = $catalog } | Should -BeNullOrEmpty
    }

    It 'matches -Criterion hashtables and objects, negations keeping conversations without the value' {
        Get-QueryMismatch $cases.Criterion $oracle @{ Catalog = $catalog } | Should -BeNullOrEmpty
    }

    It 'combines criteria with AND across them and OR within one' {
        Get-QueryMismatch $cases.Combined $oracle @{ Catalog = $catalog } | Should -BeNullOrEmpty
    }

    It 'selects the same conversations reading the sidecars with -Path as from the catalog' {
        $mismatches = foreach ($family in $cases.Keys) {
            Get-QueryMismatch $cases[$family] $oracle @{ Path = $recordings } | ForEach-Object { "${family}: $_" }
        }
        $mismatches | Should -BeNullOrEmpty
        Get-SortedId (Get-Conversation -Path $recordings -Label VIP) | Should -Be (Get-SortedId (Get-Conversation -Catalog $catalog -Label VIP))
    }

    It 'treats SQL in a value as text: it selects nothing and changes nothing' {
        $hostile = "' OR '1'='1", "x'; DROP TABLE conversation; --", "jsmith' --", '1 OR 1=1', "%' OR 1=1 --",
            '"; DELETE FROM conversation; --', "') OR ('a'='a", "*' OR ''='"
        foreach ($parameters in @(
                @{ FromInfo = $hostile }, @{ User = $hostile }, @{ From = $hostile }, @{ BothToOrFromInfo = $hostile },
                @{ Label = $hostile }, @{ Group = $hostile }, @{ AllCases = $hostile }, @{ RecordingServer = $hostile },
                @{ Criterion = @{ Field = 'User'; Operator = 'In'; Value = $hostile } },
                @{ Criterion = @{ Field = 'SourcePlatform'; Operator = 'NotIn'; Value = 'Teams' }, @{ Field = 'DialedNumber'; Operator = 'Equals'; Value = $hostile } })) {
            @(Get-Conversation @parameters -Catalog $catalog) | Should -HaveCount 0 -Because ($parameters | ConvertTo-Json -Compress -Depth 5)
        }
        # The negation of a hostile value is every conversation: the value was compared, not run.
        @(Get-Conversation -Criterion @{ Field = 'User'; Operator = 'NotIn'; Value = $hostile } -Catalog $catalog) | Should -HaveCount 300
        Get-Conversation -Count -Catalog $catalog | Should -Be 300
        (Connect-ConversationCatalog -Path $catalog.Path).Conversations | Should -Be 300
        # Quotes that belong to a value still find it.
        $quoted = @($oracle | Where-Object { Test-OracleLike @($_.FromInfo, $_.ToInfo) "Seán O'Connor", 'Smith, John "JJ"' })
        $quoted.Count | Should -BeGreaterThan 0
        Get-SortedId (Get-Conversation -BothToOrFromInfo "Seán O'Connor", 'Smith, John "JJ"' -Catalog $catalog) | Should -Be (Get-SortedId $quoted)
    }

    It 'reads -RecentThan 7d and -OlderThan 21d typed as barewords as days' {
        # PowerShell reads a bare 7d as the decimal 7; the parameter must still see '7d'.
        Get-SortedId (Get-Conversation -RecentThan 7d -AsOf $asOf -Catalog $catalog) | Should -Be (Get-SortedId ($oracle | Where-Object { $_.Start -ge $asOf.AddDays(-7) }))
        Get-SortedId (Get-Conversation -OlderThan 21d -AsOf $asOf -Catalog $catalog) | Should -Be (Get-SortedId ($oracle | Where-Object { $_.Start -lt $asOf.AddDays(-21) }))
    }

    It 'writes the friendly text of a query as the seed shows it' {
        (New-ConversationQuery -Direction Inbound -RecentThan 7d -Label VIP).Text |
            Should -BeExactly 'Direction is Inbound AND Start Time within last 7 days AND Label has any of (VIP)'
    }

    Context 'a query saved as JSON (ConvertTo-Json) and read back' {
        BeforeAll {
            # Values with quotes and a list starting with one exercise the encoding of Value.
            $query = New-ConversationQuery -Direction Inbound, Outbound -BothToOrFromInfo "*O'Connor*", "'quoted'*", '*smith*' -RecentThan '21d' -ExcludeLabel Training `
                -Criterion @{ Field = 'Duration'; Operator = 'Between'; Value = '5s', '20m' }, @{ Field = 'From'; Operator = 'NotLike'; Value = '+1*' }
            $json = $query | ConvertTo-Json
            $expected = Get-SortedId ($oracle | Where-Object {
                    (Test-OracleIn $_.Direction 'Inbound', 'Outbound') -and (Test-OracleLike @($_.FromInfo, $_.ToInfo) "*O'Connor*", "'quoted'*", '*smith*') -and
                    $_.Start -ge $asOf.AddDays(-21) -and -not (Test-OracleLike $_.Labels 'Training') -and
                    $_.DurationMs -ge 5000 -and $_.DurationMs -le 1200000 -and -not (Test-OracleLike $_.From '+1*') })
        }

        It 'selects what the oracle expects before the round trip' {
            $expected.Count | Should -BeGreaterThan 0
            Get-SortedId (Get-Conversation -Query $query -AsOf $asOf -Catalog $catalog) | Should -Be $expected
        }

        It 'comes back from its JSON text with the same text and the same conversations' {
            $back = New-ConversationQuery -InputObject $json
            $back.Text | Should -BeExactly $query.Text
            Get-SortedId (Get-Conversation -Query $back -AsOf $asOf -Catalog $catalog) | Should -Be $expected
        }

        It 'comes back from the object ConvertFrom-Json makes with the same text and the same conversations' {
            $back = New-ConversationQuery -InputObject ($json | ConvertFrom-Json)
            $back.Text | Should -BeExactly $query.Text
            Get-SortedId (Get-Conversation -Query $back -AsOf $asOf -Catalog $catalog) | Should -Be $expected
        }
    }

    It 'pages with -Skip and -First through the same order as the full list' {
        $all = @(Get-Conversation -Direction Inbound -Catalog $catalog)
        $all.Count | Should -Be @($oracle | Where-Object { Test-OracleIn $_.Direction 'Inbound' }).Count
        $all.Id | Should -Be ($all.Id | Sort-Object)
        $page = @(Get-Conversation -Direction Inbound -Skip 5 -First 10 -Catalog $catalog)
        $page.ConversationId | Should -Be $all[5..14].ConversationId
        @(Get-Conversation -Direction Inbound -Skip $all.Count -Catalog $catalog) | Should -HaveCount 0

        $files = @(Get-Conversation -Path $recordings -Direction Inbound)
        $filePage = @(Get-Conversation -Path $recordings -Direction Inbound -Skip 3 -First 4)
        $filePage.ConversationId | Should -Be $files[3..6].ConversationId
    }

    It 'lists nothing for -First 0' {
        @(Get-Conversation -First 0 -Catalog $catalog) | Should -HaveCount 0
        @(Get-Conversation -First 0 -Path $recordings) | Should -HaveCount 0
    }

    It 'counts exactly the conversations it would list' {
        foreach ($parameters in @{}, @{ Direction = 'Inbound' }, @{ Label = 'VIP'; Protected = $true }, @{ FromInfo = '*'; Encrypted = $false }) {
            $listed = @(Get-Conversation @parameters -Catalog $catalog).Count
            $count = Get-Conversation @parameters -Count -Catalog $catalog
            $count | Should -BeOfType [long]
            $count | Should -Be $listed -Because ($parameters | ConvertTo-Json -Compress -Depth 5)
            Get-Conversation @parameters -Count -Path $recordings | Should -Be $listed -Because ($parameters | ConvertTo-Json -Compress -Depth 5)
        }
        Get-Conversation -Direction Inbound -Count -Catalog $catalog | Should -Be @($oracle | Where-Object { Test-OracleIn $_.Direction 'Inbound' }).Count
    }

    It 'orders by start time with -SortBy StartTime, newest first with -Descending' {
        $earliestFirst = @($byStart.ConversationId)
        @(Get-Conversation -SortBy StartTime -Catalog $catalog).ConversationId | Should -Be $earliestFirst
        [array]::Reverse($earliestFirst)
        @(Get-Conversation -SortBy StartTime -Descending -Catalog $catalog).ConversationId | Should -Be $earliestFirst

        $voice = @($byStart | Where-Object { Test-OracleIn $_.ConversationType 'Voice' })
        @(Get-Conversation -ConversationType Voice -SortBy StartTime -First 5 -Catalog $catalog).ConversationId | Should -Be $voice[0..4].ConversationId
        @(Get-Conversation -ConversationType Voice -SortBy StartTime -Descending -Skip 2 -First 3 -Catalog $catalog).ConversationId |
            Should -Be $voice[-3..-5].ConversationId
        $byId = @(Get-Conversation -Catalog $catalog).Id
        [array]::Reverse($byId)
        @(Get-Conversation -SortBy Id -Descending -Catalog $catalog).Id | Should -Be $byId
    }

    It 'rejects <Problem> with a terminating <ErrorId> error naming the field and what it accepts' -ForEach @(
        @{ Problem = 'an unknown -Criterion field'; ErrorId = 'QueryUnknownField'
            Parameters = @{ Criterion = @{ Field = 'Colour'; Operator = 'Equals'; Value = 'blue' } }
            Message = "*'Colour'*Accepted fields:*FromInfo*Label*" }
        @{ Problem = 'an operator the field does not have'; ErrorId = 'QueryOperatorNotValid'
            Parameters = @{ Criterion = @{ Field = 'Label'; Operator = 'LessThan'; Value = 'VIP' } }
            Message = "*'LessThan'*Label*HasAny, HasAll, HasNone*" }
        @{ Problem = 'an operator that does not exist'; ErrorId = 'QueryOperatorNotValid'
            Parameters = @{ Criterion = @{ Field = 'From'; Operator = 'Contains'; Value = '1' } }
            Message = "*'Contains'*From*Equals, NotEquals, Like, NotLike, In, NotIn*" }
        @{ Problem = 'a direction that does not exist'; ErrorId = 'QueryValueNotValid'
            Parameters = @{ Direction = 'Sideways' }
            Message = "*Direction*'Sideways'*Unknown, Internal, Inbound, Outbound*" }
        @{ Problem = 'a relative time that is not a duration'; ErrorId = 'QueryValueNotValid'
            Parameters = @{ RecentThan = 'soon' }
            Message = "*StartTime*'soon'*'7d', '12h'*" }
        @{ Problem = 'a digit count that is not a number'; ErrorId = 'QueryValueNotValid'
            Parameters = @{ FromDigits = 'x' }
            Message = "*FromDigits*'x'*'7..10'*" }
        @{ Problem = 'a boolean criterion that is not true or false'; ErrorId = 'QueryValueNotValid'
            Parameters = @{ Criterion = @{ Field = 'Protected'; Operator = 'Equals'; Value = 'perhaps' } }
            Message = "*Protected*'perhaps'*true and false*" }
        @{ Problem = 'a criterion without an operator'; ErrorId = 'QueryInputNotValid'
            Parameters = @{ Criterion = @{ Field = 'From'; Value = '+36*' } }
            Message = '*From*no Operator*' }
    ) {
        { New-ConversationQuery @Parameters -ErrorAction SilentlyContinue } | Should -Throw -ErrorId "$ErrorId,*" -ExpectedMessage $Message
        { Get-Conversation @Parameters -Catalog $catalog -ErrorAction SilentlyContinue } | Should -Throw -ErrorId "$ErrorId,*" -ExpectedMessage $Message
        { Get-Conversation @Parameters -Path $recordings -ErrorAction SilentlyContinue } | Should -Throw -ErrorId "$ErrorId,*" -ExpectedMessage $Message
    }
}

Describe 'Wildcards in text criteria' {
    BeforeAll {
        # Names that mean something to SQL LIKE or to PowerShell -like, each beside a near miss.
        $names = '50% off', '50%', '50 percent off', 'a_b', 'axb', 'a_bc', 'star*name', 'starname',
            'why?', 'whyx', 'back\slash', 'backslash', 'x[1]', 'x1'
        $folder = Join-Path $TestDrive 'literal'
        $i = 0
        foreach ($name in $names) {
            $base = 'call{0:d2}' -f ++$i
            New-TestRecording -Folder $folder -Name $base -FromInfo $name | Out-Null
        }
        $catalog = Initialize-ConversationCatalog -Path (Join-Path $TestDrive 'literal.db')
        Import-Conversation -Path $folder -Catalog $catalog | Out-Null
        $oracle = @(Read-OracleConversation -Path $folder)

        function Get-SortedName([object[]] $Conversation) { (@($Conversation | ForEach-Object FromInfo) | Sort-Object) -join ' | ' }
    }

    It "-FromInfo '<Pattern>' selects <Selects>" -ForEach @(
        @{ Pattern = '50%*'; Expected = '50% off', '50%'; Selects = "'50% off' and '50%' only" }
        @{ Pattern = 'a_b'; Expected = @('a_b'); Selects = "'a_b' only" }
        @{ Pattern = 'a_b*'; Expected = 'a_b', 'a_bc'; Selects = "'a_b' and 'a_bc' only" }
        @{ Pattern = '*`**'; Expected = @('star*name'); Selects = "'star*name' only" }
        @{ Pattern = 'star*name'; Expected = 'star*name', 'starname'; Selects = "'star*name' and 'starname' only" }
        @{ Pattern = 'why`?'; Expected = @('why?'); Selects = "'why?' only" }
        @{ Pattern = 'why?'; Expected = 'why?', 'whyx'; Selects = "'why?' and 'whyx' only" }
        @{ Pattern = 'back\slash'; Expected = @('back\slash'); Selects = "'back\slash' only" }
        @{ Pattern = '*\*'; Expected = @('back\slash'); Selects = "'back\slash' only" }
        @{ Pattern = 'x[1]'; Expected = @('x[1]'); Selects = "'x[1]' only" }
        @{ Pattern = '%'; Expected = @(); Selects = "nothing" }
        @{ Pattern = '___'; Expected = @(); Selects = "nothing" }
    ) {
        $want = (@($Expected) | Sort-Object) -join ' | '
        # The oracle agrees with the hand-written answer, so the two sources are held to both.
        Get-SortedName ($oracle | Where-Object { Test-OracleLike $_.FromInfo $Pattern }) | Should -BeExactly $want
        Get-SortedName (Get-Conversation -FromInfo $Pattern -Catalog $catalog) | Should -BeExactly $want
        Get-SortedName (Get-Conversation -FromInfo $Pattern -Path $folder) | Should -BeExactly $want
    }
}

Describe 'A query read back with New-ConversationQuery -InputObject' {
    # A damaged query file must not widen a task to every conversation: only an empty array means all.
    It 'refuses <Case> whose Criteria is null with QueryInputNotValid, saying what Criteria accepts' -ForEach @(
        @{ Case = 'JSON text'; Given = { '{"Criteria":null}' } }
        @{ Case = 'JSON text with a Text'; Given = { '{"Text":"Direction is Inbound","Criteria":null}' } }
        @{ Case = 'the object ConvertFrom-Json makes'; Given = { '{"Text":"Direction is Inbound","Criteria":null}' | ConvertFrom-Json } }
        @{ Case = 'a hashtable'; Given = { @{ Criteria = $null } } }
        @{ Case = 'the hashtable ConvertFrom-Json -AsHashtable makes'; Given = { '{"criteria":null}' | ConvertFrom-Json -AsHashtable } }
        @{ Case = 'a custom object'; Given = { [pscustomobject]@{ Text = 'All conversations'; Criteria = $null } } }
    ) {
        $value = & $Given
        $message = '*Criteria is null*an array of criteria*`[`] for all conversations*'
        { New-ConversationQuery -InputObject $value } | Should -Throw -ErrorId 'QueryInputNotValid,*' -ExpectedMessage $message
        { $value | New-ConversationQuery } | Should -Throw -ErrorId 'QueryInputNotValid,*' -ExpectedMessage $message
    }

    It 'reads <Case> as the all-conversations query' -ForEach @(
        @{ Case = 'JSON text with an empty Criteria array'; Given = { '{"Criteria":[]}' } }
        @{ Case = 'what ConvertTo-Json writes of New-ConversationQuery'; Given = { New-ConversationQuery | ConvertTo-Json } }
        @{ Case = 'the object ConvertFrom-Json makes of it'; Given = { New-ConversationQuery | ConvertTo-Json | ConvertFrom-Json } }
        @{ Case = 'a hashtable with an empty Criteria array'; Given = { @{ Criteria = @() } } }
        @{ Case = 'the hashtable ConvertFrom-Json -AsHashtable makes of it'; Given = { New-ConversationQuery | ConvertTo-Json | ConvertFrom-Json -AsHashtable } }
    ) {
        $value = & $Given
        foreach ($query in (New-ConversationQuery -InputObject $value), ($value | New-ConversationQuery)) {
            $query.Text | Should -BeExactly 'All conversations'
            $query.Criteria | Should -HaveCount 0
        }
    }

    It 'reads a hashtable with criteria given as a parameter, as it does from the pipeline' {
        $given = @{ Criteria = @(@{ Field = 'User'; Operator = 'Equals'; Value = 'jsmith' }) }
        (New-ConversationQuery -InputObject $given).Text | Should -BeExactly 'User is jsmith'
        ($given | New-ConversationQuery).Text | Should -BeExactly 'User is jsmith'
    }
}
