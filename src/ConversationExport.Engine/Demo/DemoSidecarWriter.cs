using System.Globalization;
using System.Text;
using System.Xml;

namespace ConversationExport.Engine.Demo;

/// <summary>
/// Writes a recording server's XML sidecar (design §2.3, docs/recording-sidecar.xsd) for a
/// conversation, in the element order of the spec. Absent values leave their element out.
/// </summary>
internal static class DemoSidecarWriter
{
    public const string Namespace = "urn:conversation-export:recording:1";

    /// <summary>LF and no BOM on every platform: the corpus must be byte-identical wherever it is generated.</summary>
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        NewLineHandling = NewLineHandling.Entitize,
    };

    /// <returns>The size of the sidecar in bytes.</returns>
    public static long Write(string path, Conversation c)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        using (var xml = XmlWriter.Create(file, Settings))
        {
            xml.WriteStartElement("conversation", Namespace);
            Element(xml, "id", c.ConversationId);
            Element(xml, "nativeId", c.NativeId);
            Element(xml, "type", c.ConversationType.ToString());
            Element(xml, "platform", c.SourcePlatform);
            Element(xml, "direction", c.Direction.ToString());
            Element(xml, "start", Time(c.StartTimeUtc));
            Element(xml, "end", c.EndTimeUtc is { } end ? Time(end) : null);
            Element(xml, "endCause", c.EndCause);
            Element(xml, "forwardReason", c.ForwardReason);
            Party(xml, "from", c.From, c.FromInfo, c.FromDeviceId, c.FromIp);
            Party(xml, "to", c.To, c.ToInfo, c.ToDeviceId, c.ToIp);
            Element(xml, "dialedNumber", c.DialedNumber);
            if (c.User is not null || c.UserId is not null)
            {
                xml.WriteStartElement("user", Namespace);
                Attribute(xml, "name", c.User);
                Attribute(xml, "id", c.UserId);
                Attribute(xml, "location", c.UserLocation);
                Attribute(xml, "extension", c.Extension);
                foreach (var group in c.Group)
                    Element(xml, "group", group);
                xml.WriteEndElement();
            }
            Element(xml, "recordingServer", c.RecordingServer);
            Element(xml, "storageTarget", c.StorageTarget);
            Element(xml, "dataset", c.Dataset.ToString());
            Element(xml, "protected", XmlConvert.ToString(c.Protected));
            Element(xml, "cdrOnly", XmlConvert.ToString(c.CdrOnly));
            Element(xml, "imported", XmlConvert.ToString(c.Imported));
            Element(xml, "encryptedWith", c.EncryptedWithCertificate);
            Element(xml, "signedWith", c.SignedWithCertificate);
            Element(xml, "qmScorecard", XmlConvert.ToString(c.HasQmScorecard));
            if (c.SilenceRatio is not null || c.TalkoverRatio is not null || c.LongestSilence is not null)
            {
                xml.WriteStartElement("analytics", Namespace);
                Attribute(xml, "silenceRatio", c.SilenceRatio is { } silence ? XmlConvert.ToString(silence) : null);
                Attribute(xml, "talkoverRatio", c.TalkoverRatio is { } talkover ? XmlConvert.ToString(talkover) : null);
                Attribute(xml, "longestSilence", c.LongestSilence is { } longest ? XmlConvert.ToString(longest) : null);
                xml.WriteEndElement();
            }
            if (c.Labels.Length > 0)
            {
                xml.WriteStartElement("labels", Namespace);
                foreach (var label in c.Labels)
                {
                    xml.WriteStartElement("label", Namespace);
                    if (label.LegalHold) xml.WriteAttributeString("legalHold", "true");
                    xml.WriteString(label.Name);
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            List(xml, "cases", "case", c.Cases);
            if (c.Files.Length > 0)
            {
                xml.WriteStartElement("files", Namespace);
                foreach (var item in c.Files)
                {
                    xml.WriteStartElement("file", Namespace);
                    xml.WriteAttributeString("kind", item.Kind.ToString());
                    // Relative to the sidecar's folder: the tree stays valid wherever it is copied.
                    xml.WriteString(Path.GetFileName(item.Location));
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        file.WriteByte((byte)'\n');
        return file.Length;
    }

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Element(XmlWriter xml, string name, string? value)
    {
        if (value is not null) xml.WriteElementString(name, Namespace, value);
    }

    private static void Attribute(XmlWriter xml, string name, string? value)
    {
        if (value is not null) xml.WriteAttributeString(name, value);
    }

    private static void Party(XmlWriter xml, string name, string? number, string? info, string? deviceId, string? ip)
    {
        if (number is null && info is null && deviceId is null && ip is null) return;
        xml.WriteStartElement(name, Namespace);
        Attribute(xml, "number", number);
        Attribute(xml, "info", info);
        Attribute(xml, "deviceId", deviceId);
        Attribute(xml, "ip", ip);
        xml.WriteEndElement();
    }

    private static void List(XmlWriter xml, string name, string item, string[] values)
    {
        if (values.Length == 0) return;
        xml.WriteStartElement(name, Namespace);
        foreach (var value in values)
            Element(xml, item, value);
        xml.WriteEndElement();
    }
}
