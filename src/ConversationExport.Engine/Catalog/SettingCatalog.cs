using System.Data.Common;
using ConversationExport.Engine.Security;

namespace ConversationExport.Engine.Catalog;

/// <summary>
/// The catalog-wide settings (Set-ExportSetting), one row per name in the setting table; every
/// change is audited in the same transaction. Values are text; secrets arrive here already protected.
/// </summary>
public sealed class SettingCatalog
{
    private readonly ConversationCatalog _catalog;
    private readonly CallerIdentity _caller;

    public SettingCatalog(ConversationCatalog catalog, CallerIdentity caller)
    {
        _catalog = catalog;
        _caller = caller;
    }

    /// <summary>Every stored setting whose name starts with <paramref name="prefix"/>.</summary>
    public IReadOnlyDictionary<string, string?> Read(string prefix) => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, value FROM setting";
        using var reader = command.ExecuteReader();
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            var name = reader.GetString(0);
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) values[name] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }
        return values;
    });

    /// <summary>Stores the given values (null removes a setting) and audits the change with <paramref name="detail"/>, which must hold no secret.</summary>
    public void Write(IReadOnlyDictionary<string, string?> values, string target, string detail)
    {
        new AccessCatalog(_catalog, _caller).Demand(ExportPermission.ManageSettings, "SetExportSetting", target);
        WriteGranted(values, target, detail);
    }

    private void WriteGranted(IReadOnlyDictionary<string, string?> values, string target, string detail) =>
        _catalog.AuditedWrite(_caller, "SetExportSetting", target, detail, (connection, transaction) =>
        {
            foreach (var (name, value) in values)
            {
                // Delete then insert: the same two statements on every catalog provider, unlike an upsert.
                Execute(connection, transaction, "DELETE FROM setting WHERE name = @n", name, null);
                if (value is not null) Execute(connection, transaction, "INSERT INTO setting (name, value) VALUES (@n, @v)", name, value);
            }
            return 0;
        });

    /// <summary>Writes one audit entry about something the settings concern (a notification sent or not).</summary>
    public void Audit(string action, string? target, string detail, AuditOutcome outcome = AuditOutcome.Succeeded) =>
        new AuditLog(_catalog, _caller).Record(action, target, detail, outcome);

    private static void Execute(DbConnection connection, DbTransaction transaction, string sql, string name, string? value)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.AddParameter("@n", name);
        if (value is not null) command.AddParameter("@v", value);
        command.ExecuteNonQuery();
    }
}
