using ConversationExport.Engine.Import;

namespace ConversationExport.EngineTests.Support;

internal sealed class CollectingListener : IImportListener
{
    public List<ConversationExportException> Failures { get; } = [];
    public List<string> Warnings { get; } = [];

    public void Failed(ConversationExportException error) => Failures.Add(error);
    public void Warning(string message) => Warnings.Add(message);
}
