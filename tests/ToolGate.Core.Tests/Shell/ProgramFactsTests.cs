using ToolGate.Core.Shell;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Shell;

/// <summary>One look-up of <see cref="ShellKnowledge.FactsFor"/> says what each table says about the name, spelled any way.</summary>
public class ProgramFactsTests
{
    [Fact]
    public void FactsFor_EveryKnownNameAndOtherSpellings_AgreesWithTheTables()
    {
        var knowledge = TestKnowledge.Shell;
        var names = knowledge.GuardrailPrograms.Keys
            .Concat(knowledge.ProgramArguments.SelectMany(r => r.Programs))
            .Concat(knowledge.OptionGuardrails.SelectMany(r => r.Programs))
            .Concat(knowledge.Builtins).Concat(knowledge.Shells).Concat(knowledge.Interpreters.Keys)
            .Concat(knowledge.Wrappers.Keys).Concat(knowledge.DangerousOptions.Keys)
            .Concat(["", "head", "x", "GIT", "Git", "SUDO", "Nc", "BASH", "Env", "sh ", "ssh\u017f"])
            .SelectMany(n => new[] { n, n.ToUpperInvariant(), n.Length > 0 ? char.ToUpperInvariant(n[0]) + n[1..] : n })
            .Distinct(StringComparer.Ordinal)
            .ToList();

        foreach (var name in names)
        {
            var facts = knowledge.FactsFor(name);

            Assert.Equal(knowledge.GuardrailPrograms.GetValueOrDefault(name), facts.GuardrailClass);
            Assert.Equal(knowledge.ProgramArguments.Where(r => r.Programs.Contains(name)), facts.ArgumentRules);
            Assert.Equal(knowledge.OptionGuardrails.Where(r => r.Programs.Contains(name)), facts.OptionRules);
            Assert.Equal(knowledge.Builtins.Contains(name), facts.IsBuiltin);
            Assert.Equal(knowledge.Shells.Contains(name), facts.IsShell);
            Assert.Same(knowledge.Interpreters.GetValueOrDefault(name), facts.Interpreter);
            Assert.Same(knowledge.Wrappers.GetValueOrDefault(name), facts.Wrapper);
            Assert.Same(knowledge.DangerousOptions.GetValueOrDefault(name), facts.DangerousOptions);
            Assert.Same(knowledge.DangerousOptionMatchers.GetValueOrDefault(name), facts.DangerousOptionMatcher);
        }
    }

    [Fact]
    public void FactsFor_NamesThatDifferOnlyInCase_KeepTheirOwnFacts()
    {
        var knowledge = ShellKnowledge.Parse("""
            guardrails:
              programs:
                tunnel: [Tun]
            shells: [run]
            wrappers:
              RUN: {}
            """, out var error) ?? throw new InvalidOperationException(error);

        Assert.True(knowledge.FactsFor("run").IsShell);
        Assert.Null(knowledge.FactsFor("run").Wrapper);
        Assert.False(knowledge.FactsFor("RUN").IsShell);
        Assert.NotNull(knowledge.FactsFor("RUN").Wrapper);
        Assert.False(knowledge.FactsFor("Run").IsShell);
        Assert.Null(knowledge.FactsFor("Run").Wrapper);
        Assert.Equal("tunnel", knowledge.FactsFor("TUN").GuardrailClass);
        Assert.False(knowledge.FactsFor("TUN").IsShell);
    }
}
