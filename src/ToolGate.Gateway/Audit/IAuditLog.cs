using ToolGate.Core.Audit;

namespace ToolGate.Gateway.Audit;

/// <summary>
/// The durable, hash-chained audit trail. <see cref="AppendAsync"/> returns only once the record is
/// committed; if it throws, the action the record describes must not run.
/// </summary>
public interface IAuditLog
{
    Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Queues a record that nothing waits for, such as the outcome of a call already answered: it joins the same
    /// chain and commits with the next batch, but the caller goes on at once. A record that cannot be written is
    /// reported in the log (event 2001).
    /// </summary>
    void Enqueue(AuditEntry entry);

    Task<AuditPage> QueryAsync(AuditFilter filter, CancellationToken cancellationToken);

    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken);
}

public sealed record AuditFilter
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;

    public string? AgentId { get; init; }

    public string? Capability { get; init; }

    public string? Decision { get; init; }

    public string? DecisionId { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public int Limit { get; init; } = DefaultLimit;

    /// <summary>Return records after this sequence number (the previous page's <c>next</c>).</summary>
    public long? AfterSequence { get; init; }
}

public sealed record AuditPage(IReadOnlyList<AuditRecord> Items, long? Next);

/// <summary>The audit trail could not take a record; the action it describes is refused.</summary>
public sealed class AuditUnavailableException : Exception
{
    public AuditUnavailableException()
    {
    }

    public AuditUnavailableException(string message)
        : base(message)
    {
    }

    public AuditUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
