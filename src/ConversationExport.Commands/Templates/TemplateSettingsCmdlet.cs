using System.Collections;
using System.Management.Automation;
using System.Reflection;
using ConversationExport.Commands.Export;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Commands.Query;
using ConversationExport.Engine;
using ConversationExport.Engine.Export;

namespace ConversationExport.Commands.Templates;

/// <summary>
/// The task settings as New- and Set-ExportTemplate take them: the same parameters as New-ExportTask, bound
/// by the same <see cref="SettingsBinder"/>, except the secrets, which a template never holds.
/// </summary>
public abstract class TemplateSettingsCmdlet : TaskSettingsCmdlet
{
    /// <summary>A short note on what the template is for.</summary>
    [Parameter]
    public string? Description { get; set; }

    private static readonly string[] Secrets = [nameof(ZipPassword), nameof(SecretScope)];

    /// <summary>The parameters ConvertTo-Json's properties of a template map to, with the types they bind as.</summary>
    private static readonly Dictionary<string, Type> SettingParameters = typeof(TaskSettingsCmdlet)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        .Where(p => p.GetCustomAttribute<ParameterAttribute>() is not null && !Secrets.Contains(p.Name))
        .ToDictionary(p => p.Name, p => p.PropertyType, StringComparer.OrdinalIgnoreCase);

    /// <summary>A template holds no secret: saying so beats storing a password nobody could see or remove.</summary>
    protected void RefuseSecrets()
    {
        foreach (var name in Secrets.Where(MyInvocation.BoundParameters.ContainsKey))
            ThrowTerminatingError(ErrorFactory.InvalidArgument(ErrorId.ExportTemplateSecretRefused,
                $"-{name} is refused: an export template holds no secrets. Give the password when you make a task from the template: New-ExportTask -Template <template> -ZipPassword (Read-Host -AsSecureString), or Set-ExportTask -Template.", name));
    }

    /// <summary>The settings given on the command line, applied over <paramref name="start"/>; explicit parameters win.</summary>
    protected ExportSettings ApplyParameters(ExportSettings start) => SettingsBinder.Apply(start, MyInvocation.BoundParameters);

    /// <summary>
    /// The settings an object holds: an ExportTemplate, or the object ConvertFrom-Json makes of one. Its
    /// properties are read as the parameters of the same names would bind them, so a JSON round trip
    /// recreates the same settings; properties that are no setting (Id, CreatedUtc …) are ignored, and
    /// missing ones keep the defaults of a new task.
    /// </summary>
    protected ExportSettings ReadSettings(object input)
    {
        var properties = PSObject.AsPSObject(input).Properties;
        foreach (var secret in new[] { "ZipPassword", "ProtectedPassword" })
            if (properties[secret]?.Value is not null)
                ThrowTerminatingError(ErrorFactory.InvalidArgument(ErrorId.ExportTemplateSecretRefused,
                    $"The input has a {secret} property: an export template holds no secrets, so none is read from its input. Remove it, and give the password to New-ExportTask -Template -ZipPassword.", input));
        var bound = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var property in properties)
        {
            if (!SettingParameters.TryGetValue(property.Name, out var type)) continue;
            var value = property.Value is PSObject ps && ps.BaseObject is not PSCustomObject ? ps.BaseObject : property.Value;
            if (value is null && type.IsValueType && Nullable.GetUnderlyingType(type) is null) continue;
            bound[property.Name] = Convert(property.Name, value, type);
        }
        return Engine(() => SettingsBinder.Apply(new ExportSettings(), bound));
    }

    protected static string? ReadDescription(object input) => PSObject.AsPSObject(input).Properties["Description"]?.Value?.ToString();

    private object? Convert(string name, object? value, Type type)
    {
        try
        {
            if (type == typeof(ConversationQuery)) return value is null ? null : Engine(() => NewConversationQueryCommand.Read(value));
            if (type == typeof(SwitchParameter)) return new SwitchParameter(LanguagePrimitives.IsTrue(value));
            if (type == typeof(object)) return value?.ToString();
            return LanguagePrimitives.ConvertTo(value, type, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (PSInvalidCastException error)
        {
            var accepted = (type.IsArray ? type.GetElementType()! : type) is { IsEnum: true } enumType ? $" Accepted: {string.Join(", ", Enum.GetNames(enumType))}." : "";
            ThrowTerminatingError(ErrorFactory.InvalidArgument(ErrorId.ExportSettingInvalid,
                $"The input's {name} '{value}' cannot be read as a {type.Name}: {error.Message}{accepted}", value));
            throw; // unreachable
        }
    }
}
