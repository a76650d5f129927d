using ToolGate.Core.Grants;

namespace ToolGate.Gateway.Grants;

/// <summary>Grants made over the admin API. Policy-file grants are not stored: the files are their source.</summary>
public interface IGrantStore
{
    Task AddAsync(Grant grant, GrantRequest request, DateTimeOffset createdAt, CancellationToken cancellationToken);

    Task<IReadOnlyList<Grant>> ListAsync(CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}
