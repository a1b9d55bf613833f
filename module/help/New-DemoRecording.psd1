@{
    Synopsis    = 'Writes a realistic, deterministic recording folder (media, sidecars, transcripts) to try the module without a recorder.'
    Description = @'
New-DemoRecording writes a folder tree as recording servers write it: one folder per server and day (<server>/<yyyy-MM-dd>/), with real WAV audio, MP4 and document stand-ins, IM transcripts, and one XML sidecar per conversation in the format Import-Conversation reads (see docs/recording-sidecar.md).

The corpus is made to exercise an export: every conversation type and direction, several users, groups, locations and platforms, labels (some under legal hold), cases, CDR-only records without media, archived records, and awkward values such as names with commas and quotes or numbers that start with '='. Conversations start in the 30 days before 2026-11-28 (UTC), mostly in office hours.

The same -Count, -Seed and -MaxSeconds always write byte-identical files, so a demo or a test can be repeated exactly. The folder is created when it does not exist; existing files of the same names are overwritten. It is not a catalog: import the folder with Import-Conversation.

A folder that cannot be created, or a path that is an existing file, is a terminating error with the error id DemoPathInvalid.
'@
    Parameters  = @{
        Path       = 'The folder to write into; created when it does not exist. A relative path is resolved against the current PowerShell location.'
        Count      = @{ Description = 'How many conversations to write, from 1 to 10,000,000.'; DefaultValue = '200' }
        Seed       = @{ Description = 'The seed of the generator. The same seed with the same -Count and -MaxSeconds writes the same files; another seed writes a different corpus.'; DefaultValue = '1' }
        MaxSeconds = @{ Description = 'The longest audio call in seconds, from 1 to 3600 (video stand-ins run up to three times as long). Larger values make a larger corpus; the default keeps 200 conversations near 25 MB.'; DefaultValue = '20' }
        WhatIf     = 'Shows which folder would be written and how many conversations. Nothing is written.'
        Confirm    = 'Prompts you for confirmation before the folder is written.'
    }
    Outputs     = @(
        @{ Type = 'ConversationExport.DemoRecordingSummary'; Description = 'What was written: Folder, Conversations, MediaFiles (content files, sidecars not counted), Sidecars, CdrOnly (records with a sidecar and no files) and Bytes (everything written).' }
    )
    Examples    = @(
        @{
            Title   = 'A demo folder, imported into a fresh catalog'
            Code    = @'
New-DemoRecording -Path ~/ce-demo/recordings -Count 500
Initialize-ConversationCatalog -Path ~/ce-demo/catalog.db
Import-Conversation -Path ~/ce-demo/recordings
'@
            Remarks = 'Writes 500 conversations, creates a catalog beside them and imports the folder, ready for Get-Conversation.'
        }
        @{
            Title   = 'The same corpus on another machine'
            Code    = 'New-DemoRecording -Path ./corpus -Count 200 -Seed 7'
            Remarks = 'Seed 7 with 200 conversations writes exactly the same files everywhere, so results can be compared across machines and runs.'
        }
        @{
            Title   = 'A larger corpus for a load test'
            Code    = 'New-DemoRecording -Path D:\load\recordings -Count 100000 -MaxSeconds 300'
            Remarks = 'Longer calls make larger audio files. Check the Bytes of the summary for the size written.'
        }
    )
    Links       = @('Import-Conversation', 'Initialize-ConversationCatalog', 'about_ConversationExport')
}
