# The Conversation Detail Field criteria that New-ConversationQuery and Get-Conversation share
# (their common base class). Help sources take them with Include = @('Criteria').
@{
    Parameters = @{
        ConversationId           = @{ AcceptWildcards = $true; Description = 'The recorder''s conversation GUID. Matches any of the values; * and ? are wildcards.' }
        NativeId                 = @{ AcceptWildcards = $true; Description = 'The platform''s own call or chat id. Matches any of the values; * and ? are wildcards.' }
        From                     = @{ AcceptWildcards = $true; Description = 'The calling party''s number, such as ''+3612345678'' or ''+36*''. Matches any of the values; * and ? are wildcards.' }
        FromInfo                 = @{ AcceptWildcards = $true; Description = 'The calling party''s display name. Matches any of the values; * and ? are wildcards.' }
        FromDeviceId             = @{ AcceptWildcards = $true; Description = 'The calling party''s device id. Matches any of the values; * and ? are wildcards.' }
        FromIp                   = @{ AcceptWildcards = $true; Description = 'The calling party''s IP address, such as ''192.0.2.*''. Matches any of the values; * and ? are wildcards.' }
        To                       = @{ AcceptWildcards = $true; Description = 'The called party''s number. Matches any of the values; * and ? are wildcards.' }
        ToInfo                   = @{ AcceptWildcards = $true; Description = 'The called party''s display name. Matches any of the values; * and ? are wildcards.' }
        ToDeviceId               = @{ AcceptWildcards = $true; Description = 'The called party''s device id. Matches any of the values; * and ? are wildcards.' }
        ToIp                     = @{ AcceptWildcards = $true; Description = 'The called party''s IP address. Matches any of the values; * and ? are wildcards.' }
        BothToOrFrom             = @{ AcceptWildcards = $true; Description = 'A number that is either party, calling or called: -BothToOrFrom ''+3612345678'' finds every conversation with that number on either side. Matches any of the values; * and ? are wildcards.' }
        BothToOrFromInfo         = @{ AcceptWildcards = $true; Description = 'A display name that is either party''s. Matches any of the values; * and ? are wildcards.' }
        DialedNumber             = @{ AcceptWildcards = $true; Description = 'The digits that were dialled. Matches any of the values; * and ? are wildcards.' }
        User                     = @{ AcceptWildcards = $true; Description = 'The recorded user''s login name. Matches any of the values; * and ? are wildcards.' }
        UserLocation             = @{ AcceptWildcards = $true; Description = 'The recorded user''s location, such as ''Budapest''. Matches any of the values; * and ? are wildcards.' }
        Extension                = @{ AcceptWildcards = $true; Description = 'The recorded user''s extension. Matches any of the values; * and ? are wildcards.' }
        Group                    = @{ AcceptWildcards = $true; Description = 'A group of the recorded user. A user may be in several groups; the conversation matches when any of its user''s groups matches any of the values. * and ? are wildcards.' }
        UserId                   = @{ AcceptWildcards = $true; Description = 'The platform''s agent or trader id of the recorded user. Matches any of the values; * and ? are wildcards.' }
        RecordingServer          = @{ AcceptWildcards = $true; Description = 'The server that recorded the conversation, such as ''rec01*''. Matches any of the values; * and ? are wildcards.' }
        MediaFileName            = @{ AcceptWildcards = $true; Description = 'The media file name, such as ''*.wav''. Matches any of the values; * and ? are wildcards.' }
        StorageTarget            = @{ AcceptWildcards = $true; Description = 'Where the media is stored (the recorder''s storage name). Matches any of the values; * and ? are wildcards.' }
        EncryptedWithCertificate = @{ AcceptWildcards = $true; Description = 'The subject of the certificate the media is encrypted with, such as ''CN=Recording Encryption*''. Matches any of the values; * and ? are wildcards. To ask only whether a conversation is encrypted, use -Encrypted.' }
        SignedWithCertificate    = @{ AcceptWildcards = $true; Description = 'The subject of the certificate the media is signed with. Matches any of the values; * and ? are wildcards. To ask only whether a conversation is signed, use -Signed.' }

        Direction                = 'The direction of the conversation; any of: {Enum:ConversationExport.Direction}. Names are not case-sensitive; Tab completes them.'
        EndCause                 = 'Why the conversation ended; any of: {Enum:ConversationExport.EndCause}.'
        ConversationType         = 'The kind of conversation; any of: {Enum:ConversationExport.ConversationType}.'
        ForwardReason            = 'Why the conversation was forwarded; any of: {Enum:ConversationExport.ForwardReason}.'
        SourcePlatform           = 'The platform the conversation was recorded on; any of: {Enum:ConversationExport.SourcePlatform}.'
        Dataset                  = 'Where the record lives; any of: {Enum:ConversationExport.Dataset}.'

        StartTimeFrom            = 'Conversations that started at or after this time. A time without a zone, such as 2026-11-28 or ''2026-11-28 09:00'', is UTC; a local time such as (Get-Date).Date is converted to UTC.'
        StartTimeTo              = 'Conversations that started before this time (exclusive, so -StartTimeFrom 2026-11-01 -StartTimeTo 2026-12-01 is exactly November). A time without a zone is UTC.'
        RecentThan               = 'Conversations that started within this long before now: ''7d'', ''12h'', ''30m'', ''45s'', an ISO 8601 duration such as ''P7D'', or a TimeSpan. For recurring exports use an -Incremental task or -Scheduled runs instead: a relative window skips recordings that arrive late.'
        OlderThan                = 'Conversations that started more than this long before now: ''90d'', ''12h'', an ISO 8601 duration or a TimeSpan.'

        FromDigits               = 'The number of digits in the calling number: a count such as 10, or a range such as ''7..10'' (inclusive). Useful to tell internal extensions from external numbers.'
        ToDigits                 = 'The number of digits in the called number: a count such as 4, or a range such as ''7..10'' (inclusive).'
        MinDuration              = 'Conversations at least this long (inclusive): ''90s'', ''5m'', ''1h'', ''00:05:00'', ''PT1M30S'', a TimeSpan, or a number of seconds (90).'
        MaxDuration              = 'Conversations at most this long (inclusive), in the same forms as -MinDuration.'
        MinSilenceRatio          = 'Conversations whose share of silence is at least this ratio, from 0 to 1 (0.3 = 30%). Conversations without analytics do not match.'
        MaxSilenceRatio          = 'Conversations whose share of silence is at most this ratio, from 0 to 1.'
        MinTalkoverRatio         = 'Conversations whose share of both parties talking at once is at least this ratio, from 0 to 1.'
        MaxTalkoverRatio         = 'Conversations whose share of both parties talking at once is at most this ratio, from 0 to 1.'
        MinLongestSilence        = 'Conversations whose longest silence is at least this long: ''4s'', ''PT4.2S'', ''00:00:04'' or a TimeSpan.'
        MaxLongestSilence        = 'Conversations whose longest silence is at most this long, in the same forms as -MinLongestSilence.'

        Protected                = '$true selects conversations protected from deletion, $false those that are not.'
        Encrypted                = '$true selects conversations whose media is encrypted with a certificate, $false those that are not.'
        Signed                   = '$true selects conversations whose media is signed with a certificate, $false those that are not.'
        HasQmScorecard           = '$true selects conversations that have a quality-management scorecard, $false those that do not.'
        CdrOnly                  = '$true selects CDR-only records (known from call detail records, with no media), $false recorded conversations.'
        Imported                 = '$true selects conversations that came from another system, $false the others.'

        Label                    = @{ AcceptWildcards = $true; Description = 'Conversations that have any of these labels. * and ? are wildcards.' }
        AllLabels                = @{ AcceptWildcards = $true; Description = 'Conversations that have all of these labels.' }
        ExcludeLabel             = @{ AcceptWildcards = $true; Description = 'Conversations that have none of these labels.' }
        Case                     = @{ AcceptWildcards = $true; Description = 'Conversations that belong to any of these cases, such as ''2026-0017''. * and ? are wildcards.' }
        AllCases                 = @{ AcceptWildcards = $true; Description = 'Conversations that belong to all of these cases.' }
        ExcludeCase              = @{ AcceptWildcards = $true; Description = 'Conversations that belong to none of these cases.' }

        Criterion                = @'
Any other condition, negations included: hashtables or objects with Field, Operator and Value (or Values), such as @{ Field = 'From'; Operator = 'NotLike'; Value = '+1*' }.

Field is a field name as the other parameters spell it (From, Direction, Duration, StartTime, Label, Case, Encrypted ...). Operator is one of {Enum:ConversationExport.QueryOperator}; each field accepts the operators that fit its kind, and an unknown field, an operator the field does not take or a value that does not fit is refused with the error id QueryUnknownField, QueryOperatorNotValid or QueryValueNotValid, naming what is accepted.
'@
    }
}
