using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Targets;

namespace ConversationExport.Engine.Export.Download;

/// <summary>
/// Keeps the download area to its retention (Set-ExportSetting -DownloadRetentionDays): a Download-type
/// run's files go once the run ended more than that many days ago. The sweep runs at the start of every
/// export run and every Save-ExportArchive — one catalog query for this server's old runs and a file
/// check per output — so no scheduled job is needed and an expired download is never handed out.
/// </summary>
public static class DownloadRetention
{
    /// <summary>Whether the run's output is kept in the download area for Save-ExportArchive.</summary>
    public static bool IsDownload(ExportSettings settings) => settings.TargetType == ExportTargetType.Download && settings.Destination is null;

    /// <summary>Deletes the files of this server's expired Download runs; returns how many files and folders went.</summary>
    public static int Sweep(RunCatalog runs, DownloadSettings settings, DateTime nowUtc)
    {
        var area = DownloadArea.Location();
        var removed = 0;
        if (!Directory.Exists(area)) return removed; // this server never kept a download: nothing to look up
        foreach (var record in runs.EndedBefore(area, nowUtc.AddDays(-settings.RetentionDays)))
        {
            if (!IsDownload(record.Settings) || record.Run.State is RunState.Running or RunState.Queued) continue;
            foreach (var output in OwnOutputs(record, area))
            {
                try
                {
                    if (File.Exists(output)) File.Delete(output);
                    else if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
                    else continue;
                    removed++;
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                {
                    // In use (a Windows reader) or not ours to delete: the next sweep tries again; a sweep never fails a run.
                }
            }
        }
        return removed;
    }

    /// <summary>Where the run stands for Save-ExportArchive, and when its download expires; (null, null) for a run that is not of a Download task.</summary>
    public static (DownloadState? State, DateTime? ExpiresUtc) Availability(RunRecord record, DownloadSettings settings, DateTime nowUtc)
    {
        if (!IsDownload(record.Settings)) return (null, null);
        if (record.Run.State is not (RunState.Completed or RunState.CompletedWithErrors) || record.Run.EndedUtc is not { } ended) return (DownloadState.Pending, null);
        var expires = settings.ExpiresUtc(ended);
        if (nowUtc >= expires) return (DownloadState.Expired, expires);
        var present = record.Run.Outputs.Length > 0 && record.Run.Outputs.All(o => File.Exists(o) || Directory.Exists(o));
        return (present ? DownloadState.Available : DownloadState.Missing, expires);
    }

    /// <summary>The run, with its download state and expiry filled in (Get-ExportStatus).</summary>
    public static ExportRun Describe(RunRecord record, DownloadSettings settings, DateTime nowUtc)
    {
        (record.Run.DownloadState, record.Run.DownloadExpiresUtc) = Availability(record, settings, nowUtc);
        return record.Run;
    }

    /// <summary>
    /// The run's recorded outputs that lie in the download area and carry its base name: the sweep deletes
    /// nothing else, whatever a damaged or hand-edited catalog row says.
    /// </summary>
    private static IEnumerable<string> OwnOutputs(RunRecord record, string area)
    {
        var root = Path.TrimEndingDirectorySeparator(area) + Path.DirectorySeparatorChar;
        foreach (var output in record.Run.Outputs)
        {
            var full = Path.GetFullPath(output);
            if (full.StartsWith(root, StringComparison.Ordinal) && !full[root.Length..].Contains(Path.DirectorySeparatorChar)
                && Path.GetFileName(full).StartsWith(record.BaseName, StringComparison.Ordinal))
                yield return full;
        }
    }
}
