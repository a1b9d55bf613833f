# Permissions (SPEC §12, seed §2) with real OS accounts: each account runs its own PowerShell, so the
# identity under test is the one the module reads from the OS, not a value a test can inject.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'Users, groups and grants' {
    BeforeAll {
        New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'catalog') | Out-Null
        $script:me = (Get-ExportUser)[0].Name
    }

    It 'records the initializing user as the first administrator, holding every permission' {
        $users = @(Get-ExportUser)
        $users.Count | Should -Be 1
        $users[0].IsAdministrator | Should -BeTrue
        @($users[0].Permission).Count | Should -Be ([Enum]::GetNames([ConversationExport.ExportPermission]).Count)
    }

    It 'adds users, groups with supervisors, and grants; Get-ExportUser shows permissions held through groups' {
        New-ExportUser -Name jsmith -RecordingUser jsmith, j.smith -Permission ConversationExport | Out-Null
        Add-ExportGroupMember -Group Sales -Member jsmith -Supervisor
        Grant-ExportPermission -Group Sales -Permission DownloadConversation
        $user = Get-ExportUser -Name jsmith
        $user.SupervisorOf | Should -Be 'Sales'
        $user.RecordingUser | Should -Be @('j.smith', 'jsmith')
        $user.Permission | Should -Be @('DownloadConversation', 'ConversationExport')
        (Get-ExportGroup Sales).Supervisor | Should -Be 'jsmith'
        @(Get-ExportPermission -Group Sales).Permission | Should -Be 'DownloadConversation'
    }

    It 'refuses an administrator permission for a user who is not an administrator' {
        { Grant-ExportPermission -User jsmith -Permission ManageTargets -ErrorAction Stop } | Should -Throw -ErrorId 'PermissionNotApplicable,*'
    }

    It 'revokes, and never removes the last administrator' {
        Revoke-ExportPermission -Group Sales -Permission DownloadConversation
        (Get-ExportUser jsmith).Permission | Should -Be 'ConversationExport'
        { Remove-ExportUser -Name $me -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'LastAdministrator,*'
    }

    It 'completes user and group names' {
        foreach ($case in @{ Line = 'Grant-ExportPermission -User js'; Want = 'jsmith' }, @{ Line = 'Add-ExportGroupMember -Group Sa'; Want = 'Sales' }) {
            (TabExpansion2 -inputScript $case.Line -cursorColumn $case.Line.Length).CompletionMatches.CompletionText | Should -Be $case.Want
        }
    }

    It 'shows users as a table' {
        (Get-ExportUser | Format-Table | Out-String) | Should -BeLike '*Admin*RecordingUser*jsmith*'
    }
}

# Linux as root only (not temporary): it creates OS accounts.
BeforeDiscovery {
    # The matrix's operations, in the order the accounts run them (the tests are made from this list).
    # Every cmdlet of the module is in it at least once (checked below against the module's exports).
    $matrixOperations = 'GetConversationCatalog', 'NewConversationQuery', 'NewDemoRecording', 'GetConversation', 'SaveConversation', 'ExportConversationList',
        'InvokeAdHoc', 'NewExportTask', 'InvokeOwnTask', 'GetOthersTask',
        'NewTaskLockedTarget', 'NewTaskArchived', 'SetOthersTask', 'EnableOthersTask', 'DisableOthersTask', 'KeepTask', 'RemoveOwnTask',
        'RegisterOwnSchedule', 'SetOwnSchedule', 'GetExportSchedule', 'UnregisterOwnSchedule', 'RegisterOthersSchedule',
        'GetStorageTarget', 'NewStorageTarget', 'SetStorageTarget', 'TestStorageTarget', 'RemoveStorageTarget', 'GetExportSetting', 'SetExportSetting',
        'ImportConversation', 'GetExportUser', 'GetExportGroup', 'GetExportPermission', 'GrantPermission', 'RevokePermission', 'NewExportUser', 'RemoveExportUser',
        'AddGroupMember', 'RemoveGroupMember', 'RemoveGroup',
        'GetExportTemplate', 'NewExportTemplate', 'SetOthersTemplate', 'RemoveOwnTemplate', 'SaveOwnDownload', 'SaveOthersDownload', 'GetExportStatus',
        'StatusOfOthersRun', 'LogOfOthersRun', 'StopOthersRun', 'VerifyOthersRun', 'GetExportAuditLog', 'InitializeOwnCatalog', 'ConnectCatalog'
}

