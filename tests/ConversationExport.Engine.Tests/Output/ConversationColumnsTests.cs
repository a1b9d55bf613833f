using System.Reflection;
using System.Globalization;
using ConversationExport.Engine.Output;
using static ConversationExport.EngineTests.Output.OutputSamples;

namespace ConversationExport.EngineTests.Output;

/// <summary>Metadata and CDR columns (seed §4.4, §4.5): every Conversation Detail Field, chosen and ordered by name.</summary>
public sealed class ConversationColumnsTests
{
    /// <summary>SPEC §2.1, in its order; the start and end times as the task's zone shows them.</summary>
    private static readonly string[] SpecFields =
    [
        "Id", "ConversationId", "NativeId",
        "From", "FromInfo", "FromDeviceId", "FromIp", "To", "ToInfo", "ToDeviceId", "ToIp", "DialedNumber",
        "User", "UserLocation", "Extension", "Group", "UserId",
        "StartTime", "EndTime", "Duration", "Direction", "EndCause", "ConversationType", "ForwardReason", "Protected",
        "Labels", "Cases", "EncryptedWithCertificate", "SignedWithCertificate", "HasQmScorecard", "SourcePlatform", "Imported",
        "SilenceRatio", "TalkoverRatio", "LongestSilence",
        "RecordingServer", "MediaFileName", "StorageTarget", "Dataset", "CdrOnly", "Files",
    ];

