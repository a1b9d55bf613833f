using ConversationExport.Engine.Security;

namespace ConversationExport.EngineTests.Support;

internal static class Callers
{
    public static readonly CallerIdentity Alice = new(@"CONTOSO\alice", "WS-ALICE");
    public static readonly CallerIdentity Bob = new(@"CONTOSO\bob", "WS-BOB");
}
