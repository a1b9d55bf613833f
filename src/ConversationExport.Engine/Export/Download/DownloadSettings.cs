using System.Globalization;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Engine.Export.Download;

/// <summary>
/// How Download-type exports are handled (SPEC §10, seed §8 "Disabling direct download"), kept in the
/// catalog's setting table so every export server that shares the catalog follows the same rules:
/// whether direct download is allowed at all, and how many days a finished run's files are kept.
/// </summary>
public sealed record DownloadSettings
{
    public const int DefaultRetentionDays = 30;
    public const int MinimumRetentionDays = 1;
    public const int MaximumRetentionDays = 3650;
    private const string Prefix = "Download.";

    /// <summary>Forbids runs of Download-type tasks and Save-ExportArchive.</summary>
    public bool Disabled { get; init; }

    /// <summary>Days a finished Download run's files stay in the download area, counted from the run's end.</summary>
    public int RetentionDays { get; init; } = DefaultRetentionDays;

    public static DownloadSettings Load(SettingCatalog settings)
    {
        var values = settings.Read(Prefix);
        string? Get(string name) => values.TryGetValue(Prefix + name, out var value) ? value : null;
        return new DownloadSettings
        {
            Disabled = bool.TryParse(Get("Disabled"), out var disabled) && disabled,
            RetentionDays = int.TryParse(Get("RetentionDays"), NumberStyles.None, CultureInfo.InvariantCulture, out var days) ? days : DefaultRetentionDays,
        };
    }

    /// <summary>Checks the settings, then stores them and audits the change.</summary>
    public void Save(SettingCatalog settings)
    {
        Validate();
        settings.Write(new Dictionary<string, string?>
        {
            [Prefix + "Disabled"] = Disabled.ToString(CultureInfo.InvariantCulture),
            [Prefix + "RetentionDays"] = RetentionDays.ToString(CultureInfo.InvariantCulture),
        }, "Download", Describe());
    }

    public void Validate()
    {
        if (RetentionDays is < MinimumRetentionDays or > MaximumRetentionDays)
            throw new ConversationExportException(ErrorId.ExportSettingInvalid, ErrorKind.InvalidArgument,
                $"-DownloadRetentionDays {RetentionDays} is out of range; give a number of days from {MinimumRetentionDays} to {MaximumRetentionDays}.", RetentionDays);
    }

    public string Describe() => $"direct download {(Disabled ? "disabled" : "enabled")}; retention {RetentionDays} day(s)";

    /// <summary>Refuses a run of <paramref name="task"/> when its settings make it a Download-type run and direct download is disabled.</summary>
    public void EnsureRunAllowed(string task, ExportSettings settings)
    {
        if (DownloadRetention.IsDownload(settings)) EnsureAllowed($"A run of the Download-type export task '{task}'");
    }

    /// <summary>Fills in the download part of what Get-ExportSetting shows.</summary>
    public ExportSetting AddTo(ExportSetting setting)
    {
        setting.DisableDirectDownload = Disabled;
        setting.DownloadRetentionDays = RetentionDays;
        return setting;
    }

    /// <summary>When a run that ended at <paramref name="endedUtc"/> stops being downloadable.</summary>
    public DateTime ExpiresUtc(DateTime endedUtc) => endedUtc.AddDays(RetentionDays);

    /// <summary>
    /// Refuses <paramref name="what"/> when an administrator disabled direct download. PermissionDenied:
    /// the request is well formed, but the catalog's policy does not allow it for anyone.
    /// </summary>
    public void EnsureAllowed(string what)
    {
        if (Disabled)
            throw new ConversationExportException(ErrorId.DirectDownloadDisabled, ErrorKind.PermissionDenied,
                $"{what} is refused: direct download is disabled for this catalog (Set-ExportSetting -DisableDirectDownload $true). " +
                "Export to a storage target instead (-TargetType StorageTarget), or ask an administrator to allow it with Set-ExportSetting -DisableDirectDownload $false.", what);
    }
}
