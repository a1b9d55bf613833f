namespace ConversationExport.Engine.Tests;
public class Smoke { [Fact] public void Builds() => Assert.Equal(2, Catalog.ConversationCatalog.CurrentSchemaVersion); }
