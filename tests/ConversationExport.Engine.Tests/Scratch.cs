namespace ConversationExport.Engine.Tests;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Import;
public class Scratch {
  class L : IImportListener { public void Failed(ConversationExportException e) => Console.WriteLine("F " + e.Id); public void Warning(string m) => Console.WriteLine("W " + m); }
  [Fact] public void Dir() {
    var dir = Directory.CreateTempSubdirectory("ce-");
    foreach (var d in new[]{"Internal,Inbound","+2"," inbound "}) {
    var p = Path.Combine(dir.FullName, "a.xml");
    File.WriteAllText(p, $"<conversation xmlns='urn:conversation-export:recording:1'><id>x</id><start>2026-11-28T09:15:02.123Z</start><direction>{d}</direction></conversation>");
    var r = SidecarReader.Read(p, dir.FullName);
    Console.WriteLine($"[{d}] -> {r.Conversation?.Direction} {r.Error?.Id}");
    }
  }
  [Fact] public void Dup() {
    var dir = Directory.CreateTempSubdirectory("ce-");
    var rec = Directory.CreateDirectory(Path.Combine(dir.FullName, "rec")).FullName;
    foreach (var n in new[]{"a","b"}) File.WriteAllText(Path.Combine(rec, n + ".xml"), "<conversation xmlns='urn:conversation-export:recording:1'><id>x</id><start>2026-11-28T09:15:02.123Z</start></conversation>");
    var c = ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(Path.Combine(dir.FullName, "c.db")), new Security.CallerIdentity("a","m"));
    var imp = new ConversationImporter(c, new Security.CallerIdentity("a","m"));
    for (int i = 0; i < 3; i++) { var s = imp.Import(rec, new L()); Console.WriteLine($"I{s.Imported} U{s.Updated} N{s.Unchanged} F{s.Failed}"); }
  }
}
