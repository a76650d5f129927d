namespace ToolGate.Core.Shell;

// The YAML shape of shell.yaml: settable properties for the deserializer; only ShellKnowledge reads them.
internal sealed class ShellKnowledgeFile
{
    public GuardrailsSection? Guardrails { get; set; }

    public Dictionary<string, OptionsSection>? Options { get; set; }

    public Dictionary<string, WrapperSection>? Wrappers { get; set; }

    public List<string>? Shells { get; set; }

    public List<string>? Sed { get; set; }

    public List<string>? Builtins { get; set; }

    public Dictionary<string, InterpreterSection?>? Interpreters { get; set; }

    public List<string>? AwkForbidden { get; set; }

    public List<DestinationSection>? Destinations { get; set; }
}

internal sealed class GuardrailsSection
{
    public Dictionary<string, List<string>>? Programs { get; set; }

    public List<ProgramArgumentsSection>? ProgramArguments { get; set; }

    public List<ProgramOptionsSection>? ProgramOptions { get; set; }

    public Dictionary<string, List<string>>? ArgumentText { get; set; }

    public List<ArgumentPatternsSection>? ArgumentPatterns { get; set; }

    public Dictionary<string, List<string>>? ProtectedPaths { get; set; }

    public List<string>? Writers { get; set; }
}

internal sealed class ArgumentPatternsSection
{
    public List<string> Programs { get; set; } = [];

    public List<string> Patterns { get; set; } = [];

    public string Class { get; set; } = "guardrail";

    public string? Why { get; set; }
}

internal sealed class ProgramArgumentsSection
{
    public List<string> Programs { get; set; } = [];

    public List<string> Arguments { get; set; } = [];

    public string Class { get; set; } = "guardrail";
}

internal sealed class ProgramOptionsSection
{
    public List<string> Programs { get; set; } = [];

    public List<string> Flags { get; set; } = [];

    public List<string> OptionsWithValue { get; set; } = [];

    public Dictionary<string, List<string>>? OptionValues { get; set; }

    public string Class { get; set; } = "guardrail";

    public string? Why { get; set; }
}

internal sealed class OptionsSection
{
    public List<string>? Anywhere { get; set; }

    public List<string>? BeforeSubcommand { get; set; }

    public List<string>? OptionsWithValue { get; set; }

    public Dictionary<string, List<string>>? Subcommands { get; set; }

    public Dictionary<string, List<string>>? Settings { get; set; }
}

internal sealed class WrapperSection
{
    public List<string>? OptionsWithValue { get; set; }

    public int LeadingOperands { get; set; }

    public List<string>? Subcommands { get; set; }

    public List<string>? CommandOptions { get; set; }

    public bool JoinsIntoShell { get; set; }

    public List<string>? ExecOptions { get; set; }

    public bool AppendsInput { get; set; }

    public List<string>? ReplaceOptions { get; set; }

    public List<string>? SplitOptions { get; set; }

    public bool Assignments { get; set; }

    public bool ShellWithoutCommand { get; set; }
}

internal sealed class InterpreterSection
{
    public List<string>? Inline { get; set; }

    public List<string>? Modules { get; set; }

    public List<string>? OptionsWithValue { get; set; }

    public bool ReadsStdin { get; set; }
}

internal sealed class DestinationSection
{
    public List<string> Programs { get; set; } = [];

    public List<string>? Subcommands { get; set; }

    public List<string> Operands { get; set; } = [];

    public bool FirstOperandOnly { get; set; }

    public List<string>? Options { get; set; }

    public List<string>? OptionsWithValue { get; set; }

    public Dictionary<string, List<string>>? OptionKeys { get; set; }
}
