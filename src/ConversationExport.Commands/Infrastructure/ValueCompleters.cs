using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Infrastructure;

/// <summary>What every completer here shares: the typed prefix, quoting, and never throwing.</summary>
internal static class Completion
{
    /// <summary>Values offered for one parameter; more would only scroll past.</summary>
    public const int Limit = 50;

    public static string Prefix(string wordToComplete) => wordToComplete.Trim('\'', '"');

    /// <summary>A value as PowerShell must read it back: quoted when it holds a space, a quote or another special character.</summary>
    public static CompletionResult Result(string value, string listItem, string toolTip)
    {
        var bare = value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '+' or ':' or '@');
        var text = bare ? value : "'" + value.Replace("'", "''") + "'";
        return new CompletionResult(text, listItem, CompletionResultType.ParameterValue, string.IsNullOrEmpty(toolTip) ? value : toolTip);
    }

    /// <summary>Catalog lookups for completion: nothing when there is no catalog yet, or it cannot be read.</summary>
    public static IReadOnlyList<T> FromCatalog<T>(IDictionary fakeBoundParameters, Func<ConversationCatalog, IReadOnlyList<T>> read)
    {
        try
        {
            return read(CatalogSession.Open(fakeBoundParameters["Catalog"] as CatalogInfo));
        }
#pragma warning disable CA1031 // Completion runs while the user types: any failure means "nothing to offer", never an error.
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
        }
    }
}

/// <summary>
/// -TimeZone: the zones of this system by their IANA ids (Europe/Budapest) and their Windows ids
/// (Central Europe Standard Time); the engine accepts either on every OS.
/// </summary>
public sealed class TimeZoneCompleter : IArgumentCompleter
{
    private static readonly Lazy<IReadOnlyList<(string Id, string Display)>> Zones = new(Load);

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = Completion.Prefix(wordToComplete);
        // A prefix also matches after a '/', so "Buda" finds Europe/Budapest; wildcards work as anywhere in PowerShell.
        var pattern = WildcardPattern.ContainsWildcardCharacters(prefix) ? new WildcardPattern(prefix + "*", WildcardOptions.IgnoreCase) : null;
        return Zones.Value
            .Where(z => pattern?.IsMatch(z.Id) ?? (z.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || z.Id.Contains("/" + prefix, StringComparison.OrdinalIgnoreCase)))
            .Select(z => Completion.Result(z.Id, z.Id, z.Display));
    }

    private static IReadOnlyList<(string Id, string Display)> Load()
    {
        var zones = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["UTC"] = "(UTC) Coordinated Universal Time" };
        foreach (var zone in TimeZoneInfo.GetSystemTimeZones())
        {
            zones.TryAdd(zone.Id, zone.DisplayName);
            if (TimeZoneInfo.TryConvertIanaIdToWindowsId(zone.Id, out var windows)) zones.TryAdd(windows, zone.DisplayName);
            if (TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana)) zones.TryAdd(iana, zone.DisplayName);
        }
        return zones.Select(z => (z.Key, z.Value)).ToList();
    }
}

/// <summary>-RunId: the most recent runs, newest first, with their task and state.</summary>
public sealed class RunIdCompleter : IArgumentCompleter
{
    public const int Recent = 20;

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = Completion.Prefix(wordToComplete);
        var runs = Completion.FromCatalog(fakeBoundParameters, catalog => new RunCatalog(catalog).List(null, null, Recent));
        foreach (var record in runs)
        {
            var run = record.Run;
            var id = run.RunId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!id.StartsWith(prefix, StringComparison.Ordinal)) continue;
            yield return Completion.Result(id, $"{id} {run.Task} {run.State}",
                $"{run.Task}: {run.State}, {run.Exported}/{run.Selected} exported, started {Display.LocalTime(run.StartedUtc)}");
        }
    }
}

/// <summary>-Label, -Group, -Case, -User, -RecordingServer (and their All/Exclude forms): values already in the catalog.</summary>
public sealed class CatalogValueCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        CompletableField? field = parameterName switch
        {
            "Label" or "AllLabels" or "ExcludeLabel" => CompletableField.Label,
            "Group" => CompletableField.Group,
            "Case" or "AllCases" or "ExcludeCase" => CompletableField.Case,
            "User" => CompletableField.User,
            "RecordingServer" => CompletableField.RecordingServer,
            "Task" => CompletableField.ScheduledTask,
            _ => null,
        };
        if (field is not { } known) return [];
        var prefix = Completion.Prefix(wordToComplete);
        return Completion.FromCatalog(fakeBoundParameters, catalog => new CatalogValues(catalog).Distinct(known, prefix, Completion.Limit))
            .Select(v => Completion.Result(v, v, v));
    }
}

/// <summary>Completes -Action with the actions the module records.</summary>
public sealed class AuditActionCompleter : IArgumentCompleter
{
    private static readonly string[] Actions =
    [
        "InitializeCatalog", "UpgradeCatalog", "ImportConversation", "GetConversation", "GetExportAuditLog",
        "NewExportTask", "SetExportTask", "EnableExportTask", "DisableExportTask", "RemoveExportTask",
        "NewExportTemplate", "SetExportTemplate", "RemoveExportTemplate",
        "NewStorageTarget", "SetStorageTarget", "RemoveStorageTarget", "TestStorageTarget",
        "RegisterExportSchedule", "SetExportSchedule", "UnregisterExportSchedule", "ScheduleOccurrenceSkipped",
        "SetExportSetting", "NewExportUser", "RemoveExportUser", "AddExportGroupMember", "RemoveExportGroupMember", "RemoveExportGroup",
        "GrantExportPermission", "RevokeExportPermission",
        "InvokeConversationExport", "StartExportRun", "JoinExportRun", "ResumeExportRun", "StopExportRun", "GiveUpExportRun", "EndExportRun",
        "TestExportArchive", "SaveConversation", "SaveExportArchive", "ExportConversationList", "Notified", "NotifyFailed",
    ];

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = new WildcardPattern(wordToComplete.Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return Actions.Where(pattern.IsMatch).Select(a => new CompletionResult(a, a, CompletionResultType.ParameterValue, a));
    }
}