Describe 'Permission matrix with real OS accounts' -Skip:(-not $IsLinux -or (& id -u) -ne '0') {
    BeforeAll {
        $script:accounts = [ordered]@{ perm = 'ce-acc-perm'; none = 'ce-acc-none'; sup = 'ce-acc-sup'; other = 'ce-acc-other'; admin = 'ce-acc-admin' }
        foreach ($account in $accounts.Values) {
            & id -u $account *> $null; if ($LASTEXITCODE -ne 0) { & useradd --no-create-home --shell /bin/sh $account }
        }
        $root = Join-Path ([IO.Path]::GetTempPath()) "ce-access-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory -Path $root | Out-Null
        & chmod 755 $root
        $script:root = $root
        # Download-type runs are kept where every account can reach them (TestDrive is the test runner's own).
        $env:CONVERSATIONEXPORT_DOWNLOADS = Join-Path $root 'downloads'
        New-Item -ItemType Directory -Path $env:CONVERSATIONEXPORT_DOWNLOADS | Out-Null
        New-IsolatedTestCatalog -Root (Join-Path $root 'catalog') | Out-Null

        # Recordings: each account has its own; 'outsider' has one in Sales (supervised by sup) and one in Desk
        # (other is only a member there); one archived recording of perm's.
        function Write-Recording([string] $Name, [string] $User, [string] $Group, [string] $Dataset = 'Online') {
            $folder = Join-Path $root 'rec'
            New-Item -ItemType Directory -Path $folder -Force | Out-Null
            [IO.File]::WriteAllBytes((Join-Path $folder "$Name.wav"), [byte[]]::new(64))
            $id = [guid]::NewGuid().ToString()
            @"
<conversation xmlns="urn:conversation-export:recording:1">
  <id>$id</id><type>Voice</type><direction>Inbound</direction>
  <start>2026-11-28T09:15:02.123Z</start><end>2026-11-28T09:16:07.123Z</end>
  <from number="+3612345678" info="Caller"/><to number="1234" info="Agent"/>
  <user name="$User" id="A-1"><group>$Group</group></user>
  <dataset>$Dataset</dataset><cdrOnly>false</cdrOnly>
  <files><file kind="Media">$Name.wav</file></files>
</conversation>
"@ | Set-Content -LiteralPath (Join-Path $folder "$Name.xml") -Encoding utf8NoBOM
            $id
        }
        $script:own = @{}
        foreach ($key in $accounts.Keys) { $own[$key] = @(Write-Recording "own-$key" $accounts[$key] 'Floor') }
        $script:archived = Write-Recording 'perm-archived' $accounts.perm 'Floor' 'Archived'
        $script:salesId = Write-Recording 'outsider-sales' 'outsider' 'Sales'
        $script:deskId = Write-Recording 'outsider-desk' 'outsider' 'Desk'
        Import-Conversation -Path (Join-Path $root 'rec') | Out-Null
        $script:allIds = @(Get-Conversation).ConversationId

        $userPermissions = 'DownloadConversation', 'ConversationExport', 'RecurringConversationExport', 'ConversationListExport'
        New-ExportUser -Name $accounts.admin -Administrator -Permission ([Enum]::GetNames([ConversationExport.ExportPermission])) | Out-Null
        New-ExportUser -Name $accounts.perm -Permission $userPermissions | Out-Null
        New-ExportUser -Name $accounts.none | Out-Null
        New-ExportUser -Name $accounts.sup | Out-Null
        New-ExportUser -Name $accounts.other | Out-Null
        New-ExportUser -Name 'ce-acc-dummy' | Out-Null
        Add-ExportGroupMember -Group Sales -Member $accounts.sup -Supervisor
        Add-ExportGroupMember -Group Desk -Member $accounts.other
        # sup and other hold their permissions through their groups.
        Grant-ExportPermission -Group Sales -Permission $userPermissions
        Grant-ExportPermission -Group Desk -Permission $userPermissions

        New-Item -ItemType Directory -Path (Join-Path $root 'vault'), (Join-Path $root 'locked') | Out-Null
        New-StorageTarget -Name Vault -Type FileSystem -Path (Join-Path $root 'vault') | Out-Null
        New-StorageTarget -Name Locked -Type FileSystem -Path (Join-Path $root 'locked') -AllowUser $accounts.admin | Out-Null
        New-ExportTask -Name RootTask -StorageTarget Vault -ArchiveMethod None | Out-Null
        New-ExportTemplate -Name RootTemplate -ArchiveMethod None | Out-Null
        # A Download-type run of the administrator's, kept in the download area every account uses.
        New-ExportTask -Name RootDownload -TargetType Download -ArchiveMethod None | Out-Null
        $script:rootRun = (Invoke-ConversationExport -Task RootDownload).RunId

        $script:pwshCopy = Join-Path $root 'pwsh'
        Copy-Item -Recurse (Split-Path $PSHOME) $pwshCopy
        $script:pwshDll = Join-Path $pwshCopy "$(Split-Path $PSHOME -Leaf)/pwsh.dll"
        New-Item -ItemType Directory -Path (Join-Path $root 'modules') | Out-Null
        Copy-Item -Recurse (Get-TestModulePath) (Join-Path $root 'modules')
        $script:moduleCopy = Join-Path $root "modules/$(Split-Path (Get-TestModulePath) -Leaf)/ConversationExport.psd1"

        # Every operation of the matrix, as one account runs it: 'ok' or '<ErrorId>|<Category>'.
        $script:operations = [ordered]@{
            GetConversationCatalog = 'Get-ConversationCatalog | Out-Null'
            NewConversationQuery  = 'New-ConversationQuery -Direction Inbound | Out-Null'
            NewDemoRecording      = 'New-DemoRecording -Path (Join-Path $work demo) -Count 2 | Out-Null'
            GetConversation       = 'Get-Conversation | Out-Null'
            SaveConversation      = 'Get-Conversation -First 1 | Save-Conversation -Destination (Join-Path $work save) | Out-Null'
            ExportConversationList = 'Get-Conversation | Export-ConversationList -Path (Join-Path $work list.csv) | Out-Null'
            InvokeAdHoc           = 'Get-Conversation | Invoke-ConversationExport -Destination (Join-Path $work adhoc) -ArchiveMethod None -RenamePattern ''{ConversationId}'' -NoSubfolders | Out-Null'
            NewExportTask         = 'New-ExportTask -Name "T-$me" -StorageTarget Vault -ArchiveMethod None | Out-Null'
            InvokeOwnTask         = 'Invoke-ConversationExport -Task "T-$me" | Out-Null'
            GetOthersTask         = 'Get-ExportTask -Name RootTask | Out-Null'
            NewTaskLockedTarget   = 'New-ExportTask -Name "L-$me" -StorageTarget Locked -ArchiveMethod None | Out-Null'
            NewTaskArchived       = 'New-ExportTask -Name "A-$me" -StorageTarget Vault -ArchiveMethod None -SourceDataset Both | Out-Null'
            SetOthersTask         = 'Set-ExportTask -Name RootTask -NoSubfolders'
            EnableOthersTask      = 'Enable-ExportTask -Name RootTask'
            DisableOthersTask     = 'Disable-ExportTask -Name RootTask'
            KeepTask              = 'New-ExportTask -Name "K-$me" -StorageTarget Vault -ArchiveMethod None | Out-Null'
            RemoveOwnTask         = 'Remove-ExportTask -Name "T-$me" -Confirm:$false'
            # Each account's own crontab (scratch accounts; removed afterwards).
            RegisterOwnSchedule   = 'Register-ExportSchedule -Task "K-$me" -Daily -At 02:00 | Out-Null'
            SetOwnSchedule        = 'Set-ExportSchedule -Task "K-$me" -Daily -At 03:00 | Out-Null'
            GetExportSchedule     = 'Get-ExportSchedule | Out-Null'
            UnregisterOwnSchedule = 'Unregister-ExportSchedule -Task "K-$me" -Confirm:$false'
            RegisterOthersSchedule = 'Register-ExportSchedule -Task RootTask -Daily -At 02:00 | Out-Null; Unregister-ExportSchedule -Task RootTask -Confirm:$false'
            GetStorageTarget      = 'Get-StorageTarget | Out-Null'
            NewStorageTarget      = 'New-StorageTarget -Name "S-$me" -Type FileSystem -Path $work | Out-Null'
            SetStorageTarget      = 'Set-StorageTarget -Name Vault -Description "by $me"'
            TestStorageTarget     = 'Test-StorageTarget -Name Vault | Out-Null'
            RemoveStorageTarget   = 'Remove-StorageTarget -Name "S-$me" -Confirm:$false'
            GetExportSetting      = 'Get-ExportSetting | Out-Null'
            SetExportSetting      = 'Set-ExportSetting -SmtpServer smtp.example.local'
            ImportConversation    = 'Import-Conversation -Path $rec | Out-Null'
            GetExportUser         = 'Get-ExportUser | Out-Null'
            GetExportGroup        = 'Get-ExportGroup | Out-Null'
            GetExportPermission   = 'Get-ExportPermission | Out-Null'
            GrantPermission       = 'Grant-ExportPermission -User ce-acc-dummy -Permission ConversationListExport'
            RevokePermission      = 'Revoke-ExportPermission -User ce-acc-dummy -Permission ConversationListExport'
            NewExportUser         = 'New-ExportUser -Name "U-$me" | Out-Null'
            RemoveExportUser      = 'Remove-ExportUser -Name "U-$me" -Confirm:$false'
            AddGroupMember        = 'Add-ExportGroupMember -Group "G-$me" -Member ce-acc-dummy | Out-Null'
            RemoveGroupMember     = 'Remove-ExportGroupMember -Group "G-$me" -Member ce-acc-dummy'
            RemoveGroup           = 'Remove-ExportGroup -Name "G-$me" -Confirm:$false'
            GetExportTemplate     = 'Get-ExportTemplate | Out-Null'
            NewExportTemplate     = 'New-ExportTemplate -Name "P-$me" -ArchiveMethod None | Out-Null'
            SetOthersTemplate     = 'Set-ExportTemplate -Name RootTemplate -NoSubfolders'
            RemoveOwnTemplate     = 'Remove-ExportTemplate -Name "P-$me" -Confirm:$false'
            SaveOwnDownload       = 'New-ExportTask -Name "D-$me" -TargetType Download -ArchiveMethod None | Out-Null; $r = Invoke-ConversationExport -Task "D-$me"; Save-ExportArchive -RunId $r.RunId -Destination (Join-Path $work dl) | Out-Null'
            SaveOthersDownload    = 'Save-ExportArchive -RunId $rootRun -Destination (Join-Path $work dl2) | Out-Null'
            GetExportStatus       = 'Get-ExportStatus | Out-Null'
            StatusOfOthersRun     = 'Get-ExportStatus -RunId $rootRun | Out-Null'
            LogOfOthersRun        = 'Get-ExportLog -RunId $rootRun | Out-Null'
            StopOthersRun         = 'Stop-ConversationExport -RunId $rootRun -WarningAction SilentlyContinue'
            VerifyOthersRun       = 'Test-ExportArchive -RunId $rootRun | Out-Null'
            GetExportAuditLog     = 'Get-ExportAuditLog -Last 10 | Out-Null'
            # Initializing a catalog of one's own makes it the session's; Connect goes back to the shared one.
            InitializeOwnCatalog  = 'Initialize-ConversationCatalog -Path (Join-Path $work own.db) | Out-Null'
            ConnectCatalog        = 'Connect-ConversationCatalog -Path $env:CONVERSATIONEXPORT_CATALOG | Out-Null'
        }
        $script:results = @{}
        $script:listed = @{}
        $script:windows = @{}
        foreach ($key in $accounts.Keys) { $windows[$key] = @{} }
        # The administrator goes last: its removals must not change what the others find.
        foreach ($key in $accounts.Keys) {
            $account = $accounts[$key]
            $work = Join-Path $root "work-$key"
            New-Item -ItemType Directory -Path $work, (Join-Path $work save), (Join-Path $work adhoc) | Out-Null
            & chown -R $account $work
            & chmod -R a+rwX (Join-Path $root 'catalog') (Join-Path $root 'vault') (Join-Path $root 'locked') $env:CONVERSATIONEXPORT_DOWNLOADS
            & chmod -R a+rX $root
            # Each operation reports its outcome and when it ran (UTC ticks), so the audit entries it left can be
            # found; the pause keeps two operations out of the same millisecond (audit times are in milliseconds).
            $body = foreach ($name in $operations.Keys) {
                "Start-Sleep -Milliseconds 3; `$t0 = [DateTime]::UtcNow.Ticks; try { $($operations[$name]) -ErrorAction Stop; `$r = 'ok' } catch { `$r = (`$_.FullyQualifiedErrorId -split ',')[0] + '|' + `$_.CategoryInfo.Category }; " +
                "'$name=' + `$r + '@' + `$t0 + '-' + [DateTime]::UtcNow.Ticks"
            }
            $listings = "'tasks=' + ((Get-ExportTask).Name -join ','); 'users=' + ((Get-ExportUser).Name -join ','); 'groups=' + ((Get-ExportGroup).Name -join ','); " +
                "'auditors=' + (((Get-ExportAuditLog).Principal | Sort-Object -Unique) -join ',')"
            $script = "`$ErrorActionPreference = 'Stop'; `$me = '$account'; `$work = '$work'; `$rec = '$(Join-Path $root 'rec')'; `$rootRun = $rootRun; " +
                "'ids=' + ((Get-Conversation).ConversationId -join ','); " + ($body -join '; ') + '; ' + $listings
            $output = & runuser -u $account -- env "CONVERSATIONEXPORT_CATALOG=$env:CONVERSATIONEXPORT_CATALOG" "HOME=$work" "DOTNET_CLI_HOME=$work" `
                "CONVERSATIONEXPORT_MACHINE_KEYFILE=$(Join-Path $work 'machine.key')" "CONVERSATIONEXPORT_KEYFILE=$(Join-Path $work 'secret.key')" `
                "CONVERSATIONEXPORT_DOWNLOADS=$env:CONVERSATIONEXPORT_DOWNLOADS" "XDG_DATA_HOME=$(Join-Path $work 'xdg')" `
                dotnet $pwshDll -NoProfile -NonInteractive -Command "Import-Module '$moduleCopy'; $script" 2>&1
            $text = $output | Out-String
            $results[$key] = @{}
            $listed[$key] = @{}
            foreach ($line in $text -split "`r?`n") {
                if ($line -match '^(ids|tasks|users|groups|auditors)=(.*)$') { $listed[$key][$Matches[1]] = @($Matches[2].Trim() -split ',' | Where-Object { $_ }) }
                elseif ($line -match '^(\w+)=(.+)@(\d+)-(\d+)$') {
                    $results[$key][$Matches[1]] = $Matches[2].Trim()
                    # Audit times are whole milliseconds (10,000 ticks), truncated.
                    $windows[$key][$Matches[1]] = [DateTime]::new([long]$Matches[3] - [long]$Matches[3] % 10000, 'Utc'), [DateTime]::new([long]$Matches[4] - [long]$Matches[4] % 10000, 'Utc')
                }
            }
            $results[$key]['_output'] = $text
        }
        & chmod -R a+rwX (Join-Path $root 'catalog')

        $denied = 'PermissionDenied|PermissionDenied'
        $admin = 'AdministratorRequired|PermissionDenied'
        $notOwner = 'NotTaskOwner|PermissionDenied'
        $restricted = 'StorageTargetNotPermitted|PermissionDenied'
        $hidden = 'RunNotFound|ObjectNotFound' # another user's run is not theirs to see
        $user = 'ok'
        $noTask = 'ExportTaskNotFound|ObjectNotFound' # a task the account could not create, or another user's
        # Expected outcome per operation for: perm, none, sup, other, admin.
        $script:expected = [ordered]@{
            GetConversationCatalog = $user, $user, $user, $user, $user
            NewConversationQuery   = $user, $user, $user, $user, $user
            NewDemoRecording       = $user, $user, $user, $user, $user
            GetConversation        = $user, $user, $user, $user, $user
            SaveConversation       = $user, $denied, $user, $user, $user
            ExportConversationList = $user, $denied, $user, $user, $user
            InvokeAdHoc            = $user, $denied, $user, $user, $user
            NewExportTask          = $user, $denied, $user, $user, $user
            InvokeOwnTask          = $user, $noTask, $user, $user, $user
            GetOthersTask          = $noTask, $noTask, $noTask, $noTask, $user
            NewTaskLockedTarget    = $restricted, $denied, $restricted, $restricted, $user
            NewTaskArchived        = $admin, $denied, $admin, $admin, $user
            SetOthersTask          = $notOwner, $denied, $notOwner, $notOwner, $user
            EnableOthersTask       = $notOwner, $denied, $notOwner, $notOwner, $user
            DisableOthersTask      = $notOwner, $denied, $notOwner, $notOwner, $user
            KeepTask               = $user, $denied, $user, $user, $user
            RemoveOwnTask          = $user, $noTask, $user, $user, $user
            RegisterOwnSchedule    = $user, $noTask, $user, $user, $user
            SetOwnSchedule         = $user, $noTask, $user, $user, $user
            GetExportSchedule      = $user, $user, $user, $user, $user
            UnregisterOwnSchedule  = $user, $noTask, $user, $user, $user
            RegisterOthersSchedule = $notOwner, $denied, $notOwner, $notOwner, $user
            GetStorageTarget       = $user, $user, $user, $user, $user
            NewStorageTarget       = $denied, $denied, $denied, $denied, $user
            SetStorageTarget       = $denied, $denied, $denied, $denied, $user
            TestStorageTarget      = $denied, $denied, $denied, $denied, $user
            RemoveStorageTarget    = $denied, $denied, $denied, $denied, $user
            GetExportSetting       = $user, $user, $user, $user, $user
            SetExportSetting       = $denied, $denied, $denied, $denied, $user
            ImportConversation     = $admin, $admin, $admin, $admin, $user
            GetExportUser          = $user, $user, $user, $user, $user
            GetExportGroup         = $user, $user, $user, $user, $user
            GetExportPermission    = $user, $user, $user, $user, $user
            GrantPermission        = $admin, $admin, $admin, $admin, $user
            RevokePermission       = $admin, $admin, $admin, $admin, $user
            NewExportUser          = $admin, $admin, $admin, $admin, $user
            RemoveExportUser       = $admin, $admin, $admin, $admin, $user
            AddGroupMember         = $admin, $admin, $admin, $admin, $user
            RemoveGroupMember      = $admin, $admin, $admin, $admin, $user
            RemoveGroup            = $admin, $admin, $admin, $admin, $user
            GetExportTemplate      = $user, $user, $user, $user, $user
            NewExportTemplate      = $denied, $denied, $denied, $denied, $user
            SetOthersTemplate      = $denied, $denied, $denied, $denied, $user
            RemoveOwnTemplate      = $denied, $denied, $denied, $denied, $user
            SaveOwnDownload        = $user, $denied, $user, $user, $user
            SaveOthersDownload     = $notOwner, $denied, $notOwner, $notOwner, $user
            GetExportStatus        = $user, $user, $user, $user, $user
            StatusOfOthersRun      = $hidden, $hidden, $hidden, $hidden, $user
            LogOfOthersRun         = $hidden, $hidden, $hidden, $hidden, $user
            StopOthersRun          = $hidden, $hidden, $hidden, $hidden, $user
            VerifyOthersRun        = $hidden, $hidden, $hidden, $hidden, $user
            GetExportAuditLog      = $user, $user, $user, $user, $user
            InitializeOwnCatalog   = $user, $user, $user, $user, $user
            ConnectCatalog         = $user, $user, $user, $user, $user
        }
        # The audit entries an allowed operation leaves (a run: its start and its end); reads leave none. A denied
        # operation leaves exactly one Denied entry; a name that is not found (or not the account's) leaves none.
        $script:auditedWhenAllowed = @{
            SaveConversation = 'SaveConversation'; ExportConversationList = 'ExportConversationList'
            InvokeAdHoc = 'StartExportRun', 'EndExportRun'; NewExportTask = 'NewExportTask'; InvokeOwnTask = 'StartExportRun', 'EndExportRun'
            NewTaskLockedTarget = 'NewExportTask'; NewTaskArchived = 'NewExportTask'; SetOthersTask = 'SetExportTask'
            EnableOthersTask = 'EnableExportTask'; DisableOthersTask = 'DisableExportTask'; KeepTask = 'NewExportTask'; RemoveOwnTask = 'RemoveExportTask'
            RegisterOwnSchedule = 'RegisterExportSchedule'; SetOwnSchedule = 'SetExportSchedule'; UnregisterOwnSchedule = 'UnregisterExportSchedule'
            RegisterOthersSchedule = 'RegisterExportSchedule', 'UnregisterExportSchedule'
            NewStorageTarget = 'NewStorageTarget'; SetStorageTarget = 'SetStorageTarget'; TestStorageTarget = 'TestStorageTarget'; RemoveStorageTarget = 'RemoveStorageTarget'
            SetExportSetting = 'SetExportSetting'; ImportConversation = 'ImportConversation'
            GrantPermission = 'GrantExportPermission'; RevokePermission = 'RevokeExportPermission'; NewExportUser = 'NewExportUser'; RemoveExportUser = 'RemoveExportUser'
            AddGroupMember = 'AddExportGroupMember'; RemoveGroupMember = 'RemoveExportGroupMember'; RemoveGroup = 'RemoveExportGroup'
            NewExportTemplate = 'NewExportTemplate'; SetOthersTemplate = 'SetExportTemplate'; RemoveOwnTemplate = 'RemoveExportTemplate'
            SaveOwnDownload = 'NewExportTask', 'StartExportRun', 'EndExportRun', 'SaveExportArchive'; SaveOthersDownload = 'SaveExportArchive'
        }
        $script:cases = foreach ($operation in $expected.Keys) {
            $i = 0
            foreach ($key in $accounts.Keys) { @{ Operation = $operation; Role = $key; Expected = $expected[$operation][$i++] } }
        }
    }

    AfterAll {
        foreach ($account in $accounts.Values) { & crontab -r -u $account 2>$null }
        Remove-Item -Recurse -Force $root -ErrorAction SilentlyContinue
    }

    It 'names the same operations at discovery as it runs' -ForEach @(@{ Names = $matrixOperations }) {
        @($operations.Keys) | Should -Be $Names
        @($expected.Keys) | Should -Be $Names
    }

    It 'runs every cmdlet of the module' {
        $used = @($operations.Values | ForEach-Object { [regex]::Matches($_, '\b[A-Z][a-z]+-[A-Za-z]+\b').Value }) | Sort-Object -Unique
        $cmdlets = @((Get-Module ConversationExport).ExportedCmdlets.Keys)
        $cmdlets.Count | Should -BeGreaterThan 40
        @($cmdlets | Where-Object { $_ -notin $used }) | Should -BeNullOrEmpty
    }

    It '<Operation> as <Role>' -ForEach @(
        foreach ($operation in $matrixOperations) {
            foreach ($role in 'perm', 'none', 'sup', 'other', 'admin') { @{ Operation = $operation; Role = $role } }
        }) {
        $want = ($cases | Where-Object { $_.Operation -eq $Operation -and $_.Role -eq $Role }).Expected
        $results[$Role][$Operation] | Should -Be $want -Because $results[$Role]['_output']
    }

    It 'lists to each account exactly the conversations accessible to it' {
        $listed.perm.ids | Sort-Object | Should -Be ($own.perm | Sort-Object)          # not the archived one
        $listed.none.ids | Sort-Object | Should -Be ($own.none | Sort-Object)
        $listed.sup.ids | Sort-Object | Should -Be (@($own.sup) + $salesId | Sort-Object) # supervised group
        $listed.other.ids | Sort-Object | Should -Be ($own.other | Sort-Object)        # a member does not see the group's
        $listed.admin.ids | Sort-Object | Should -Be ($allIds | Sort-Object)
    }

    It 'lists to a user only their own tasks, user, groups and audit entries; to an administrator all' {
        foreach ($key in 'perm', 'none', 'sup', 'other') {
            $account = $accounts[$key]
            $listed[$key].users | Should -Be $account
            $listed[$key].auditors | Should -Be $account
            @($listed[$key].tasks | Where-Object { $_ -notlike "*-$account" }) | Should -BeNullOrEmpty
        }
        $listed.perm.tasks | Should -Be "D-$($accounts.perm)", "K-$($accounts.perm)"
        $listed.none.tasks | Should -BeNullOrEmpty
        $listed.perm.groups | Should -BeNullOrEmpty
        $listed.sup.groups | Should -Be 'Sales'
        $listed.other.groups | Should -Be 'Desk'
        $listed.admin.tasks | Should -Contain 'RootTask'
        $listed.admin.tasks | Should -Contain "K-$($accounts.perm)"
        $listed.admin.users | Should -Contain $accounts.none
        $listed.admin.groups | Should -Be 'Desk', 'Sales'
        $listed.admin.auditors | Should -Contain $accounts.none
    }

    It 'exports ad hoc only what the account may see, whatever was piped' {
        foreach ($key in 'perm', 'sup', 'other') {
            $exported = @(Get-ChildItem (Join-Path $root "work-$key/adhoc") -Filter *.wav -Recurse).BaseName
            $exported | Sort-Object | Should -Be ($listed[$key].ids | Sort-Object)
        }
    }

    It 'audits <Operation> as <Role> exactly: one Denied entry for a denial, its own entries when allowed, none for a read' -ForEach @(
        foreach ($operation in $matrixOperations) {
            foreach ($role in 'perm', 'none', 'sup', 'other', 'admin') { @{ Operation = $operation; Role = $role } }
        }) {
        $want = ($cases | Where-Object { $_.Operation -eq $Operation -and $_.Role -eq $Role }).Expected
        $from, $to = $windows[$Role][$Operation]
        $from | Should -Not -BeNullOrEmpty -Because $results[$Role]['_output']
        $entries = @(Get-ExportAuditLog -User $accounts[$Role] -Since $from -Until $to.AddTicks(9999) -First 100)
        $shown = $entries | Format-Table TimeUtc, Action, Target, Outcome, Detail -AutoSize | Out-String -Width 250
        if ($want -like '*|PermissionDenied') {
            $entries.Count | Should -Be 1 -Because $shown
            $entries[0].Outcome | Should -Be Denied
            $entries[0].Detail | Should -BeLike 'denied: *'
        }
        elseif ($want -eq 'ok') {
            @($entries.Action) | Should -Be @($auditedWhenAllowed[$Operation] | Where-Object { $_ }) -Because $shown
            @($entries | Where-Object Outcome -ne Succeeded) | Should -BeNullOrEmpty -Because $shown
        }
        else { $entries | Should -BeNullOrEmpty -Because $shown }
    }

    It 'recorded every denial of the account without permissions (a count over the whole log)' {
        $deniedOperations = @($expected.Keys | Where-Object { $expected[$_][1] -like '*|PermissionDenied' })
        $deniedOperations.Count | Should -BeGreaterThan 25
        @(Get-ExportAuditLog -User $accounts.none -Outcome Denied).Count | Should -Be $deniedOperations.Count
        @(Get-ExportAuditLog -User $accounts.none -Outcome Succeeded, Failed) | Should -BeNullOrEmpty
    }

    It 'fails a run of a task whose owner lost the permission, naming the owner and the permission' {
        Revoke-ExportPermission -Group Sales -Permission ConversationExport
        try {
            { Invoke-ConversationExport -Task "K-$($accounts.sup)" -ErrorAction Stop } | Should -Throw -ErrorId 'TaskOwnerNotPermitted,*' -ExpectedMessage "*owner 'ce-acc-sup'*ConversationExport*"
        }
        finally { Grant-ExportPermission -Group Sales -Permission ConversationExport }
    }
}
