# The calendar parameters Register-ExportSchedule and Set-ExportSchedule share (ScheduleCmdlet).
@{
    Parameters = @{
        Task          = 'The export task the schedule runs: its name (Tab completes the task names in the catalog), or a task piped from Get-ExportTask (binds by its Name property). A task has at most one schedule.'
        Once          = 'Runs the task once, at the date and time given with -At (read in -TimeZone), such as -Once -At ''2026-12-24 02:00''.'
        Every         = 'Runs the task at a fixed interval, at least one minute, such as -Every (New-TimeSpan -Hours 4) or -Every 00:30:00. Intervals are exact durations counted from -StartDate (midnight of that day in -TimeZone), or from the moment the schedule was registered; they do not shift with daylight-saving changes.'
        Daily         = 'Runs the task every day at -At.'
        Weekly        = 'Runs the task on the days of -DaysOfWeek at -At.'
        Monthly       = 'Runs the task on the days of -DayOfMonth at -At. A day the month lacks (31 in April) is left out that month.'
        At            = 'The time of day, as HH:mm or HH:mm:ss from 00:00 to 23:59 (such as 02:00), read in -TimeZone; with -Once, the date and time (such as ''2026-12-24 02:00''). Anything else, such as 25:00, is refused with ScheduleInvalid. A time that does not exist on a day when clocks go forward runs at the first moment after the change; a time that happens twice when clocks go back runs once.'
        DaysOfWeek    = 'The days a -Weekly schedule runs, such as -DaysOfWeek Monday, Thursday (names of System.DayOfWeek; Tab completes them).'
        DayOfMonth    = 'The days of the month a -Monthly schedule runs, from 1 to 31, such as -DayOfMonth 1, 15.'
        Cron          = 'A cron expression for calendars the other forms cannot say: five fields (minute hour day-of-month month day-of-week), such as ''0 2 * * 1-5'' for 02:00 on weekdays, or six with seconds first. Read in -TimeZone. A bad expression is refused with ScheduleInvalid, naming what is wrong.'
        TimeZone      = 'The time zone the calendar is read in: an IANA id (Europe/Budapest) or a Windows id (Central Europe Standard Time). Default: this computer''s zone when the schedule is registered. An unknown id is refused with TimeZoneNotFound.'
        StartDate     = 'The first day (in -TimeZone) the schedule may run; nothing before it. Only the date counts.'
        EndDate       = 'The last day (in -TimeZone) the schedule may run; it must not be before -StartDate (ScheduleInvalid). Not with -Once.'
        WindowStart   = 'With -WindowEnd: the run window, such as -WindowStart 22:00 -WindowEnd 06:00 (it may span midnight). An occurrence that falls outside it waits for the window to open, or is skipped with -OutsideWindow Skip.'
        WindowEnd     = 'The end of the run window (see -WindowStart); give both or neither.'
        OutsideWindow = 'What an occurrence outside the run window does: Wait (the default) runs it when the window opens; Skip leaves it out, with a warning and an audit entry.'
        RunAs         = 'The account the operating system''s scheduler runs the task as: its crontab on Linux and macOS (changing another account''s crontab needs root), the task''s principal in Task Scheduler. Default: the account that registers the schedule. Before anything is registered it is checked that the account can decrypt the task''s ZIP password: a password stored for the user who saved it (-SecretScope User) is refused with SecretUnreadable, naming the fix (Set-ExportTask -SecretScope Machine); one stored for the machine needs the account to be root or in the group of the machine key file. On Set-ExportSchedule, '''' returns to the registering account and removes the entry from the other account''s crontab.'
        Catalog       = 'The catalog that holds the task, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user. The scheduled command is given this catalog''s path.'
        WhatIf        = 'Shows the schedule and exactly what would be registered with the operating system (the crontab lines, or the Task Scheduler task document), without registering anything.'
        Confirm       = 'Prompts for confirmation before the schedule is saved and its trigger registered.'
    }
}
