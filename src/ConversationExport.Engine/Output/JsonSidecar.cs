using System.Text.Encodings.Web;
using System.Text.Json;

namespace ConversationExport.Engine.Output;

/// <summary>
/// The JSON metadata sidecar (seed §4.4): every field of a conversation, typed, one object per
/// file. Property names are the column names of <see cref="ConversationColumns"/>, in the same
/// order; absent values are <c>null</c>, never left out, so every file has every field.
/// </summary>
/// <remarks>
/// Beyond the CSV columns: <c>TimeZone</c> (the id the local times are shown in);
/// <c>DurationSeconds</c> and <c>LongestSilenceSeconds</c> as numbers (to the millisecond) beside
/// the <c>hh:mm:ss.fff</c> text; <c>Group</c>, <c>Cases</c> as string arrays, <c>Labels</c> as
/// <c>{ Name, LegalHold }</c> objects, <c>Files</c> as <c>{ Kind, Name, Size, Extension }</c>
/// objects with the file name only (the recording storage's paths stay out of exports).
/// </remarks>
public static class JsonSidecar
{
    // Relaxed escaping keeps "+3612345678" and "Zsófia" readable instead of \u002B and \u00F3; the
    // file is a document, never embedded in HTML, which is what the default escaping guards against.
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the sidecar of <paramref name="c"/> as UTF-8 without BOM; the stream stays open.</summary>
    public static void Write(Stream output, Conversation c, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(zone);

        using var json = new Utf8JsonWriter(output, Options);
        json.WriteStartObject();
        json.WriteNumber(nameof(Conversation.Id), c.Id);
        json.WriteString(nameof(Conversation.ConversationId), c.ConversationId);
        json.WriteString(nameof(Conversation.NativeId), c.NativeId);
        json.WriteString(nameof(Conversation.From), c.From);
        json.WriteString(nameof(Conversation.FromInfo), c.FromInfo);
        json.WriteString(nameof(Conversation.FromDeviceId), c.FromDeviceId);
        json.WriteString(nameof(Conversation.FromIp), c.FromIp);
        json.WriteString(nameof(Conversation.To), c.To);
        json.WriteString(nameof(Conversation.ToInfo), c.ToInfo);
        json.WriteString(nameof(Conversation.ToDeviceId), c.ToDeviceId);
        json.WriteString(nameof(Conversation.ToIp), c.ToIp);
        json.WriteString(nameof(Conversation.DialedNumber), c.DialedNumber);
        json.WriteString(nameof(Conversation.User), c.User);
        json.WriteString(nameof(Conversation.UserLocation), c.UserLocation);
        json.WriteString(nameof(Conversation.Extension), c.Extension);
        Strings(json, nameof(Conversation.Group), c.Group);
        json.WriteString(nameof(Conversation.UserId), c.UserId);

        json.WriteString("TimeZone", zone.Id);
        json.WriteString("StartTime", ConversationColumns.FormatTime(c.StartTimeUtc, zone));
        json.WriteString("EndTime", c.EndTimeUtc is { } end ? ConversationColumns.FormatTime(end, zone) : null);
        json.WriteString(nameof(Conversation.StartTimeUtc), ConversationColumns.FormatUtc(c.StartTimeUtc));
        json.WriteString(nameof(Conversation.EndTimeUtc), c.EndTimeUtc is { } endUtc ? ConversationColumns.FormatUtc(endUtc) : null);
        json.WriteString(nameof(Conversation.Duration), ConversationColumns.FormatDuration(c.Duration));
        json.WriteNumber("DurationSeconds", Seconds(c.Duration));
        json.WriteString(nameof(Conversation.Direction), c.Direction.ToString());
        json.WriteString(nameof(Conversation.EndCause), c.EndCause);
        json.WriteString(nameof(Conversation.ConversationType), c.ConversationType.ToString());
        json.WriteString(nameof(Conversation.ForwardReason), c.ForwardReason);
        json.WriteBoolean(nameof(Conversation.Protected), c.Protected);

        json.WriteStartArray(nameof(Conversation.Labels));
        foreach (var label in c.Labels)
        {
            json.WriteStartObject();
            json.WriteString(nameof(ConversationLabel.Name), label.Name);
            json.WriteBoolean(nameof(ConversationLabel.LegalHold), label.LegalHold);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteBoolean("LegalHold", ConversationColumns.HasLegalHold(c));
        Strings(json, nameof(Conversation.Cases), c.Cases);

        json.WriteString(nameof(Conversation.EncryptedWithCertificate), c.EncryptedWithCertificate);
        json.WriteString(nameof(Conversation.SignedWithCertificate), c.SignedWithCertificate);
        json.WriteBoolean(nameof(Conversation.HasQmScorecard), c.HasQmScorecard);
        json.WriteString(nameof(Conversation.SourcePlatform), c.SourcePlatform);
        json.WriteBoolean(nameof(Conversation.Imported), c.Imported);

        Number(json, nameof(Conversation.SilenceRatio), c.SilenceRatio);
        Number(json, nameof(Conversation.TalkoverRatio), c.TalkoverRatio);
        json.WriteString(nameof(Conversation.LongestSilence), c.LongestSilence is { } silence ? ConversationColumns.FormatDuration(silence) : null);
        if (c.LongestSilence is { } longest) json.WriteNumber("LongestSilenceSeconds", Seconds(longest));
        else json.WriteNull("LongestSilenceSeconds");

        json.WriteString(nameof(Conversation.RecordingServer), c.RecordingServer);
        json.WriteString(nameof(Conversation.MediaFileName), c.MediaFileName is { } media ? ConversationColumns.FileName(media) : null);
        json.WriteString(nameof(Conversation.StorageTarget), c.StorageTarget);
        json.WriteString(nameof(Conversation.Dataset), c.Dataset.ToString());
        json.WriteBoolean(nameof(Conversation.CdrOnly), c.CdrOnly);

        json.WriteStartArray(nameof(Conversation.Files));
        foreach (var file in c.Files)
        {
            json.WriteStartObject();
            json.WriteString(nameof(ConversationFile.Kind), file.Kind.ToString());
            json.WriteString("Name", ConversationColumns.FileName(file.Location));
            json.WriteNumber(nameof(ConversationFile.Size), file.Size);
            json.WriteString(nameof(ConversationFile.Extension), file.Extension);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Seconds to the millisecond, as decimal so 398.377 is written as such and not as its nearest double.</summary>
    private static decimal Seconds(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMillisecond / 1000m;

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }

    // JSON has no NaN or infinity; a ratio that is not a number is as good as absent.
    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number && double.IsFinite(number)) json.WriteNumber(name, number);
        else json.WriteNull(name);
    }
}
