using FluentValidation;
using ToolGate.Core.Grants;
using ToolGate.Core.Text;
using ToolGate.Gateway.Grants;

namespace ToolGate.Gateway.Policies;

/// <summary>
/// Reads every <c>*.yaml</c>/<c>*.yml</c> file in the policies directory into grants, validating each with
/// the same validator the admin API uses. Errors name the file, the line (for YAML errors) and the field.
/// </summary>
internal sealed class PolicyFileLoader(IValidator<GrantRequest> validator)
{
    public PolicyLoadResult Load(string directory)
    {
        var grants = new List<Grant>();
        var errors = new List<string>();
        if (!Directory.Exists(directory))
        {
            errors.Add($"{directory}: the policies directory does not exist");
            return new PolicyLoadResult(grants, errors);
        }

        var files = Directory.EnumerateFiles(directory, "*.yaml")
            .Concat(Directory.EnumerateFiles(directory, "*.yml"))
            .Order(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in files)
        {
            LoadFile(path, grants, errors, ids);
        }

        return new PolicyLoadResult(grants, errors);
    }

    private void LoadFile(string path, List<Grant> grants, List<string> errors, HashSet<string> ids)
    {
        var name = Path.GetFileName(path);
        PolicyFile? file;
        try
        {
            if (!YamlText.TryDeserialize(File.ReadAllText(path), out file, out var yamlError))
            {
                errors.Add($"{name}: {yamlError}");
                return;
            }
        }
        catch (IOException e)
        {
            errors.Add($"{name}: {e.Message}");
            return;
        }

        var stem = Path.GetFileNameWithoutExtension(path);
        var entries = file?.Grants ?? [];
        for (var i = 0; i < entries.Count; i++)
        {
            var request = entries[i];
            var result = validator.Validate(request);
            if (!result.IsValid)
            {
                errors.AddRange(result.Errors.Select(e => $"{name}: grants[{i}].{e.PropertyName}: {e.ErrorMessage}"));
                continue;
            }

            var id = request.Id ?? $"{stem}-{i + 1}";
            if (!ids.Add(id))
            {
                errors.Add($"{name}: grants[{i}].id: grant id '{id}' is declared twice");
                continue;
            }

            grants.Add(request.ToGrant(id, GrantSources.ForFile(name)));
        }
    }
}

internal sealed record PolicyLoadResult(IReadOnlyList<Grant> Grants, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
