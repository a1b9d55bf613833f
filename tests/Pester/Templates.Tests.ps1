# Export templates (SPEC §7, seed §5): named task settings without name, enabled state and secrets;
# loading one fills a task's values, explicit parameters win; templates round-trip through JSON.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')
    $script:catalog = New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'catalog')

    $folder = Join-Path $TestDrive 'rec'
    $script:ids = Write-TestRecordings -Folder $folder -Count 4
    Import-Conversation -Path $folder | Out-Null
    foreach ($name in 'Vault', 'Other') {
        New-Item -ItemType Directory -Path (Join-Path $TestDrive $name) | Out-Null
        New-StorageTarget -Name $name -Path (Join-Path $TestDrive $name) | Out-Null
    }
    $script:password = 'Tpl-S3cret-Pa55'
    $script:secure = ConvertTo-SecureString $password -AsPlainText -Force

    # The catalog's rows as an independent client reads them: sqlite3 for the file, psql for PostgreSQL.
    function Invoke-CatalogSql([string] $Sql) {
        if ($catalog.Provider -eq 'PostgreSql') {
            $parts = @{}
            foreach ($pair in $catalog.ConnectionString -split ';' | Where-Object { $_ -match '=' }) {
                $key, $value = $pair -split '=', 2
                $parts[$key.Trim().ToLowerInvariant()] = $value.Trim()
            }
            $env:PGPASSWORD = $env:CONVERSATIONEXPORT_CATALOG_PASSWORD
            try { & psql -h $parts['host'] -p $parts['port'] -U $env:CONVERSATIONEXPORT_CATALOG_USER -d $parts['database'] -v ON_ERROR_STOP=1 -A -t -q -c $Sql }
            finally { Remove-Item Env:PGPASSWORD -ErrorAction Ignore }
        }
        else { & sqlite3 $catalog.Path $Sql }
        if ($LASTEXITCODE -ne 0) { throw "The catalog query failed: $Sql" }
    }

    # Every catalog row as text, to search for a secret.
    function Get-CatalogText {
        if ($catalog.Provider -eq 'PostgreSql') {
            (Invoke-CatalogSql "SELECT settings FROM export_template UNION ALL SELECT settings FROM export_task UNION ALL SELECT COALESCE(detail, '') FROM audit_log") -join "`n"
        }
        else { (& sqlite3 $catalog.Path '.dump') -join "`n" }
    }

    function Get-AuditCount([string] $Action, [string] $Target) {
        [int](Invoke-CatalogSql "SELECT COUNT(*) FROM audit_log WHERE action = '$Action' AND target = '$Target'")
    }

    # The settings of a template as JSON, without what names or dates it.
    function Get-SettingsJson($Template) {
        $Template | Select-Object -Property * -ExcludeProperty Id, Name, CreatedUtc, CreatedBy, ModifiedUtc, ModifiedBy | ConvertTo-Json -Depth 5
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'New-ExportTemplate' {
    It 'saves every setting it is given, and Get-ExportTemplate returns them' {
        $query = New-ConversationQuery -User alice, bob -Direction Inbound
        New-ExportTemplate -Name 'Evidence' -Description 'For legal' -StorageTarget Vault -ArchiveMethod Aes256 -TimeZone 'Europe/Budapest' `
            -RenamePattern '{StartTime}_{ConversationId}' -NoSubfolders -Query $query -Scope Media -FileExtension wav, mp4 -MaxArchiveSize 2MB `
            -MetadataFormat Json -MetadataColumns ConversationId, StartTime -CdrFormat Csv, Pdf -CdrColumns ConversationId -Incremental -MaxResumeAttempts 5 `
            -NotifyEmail 'ops@contoso.test' -NotifyOn Always -EmailSubject 'subj' -IgnoreCdrOnly -NoManifest -ExcelBom -WarningAction SilentlyContinue | Out-Null

        $t = Get-ExportTemplate -Name evidence
        $t | Should -BeOfType ([ConversationExport.ExportTemplate])
        $t.Name | Should -BeExactly 'Evidence'
        $t.Description | Should -Be 'For legal'
        $t.StorageTarget | Should -Be 'Vault'
        $t.ArchiveMethod | Should -Be 'Aes256'
        $t.TimeZone | Should -Be 'Europe/Budapest'
        $t.RenamePattern | Should -Be '{StartTime}_{ConversationId}'
        $t.NoSubfolders | Should -BeTrue
        $t.Query.Text | Should -Be $query.Text
        $t.Scope | Should -Be 'Media'
        $t.FileExtension | Should -Be @('wav', 'mp4')
        $t.MaxArchiveSize | Should -Be 2MB
        $t.MetadataFormat | Should -Be @('Json')
        $t.MetadataColumns | Should -Be @('ConversationId', 'StartTime')
        $t.CdrFormat | Should -Be @('Csv', 'Pdf')
        $t.Incremental | Should -BeTrue
        $t.MaxResumeAttempts | Should -Be 5
        $t.NotifyEmail | Should -Be @('ops@contoso.test')
        $t.NotifyOn | Should -Be 'Always'
        $t.IgnoreCdrOnly | Should -BeTrue
        $t.NoManifest | Should -BeTrue
        $t.ExcelBom | Should -BeTrue
        $t.PSObject.Properties.Name | Should -Not -Contain 'Enabled'
        $t.PSObject.Properties.Name | Where-Object { $_ -match 'Password' } | Should -BeNullOrEmpty
    }

    It 'starts from the defaults of a new task, and may leave the storage target to the task' {
        $t = New-ExportTemplate -Name 'Plain'
        $task = New-ExportTask -Name 'plain-defaults' -StorageTarget Vault
        foreach ($p in 'TargetType', 'ArchiveMethod', 'TimeZone', 'Scope', 'SourceDataset', 'NotifyOn', 'MaxResumeAttempts', 'Incremental', 'NoSubfolders') {
            $t.$p | Should -Be $task.$p -Because "$p is a new task's default"
        }
        $t.StorageTarget | Should -BeNullOrEmpty
        $t.MetadataFormat | Should -Be @('Xml', 'Csv')
        $t.CdrFormat | Should -Be @('Csv')
    }

    It 'copies a task with -FromTask, without its name, enabled state and password' {
        New-ExportTask -Name 'source-task' -StorageTarget Other -ArchiveMethod Aes256 -ZipPassword $secure -RenamePattern '{Counter}' -CdrFormat Pdf -Enabled:$false | Out-Null
        $t = New-ExportTemplate -Name 'FromSource' -FromTask 'SOURCE-task'
        $t.StorageTarget | Should -Be 'Other'
        $t.ArchiveMethod | Should -Be 'Aes256'
        $t.RenamePattern | Should -Be '{Counter}'
        $t.CdrFormat | Should -Be @('Pdf')
        Invoke-CatalogSql "SELECT settings FROM export_template WHERE name = 'FromSource'" | Should -Not -Match 'ProtectedPassword'
        Invoke-CatalogSql "SELECT settings FROM export_task WHERE name = 'source-task'" | Should -Match 'ProtectedPassword' -Because 'the task itself keeps its (encrypted) password'
    }

    It 'refuses an unknown -FromTask with ExportTaskNotFound' {
        { New-ExportTemplate -Name 'NoSuch' -FromTask 'no-such-task' } | Should -Throw -ErrorId 'ExportTaskNotFound,*'
        Get-ExportTemplate -Name 'NoSuch' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'refuses -<Parameter>: a template holds no secrets' -ForEach @(
        @{ Parameter = 'ZipPassword'; Splat = @{ ArchiveMethod = 'Aes256'; ZipPassword = (ConvertTo-SecureString 'x-pass' -AsPlainText -Force) } }
        @{ Parameter = 'SecretScope'; Splat = @{ SecretScope = 'Machine' } }
    ) {
        $thrown = { New-ExportTemplate -Name 'WithSecret' @Splat } | Should -Throw -ErrorId 'ExportTemplateSecretRefused,*' -PassThru
        $thrown.Exception.Message | Should -BeLike "*-$Parameter is refused*holds no secrets*New-ExportTask -Template*"
        $thrown.CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-ExportTemplate -Name 'WithSecret' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        { Set-ExportTemplate -Name 'Plain' @Splat } | Should -Throw -ErrorId 'ExportTemplateSecretRefused,*'
    }

    It 'refuses a name another template has, whatever its case' {
        $thrown = { New-ExportTemplate -Name 'PLAIN' -TimeZone 'Europe/Paris' } | Should -Throw -ErrorId 'ExportTemplateExists,*' -PassThru
        $thrown.Exception.Message | Should -BeLike "*'Plain' already exists*Set-ExportTemplate*"
        (Get-ExportTemplate -Name Plain).TimeZone | Should -Be 'UTC'
        @(Invoke-CatalogSql "SELECT name FROM export_template WHERE name = 'PLAIN' OR name = 'Plain'").Count | Should -Be 1
    }

    It 'refuses <Case> with <ErrorId>, saving nothing' -ForEach @(
        @{ Case = 'an unknown time zone'; Splat = @{ TimeZone = 'Mars/Olympus' }; ErrorId = 'TimeZoneNotFound' }
        @{ Case = 'a bad rename pattern'; Splat = @{ RenamePattern = '{NoSuchToken}' }; ErrorId = 'RenamePatternInvalid' }
        @{ Case = 'a tiny part size'; Splat = @{ MaxArchiveSize = 10 }; ErrorId = 'ExportSettingInvalid' }
        @{ Case = 'a missing storage target'; Splat = @{ StorageTarget = 'Nowhere' }; ErrorId = 'StorageTargetNotFound' }
        @{ Case = 'an unknown column'; Splat = @{ CdrColumns = 'Bogus' }; ErrorId = 'ColumnUnknown' }
        @{ Case = 'a bad e-mail address'; Splat = @{ NotifyEmail = 'not-an-address' }; ErrorId = 'ExportSettingInvalid' }
        @{ Case = 'an empty name'; Splat = @{ Name = ' ' }; ErrorId = 'ExportSettingInvalid' }
    ) {
        $arguments = @{ Name = 'Invalid' }
        foreach ($key in $Splat.Keys) { $arguments[$key] = $Splat[$key] }
        { New-ExportTemplate @arguments } | Should -Throw -ErrorId "$ErrorId,*"
        @(Get-ExportTemplate -Name 'Invalid' -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'audits the creation with one row naming the template' {
        New-ExportTemplate -Name 'Audited' -TimeZone 'Europe/Paris' | Out-Null
        Get-AuditCount 'NewExportTemplate' 'Audited' | Should -Be 1
        Set-ExportTemplate -Name 'Audited' -TimeZone UTC
        Get-AuditCount 'SetExportTemplate' 'Audited' | Should -Be 1
        Remove-ExportTemplate -Name 'Audited' -Confirm:$false
        Get-AuditCount 'RemoveExportTemplate' 'Audited' | Should -Be 1
    }

    It 'shows a table of name, target, archive method, time zone, scope and description' {
        $text = Get-ExportTemplate -Name Evidence | Out-String -Width 140
        $text | Should -Match 'Name\s+Target\s+Archive\s+TimeZone\s+Scope\s+Description'
        $text | Should -Match 'Evidence\s+Vault\s+Aes256\s+Europe/Budapest\s+Media\s+For legal'
    }
}

Describe 'New-ExportTask -Template' {
    BeforeAll {
        New-ExportTemplate -Name 'Loose-Source' -StorageTarget Other -TimeZone 'Pacific/Auckland' | Out-Null
    }

    It 'takes every value from the template, and explicit parameters win' {
        $task = New-ExportTask -Name 'from-evidence' -Template 'EVIDENCE' -TimeZone 'UTC' -StorageTarget Other -ZipPassword $secure -WarningAction SilentlyContinue
        $template = Get-ExportTemplate -Name Evidence
        $task.TimeZone | Should -Be 'UTC' -Because '-TimeZone was given explicitly'
        $task.StorageTarget | Should -Be 'Other' -Because '-StorageTarget was given explicitly'
        foreach ($p in 'ArchiveMethod', 'RenamePattern', 'NoSubfolders', 'Scope', 'FileExtension', 'MaxArchiveSize', 'Incremental', 'MaxResumeAttempts', 'NotifyEmail', 'NotifyOn', 'IgnoreCdrOnly') {
            $task.$p | Should -Be $template.$p -Because "$p comes from the template"
        }
        $task.Query.Text | Should -Be $template.Query.Text
        $task.HasZipPassword | Should -BeTrue
        $task.Template | Should -BeExactly 'Evidence'
        $task.Enabled | Should -BeFalse
        # The output options are not on the task object: they are in its stored settings.
        $stored = Invoke-CatalogSql "SELECT settings FROM export_task WHERE name = 'from-evidence'" | ConvertFrom-Json
        $stored.MetadataFormat | Should -Be @('Json')
        $stored.CdrFormat | Should -Be @('Csv', 'Pdf')
        $stored.NoManifest | Should -BeTrue
    }

    It 'lets a piped query win over the template''s' {
        $task = New-ConversationQuery -User carol | New-ExportTask -Name 'piped-query' -Template Plain -StorageTarget Vault
        $task.Query.Text | Should -Be (New-ConversationQuery -User carol).Text
    }

    It 'takes a template piped from Get-ExportTemplate as -Template' {
        $task = Get-ExportTemplate -Name Loose-Source | New-ExportTask -Name 'piped-template'
        $task.Template | Should -Be 'Loose-Source'
        $task.TimeZone | Should -Be 'Pacific/Auckland'
        $task.StorageTarget | Should -Be 'Other'
    }

    It 'needs -ZipPassword when the template encrypts' {
        { New-ExportTask -Name 'no-password' -Template Evidence -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'ExportSettingInvalid,*' -ExpectedMessage '*needs -ZipPassword*'
        Get-ExportTask -Name 'no-password' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'refuses an unknown template with ExportTemplateNotFound (ObjectNotFound), creating nothing' {
        $thrown = { New-ExportTask -Name 'from-nothing' -Template 'NoSuchTemplate' -StorageTarget Vault } | Should -Throw -ErrorId 'ExportTemplateNotFound,*' -PassThru
        $thrown.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $thrown.Exception.Message | Should -BeLike "*'NoSuchTemplate'*Existing templates:*Evidence*"
        Get-ExportTask -Name 'from-nothing' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'keeps its values when the template changes or goes later' {
        New-ExportTemplate -Name 'Changing' -StorageTarget Vault -TimeZone 'Europe/Paris' -RenamePattern '{Counter}' | Out-Null
        New-ExportTask -Name 'made-from-changing' -Template Changing | Out-Null
        Set-ExportTemplate -Name Changing -TimeZone 'Asia/Tokyo' -RenamePattern ''
        $task = Get-ExportTask -Name 'made-from-changing'
        $task.TimeZone | Should -Be 'Europe/Paris'
        $task.RenamePattern | Should -Be '{Counter}'
        Remove-ExportTemplate -Name Changing -Confirm:$false
        $task = Get-ExportTask -Name 'made-from-changing'
        $task.TimeZone | Should -Be 'Europe/Paris'
        $task.Template | Should -Be 'Changing'
    }
}

Describe 'Set-ExportTask -Template' {
    BeforeAll {
        New-ExportTemplate -Name 'Loose' -StorageTarget Other -ArchiveMethod None -TimeZone 'America/New_York' -Scope Metadata | Out-Null
        New-ExportTemplate -Name 'Sealed' -StorageTarget Other -ArchiveMethod Aes256 -WarningAction SilentlyContinue | Out-Null
    }

    It 'overwrites every value of the task with the template''s, and explicit parameters win' {
        New-ExportTask -Name 'reloaded' -StorageTarget Vault -ArchiveMethod Zip -RenamePattern '{ConversationId}' -NoSubfolders -FileExtension wav -TimeZone 'Europe/Paris' | Out-Null
        Set-ExportTask -Name 'reloaded' -Template Loose -Scope Media
        $task = Get-ExportTask -Name 'reloaded'
        $task.StorageTarget | Should -Be 'Other'
        $task.ArchiveMethod | Should -Be 'None'
        $task.TimeZone | Should -Be 'America/New_York'
        $task.RenamePattern | Should -BeNullOrEmpty -Because 'the template holds no pattern, and loading overwrites'
        $task.NoSubfolders | Should -BeFalse
        $task.FileExtension | Should -BeNullOrEmpty
        $task.Scope | Should -Be 'Media' -Because '-Scope was given on the same call'
        $task.Template | Should -Be 'Loose'
        Get-AuditCount 'SetExportTask' 'reloaded' | Should -Be 1
        (Invoke-CatalogSql "SELECT detail FROM audit_log WHERE action = 'SetExportTask' AND target = 'reloaded'") | Should -Match 'template=Loose'
    }

    It 'keeps the stored password while the template encrypts, and drops it when it does not' {
        New-ExportTask -Name 'sealed-task' -StorageTarget Vault -ArchiveMethod ZipCrypto -ZipPassword $secure -WarningAction SilentlyContinue | Out-Null
        Set-ExportTask -Name 'sealed-task' -Template Sealed -PassThru | Select-Object -ExpandProperty HasZipPassword | Should -BeTrue
        (Get-ExportTask -Name 'sealed-task').ArchiveMethod | Should -Be 'Aes256'
        Set-ExportTask -Name 'sealed-task' -Template Loose
        (Get-ExportTask -Name 'sealed-task').HasZipPassword | Should -BeFalse
        Invoke-CatalogSql "SELECT settings FROM export_task WHERE name = 'sealed-task'" | Should -Not -Match 'ProtectedPassword'
    }

    It 'leaves the task unchanged when the template is unknown' {
        { Set-ExportTask -Name 'reloaded' -Template 'Gone' } | Should -Throw -ErrorId 'ExportTemplateNotFound,*'
        (Get-ExportTask -Name 'reloaded').Template | Should -Be 'Loose'
    }

    It 'keeps the task''s record of its template when other settings change' {
        Set-ExportTask -Name 'reloaded' -TimeZone UTC
        (Get-ExportTask -Name 'reloaded').Template | Should -Be 'Loose'
    }
}

Describe 'JSON round trip' {
    It 'recreates the same settings through ConvertTo-Json and ConvertFrom-Json' {
        $json = Get-ExportTemplate -Name Evidence | ConvertTo-Json -Depth 5
        $copy = $json | ConvertFrom-Json | New-ExportTemplate -Name 'Evidence-Copy' -WarningAction SilentlyContinue
        $copy.Name | Should -BeExactly 'Evidence-Copy'
        Get-SettingsJson (Get-ExportTemplate -Name 'Evidence-Copy') | Should -BeExactly (Get-SettingsJson (Get-ExportTemplate -Name Evidence))
        $copy.Query.Criteria.Count | Should -Be 2
    }

    It 'writes enums by name' {
        $parsed = Get-ExportTemplate -Name Evidence | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $parsed.ArchiveMethod | Should -BeExactly 'Aes256'
        $parsed.Scope | Should -BeExactly 'Media'
        $parsed.NotifyOn | Should -BeExactly 'Always'
        $parsed.MetadataFormat | Should -BeExactly @('Json')
        $parsed.CdrFormat | Should -BeExactly @('Csv', 'Pdf')
    }

    It 'recreates a template under its own name from a JSON file, with explicit parameters winning' {
        $file = Join-Path $TestDrive 'plain.json'
        New-ExportTemplate -Name 'Travelling' -StorageTarget Vault -TimeZone 'Europe/Paris' -Description 'moves' | ConvertTo-Json -Depth 5 | Set-Content $file
        Remove-ExportTemplate -Name 'Travelling' -Confirm:$false
        $back = Get-Content $file -Raw | ConvertFrom-Json | New-ExportTemplate -Scope Metadata
        $back.Name | Should -BeExactly 'Travelling'
        $back.Description | Should -Be 'moves'
        $back.TimeZone | Should -Be 'Europe/Paris'
        $back.Scope | Should -Be 'Metadata'
    }

    It 'takes an object from Get-ExportTemplate directly' {
        $copy = Get-ExportTemplate -Name Loose | New-ExportTemplate -Name 'Loose-Copy'
        Get-SettingsJson $copy | Should -BeExactly (Get-SettingsJson (Get-ExportTemplate -Name Loose))
    }

    It 'never holds the password of the task it was made from, in the object, its JSON or the catalog' {
        New-ExportTask -Name 'secret-task' -StorageTarget Vault -ArchiveMethod Aes256 -ZipPassword $secure | Out-Null
        $template = New-ExportTemplate -Name 'FromSecret' -FromTask 'secret-task'
        $json = $template | ConvertTo-Json -Depth 5
        $json | Should -Not -Match ([regex]::Escape($password))
        $json | Should -Not -Match 'Password'
        $stored = Invoke-CatalogSql "SELECT settings FROM export_template WHERE name = 'FromSecret'"
        $stored | Should -Not -Match 'Password'
        Get-CatalogText | Should -Not -Match ([regex]::Escape($password))
        # The task made from the JSON copy needs its own password.
        { $json | ConvertFrom-Json | New-ExportTemplate -Name 'FromSecret-Copy' | Out-Null; New-ExportTask -Name 'copy-task' -Template 'FromSecret-Copy' } |
            Should -Throw -ErrorId 'ExportSettingInvalid,*' -ExpectedMessage '*needs -ZipPassword*'
    }

    It 'refuses input that carries a password' {
        $item = Get-ExportTemplate -Name Plain | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $item | Add-Member -NotePropertyName ZipPassword -NotePropertyValue 'plain-text'
        { $item | New-ExportTemplate -Name 'Carrying' } | Should -Throw -ErrorId 'ExportTemplateSecretRefused,*'
        Get-ExportTemplate -Name 'Carrying' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'refuses a value it cannot read, naming the property and the accepted values' {
        $item = Get-ExportTemplate -Name Plain | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $item.ArchiveMethod = 'Rot13'
        $thrown = { $item | New-ExportTemplate -Name 'Unreadable' } | Should -Throw -ErrorId 'ExportSettingInvalid,*' -PassThru
        $thrown.Exception.Message | Should -BeLike "*ArchiveMethod 'Rot13'*Accepted: None, Zip, ZipCrypto, Aes256*"
    }

    It 'refuses a query it cannot read' {
        $item = Get-ExportTemplate -Name Plain | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $item.Query = [pscustomobject]@{ Criteria = @([pscustomobject]@{ Field = 'NoSuchField'; Operator = 'Equals'; Value = 'x' }) }
        { $item | New-ExportTemplate -Name 'BadQuery' } | Should -Throw -ErrorId 'QueryUnknownField,*'
        Get-ExportTemplate -Name 'BadQuery' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Get-, Set- and Remove-ExportTemplate' {
    It 'reports an unknown exact name as a non-terminating ObjectNotFound error, and still lists the others' {
        $found = Get-ExportTemplate -Name 'Missing', 'Plain' -ErrorVariable problems -ErrorAction SilentlyContinue
        $found.Name | Should -Be @('Plain')
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ExportTemplateNotFound,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        @(Get-ExportTemplate -Name 'Missing*' -ErrorVariable none).Count | Should -Be 0
        $none.Count | Should -Be 0
    }

    It 'lists by wildcard, sorted by name' {
        (Get-ExportTemplate -Name 'evidence*').Name | Should -Be @('Evidence', 'Evidence-Copy')
    }

    It 'changes only the settings given, renames, and clears the description with ''''' {
        New-ExportTemplate -Name 'Editable' -StorageTarget Vault -TimeZone 'Europe/Paris' -Description 'first' | Out-Null
        $t = Set-ExportTemplate -Name 'editable' -Scope Media -NewName 'Edited' -Description '' -PassThru
        $t.Name | Should -BeExactly 'Edited'
        $t.Scope | Should -Be 'Media'
        $t.TimeZone | Should -Be 'Europe/Paris'
        $t.Description | Should -BeNullOrEmpty
        Get-ExportTemplate -Name 'Editable' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'refuses renaming onto another template, and an unknown template' {
        { Set-ExportTemplate -Name 'Edited' -NewName 'plain' } | Should -Throw -ErrorId 'ExportTemplateExists,*'
        { Set-ExportTemplate -Name 'Nope' -Scope Media } | Should -Throw -ErrorId 'ExportTemplateNotFound,*'
        { Get-ExportTemplate -Name 'Edited' | Set-ExportTemplate -TimeZone 'Nowhere/Nothing' } | Should -Throw -ErrorId 'TimeZoneNotFound,*'
        (Get-ExportTemplate -Name 'Edited').TimeZone | Should -Be 'Europe/Paris'
    }

    It 'removes nothing under -WhatIf, and reports an unknown name while removing the others' {
        Remove-ExportTemplate -Name 'Edited' -WhatIf
        Get-ExportTemplate -Name 'Edited' | Should -Not -BeNullOrEmpty
        Remove-ExportTemplate -Name 'Ghost', 'Edited' -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ExportTemplateNotFound,*'
        Get-ExportTemplate -Name 'Edited' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'removes templates piped from Get-ExportTemplate' {
        Get-ExportTemplate -Name '*-Copy' | Remove-ExportTemplate -Confirm:$false
        @(Get-ExportTemplate -Name '*-Copy').Count | Should -Be 0
    }

    It 'asks for confirmation before removing (ConfirmImpact High, as Remove-ExportTask)' {
        (Get-Command Remove-ExportTemplate).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact |
            Should -Be ((Get-Command Remove-ExportTask).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact)
    }
}

Describe 'Completion of template names' {
    BeforeAll {
        function Get-Completion([string] $Line) {
            @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText)
        }
    }

    It 'offers template names to <Line>' -ForEach @(
        @{ Line = 'New-ExportTask -Name x -Template Ev' }
        @{ Line = 'Set-ExportTask -Name x -Template Ev' }
        @{ Line = 'Get-ExportTemplate -Name Ev' }
        @{ Line = 'Set-ExportTemplate -Name Ev' }
        @{ Line = 'Remove-ExportTemplate -Name Ev' }
    ) {
        $completions = Get-Completion $Line
        $completions | Should -Contain 'Evidence'
        $completions | Should -Not -Contain 'from-evidence' -Because 'task names are not template names'
    }

    It 'offers task names, not templates, to New-ExportTemplate -FromTask' {
        $completions = Get-Completion 'New-ExportTemplate -Name x -FromTask from-'
        $completions | Should -Contain 'from-evidence'
        $completions | Should -Not -Contain 'Evidence'
    }
}

Describe 'A task made from a template exports' {
    It 'runs with the template''s settings: AES-256, names, sidecars and CDR as the template says' {
        New-ExportTemplate -Name 'Runnable' -StorageTarget Vault -ArchiveMethod Aes256 -RenamePattern '{ConversationId}' -NoSubfolders `
            -MetadataFormat Json -CdrFormat Csv -Query (New-ConversationQuery -ConversationId $ids[0], $ids[1]) | Out-Null
        New-ExportTask -Name 'runs-from-template' -Template Runnable -ZipPassword $secure | Out-Null
        $run = Invoke-ConversationExport -Task 'runs-from-template' -WarningAction SilentlyContinue
        $run.State | Should -Be 'Completed'
        $run.Exported | Should -Be 2
        $entries = Get-7zEntryName $run.Outputs[0] -Password $password
        foreach ($id in $ids[0], $ids[1]) {
            $entries | Should -Contain "$id.wav"
            $entries | Should -Contain "$id.json"
        }
        $entries | Where-Object { $_ -like '*.xml' } | Should -BeNullOrEmpty -Because 'the template asks for JSON sidecars only'
        $entries | Should -Contain 'cdr.csv'
        (Invoke-NativeTool 7z @('t', '-pwrong-password', $run.Outputs[0])).ExitCode | Should -Not -Be 0
    }
}
