namespace ToolGate.Gateway.Tests.Infrastructure;

/// <summary>Tests that depend on background timing (batched log shipping) run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}