    [Fact]
    public void Every_field_of_the_conversation_record_is_a_column_in_spec_order()
    {
        Assert.Equal(SpecFields, ConversationColumns.All.Where(SpecFields.Contains));
        Assert.Equal(ConversationColumns.All.Count, ConversationColumns.All.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void A_field_added_to_the_model_must_become_a_column()
    {
        // Catalog bookkeeping, and a server path that must not leave the recording system.
        string[] internalOnly = [nameof(Conversation.SidecarPath), nameof(Conversation.ChangeSequence)];
        // The seconds companions of the Duration and LongestSilence columns, for JSON readers.
        string[] secondsOf = [nameof(Conversation.DurationSeconds), nameof(Conversation.LongestSilenceSeconds)];
        var properties = typeof(Conversation).GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Select(p => p.Name).Except(internalOnly).Except(secondsOf);

        Assert.Empty(properties.Except(ConversationColumns.All));
    }

    [Fact]
    public void Defaults_are_columns_and_metadata_gets_them_all()
    {
        Assert.Equal(ConversationColumns.All, ConversationColumns.DefaultMetadata);
        Assert.Equal(
            ["ConversationId", "StartTime", "EndTime", "Duration", "Direction", "ConversationType",
             "From", "FromInfo", "To", "ToInfo", "User", "Extension", "Labels", "Cases"],
            ConversationColumns.DefaultCdr);
        Assert.All(ConversationColumns.DefaultCdr, column => Assert.Contains(column, ConversationColumns.All));
    }

    [Fact]
    public void No_columns_asked_for_means_the_defaults()
    {
        Assert.Same(ConversationColumns.DefaultCdr, ConversationColumns.Resolve(null, ConversationColumns.DefaultCdr));
        Assert.Same(ConversationColumns.DefaultCdr, ConversationColumns.Resolve([], ConversationColumns.DefaultCdr));
        Assert.Same(ConversationColumns.All, ConversationColumns.Resolve([" ", ","], ConversationColumns.All));
    }

    [Fact]
    public void Columns_keep_the_users_order_and_ignore_case()
    {
        var columns = ConversationColumns.Resolve(["toinfo", " STARTTIME ", "From", "labels"], ConversationColumns.DefaultCdr);

        Assert.Equal(["ToInfo", "StartTime", "From", "Labels"], columns);
    }

    [Fact]
    public void A_comma_separated_list_and_repeated_names_are_read_once_each()
    {
        var columns = ConversationColumns.Resolve(["Duration,From, To", "from"], ConversationColumns.DefaultCdr);

        Assert.Equal(["Duration", "From", "To"], columns);
    }

    [Fact]
    public void An_unknown_column_is_refused_listing_the_accepted_ones()
    {
        var error = Assert.Throws<ConversationExportException>(
            () => ConversationColumns.Resolve(["From", "Caller"], ConversationColumns.DefaultCdr));

        Assert.Equal(ErrorId.ColumnUnknown, error.Id);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("Caller", error.Target);
        Assert.Contains("'Caller'", error.Message);
        Assert.All(ConversationColumns.All, column => Assert.Contains(column, error.Message));
    }

    [Fact]
    public void Value_of_an_unknown_column_is_the_same_error()
    {
        var error = Assert.Throws<ConversationExportException>(() => ConversationColumns.Value(Call(), "SidecarPath", TimeZoneInfo.Utc));

        Assert.Equal(ErrorId.ColumnUnknown, error.Id);
    }

    [Fact]
    public void Times_are_shown_in_the_task_time_zone_with_offset()
    {
        var call = Call();

        Assert.Equal("2026-11-28T10:15:02.123+01:00", ConversationColumns.Value(call, "StartTime", Budapest));
        Assert.Equal("2026-11-28T10:21:40.500+01:00", ConversationColumns.Value(call, "EndTime", Budapest));
        Assert.Equal("2026-11-28T09:15:02.123+00:00", ConversationColumns.Value(call, "StartTime", TimeZoneInfo.Utc));
        Assert.Equal("2026-11-28T09:15:02.123Z", ConversationColumns.Value(call, "StartTimeUtc", Budapest));

        var summer = Call(c => c.StartTimeUtc = new DateTime(2026, 7, 1, 22, 30, 0, DateTimeKind.Utc));
        Assert.Equal("2026-07-02T00:30:00.000+02:00", ConversationColumns.Value(summer, "StartTime", Budapest));
    }

    [Fact]
    public void Catalog_times_of_unspecified_kind_are_UTC()
    {
        var call = Call(c => c.StartTimeUtc = DateTime.SpecifyKind(c.StartTimeUtc, DateTimeKind.Unspecified));

        Assert.Equal("2026-11-28T10:15:02.123+01:00", ConversationColumns.Value(call, "StartTime", Budapest));
    }

    [Fact]
    public void Durations_are_hours_minutes_seconds_and_milliseconds()
    {
        Assert.Equal("00:06:38.377", ConversationColumns.Value(Call(), "Duration", TimeZoneInfo.Utc));
        Assert.Equal("00:00:04.200", ConversationColumns.Value(Call(), "LongestSilence", TimeZoneInfo.Utc));
        Assert.Equal("26:00:01.000", ConversationColumns.FormatDuration(TimeSpan.FromHours(26) + TimeSpan.FromSeconds(1)));
        Assert.Equal("00:00:00.999", ConversationColumns.FormatDuration(TimeSpan.FromTicks(9_999_999)));
    }

    [Fact]
    public void Multi_valued_fields_share_one_cell_with_the_separator()
    {
        var call = Call();

        Assert.Equal("; ", ConversationColumns.Separator);
        Assert.Equal("Sales; Support", ConversationColumns.Value(call, "Group", TimeZoneInfo.Utc));
        Assert.Equal("Complaint (legal hold); VIP", ConversationColumns.Value(call, "Labels", TimeZoneInfo.Utc));
        Assert.Equal("true", ConversationColumns.Value(call, "LegalHold", TimeZoneInfo.Utc));
        Assert.Equal("2026-0017; 2026-0020", ConversationColumns.Value(call, "Cases", TimeZoneInfo.Utc));
        Assert.Equal("false", ConversationColumns.Value(Call(c => c.Labels = [new("VIP")]), "LegalHold", TimeZoneInfo.Utc));
    }

    [Fact]
    public void Files_are_named_without_the_recording_servers_paths()
    {
        Assert.Equal("20261128_091502_3612345678_1234.wav; 20261128_091502_3612345678_1234.im",
            ConversationColumns.Value(Call(), "Files", TimeZoneInfo.Utc));
        Assert.Equal("x.wav", ConversationColumns.Value(Call(c => c.MediaFileName = @"D:\rec\x.wav"), "MediaFileName", TimeZoneInfo.Utc));
    }

    [Fact]
    public void Absent_values_are_empty_cells()
    {
        var bare = Bare();

        foreach (var column in new[] { "NativeId", "From", "EndTime", "EndTimeUtc", "Group", "Labels", "Cases", "SilenceRatio", "LongestSilence", "Files", "MediaFileName" })
            Assert.Equal("", ConversationColumns.Value(bare, column, Budapest));
        Assert.Equal("00:00:00.000", ConversationColumns.Value(bare, "Duration", Budapest));
        Assert.Equal("", ConversationColumns.Value(Call(c => c.SilenceRatio = double.NaN), "SilenceRatio", Budapest));
    }

    [Fact]
    public void Values_do_not_depend_on_the_current_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("hu-HU");
            var call = Call(c => c.Id = 1_234_567);

            Assert.Equal("0.12", ConversationColumns.Value(call, "SilenceRatio", Budapest));
            Assert.Equal("1234567", ConversationColumns.Value(call, "Id", Budapest));
            Assert.Equal("2026-11-28T10:15:02.123+01:00", ConversationColumns.Value(call, "StartTime", Budapest));
            Assert.Equal("Inbound", ConversationColumns.Value(call, "Direction", Budapest));
            Assert.Equal("true", ConversationColumns.Value(call, "HasQmScorecard", Budapest));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Every_column_renders_for_a_full_and_a_bare_conversation()
    {
        foreach (var column in ConversationColumns.All)
        {
            Assert.NotNull(ConversationColumns.Value(Call(), column, Budapest));
            Assert.NotNull(ConversationColumns.Value(Bare(), column, Budapest));
        }
    }
}
