// The engine's root namespace (ErrorId, ConversationExportException …) for every test, now that the tests'
// own namespace (ConversationExport.EngineTests) no longer sits inside it.
global using ConversationExport.Engine;
