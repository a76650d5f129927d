using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Corpus;

/// <summary>One row of a public corpus file: the input, the expected decision and why.</summary>
internal sealed record CorpusRow(string File, int Line, string Input, string Expected, string Why)
{
    public bool ExpectsAllow => Expected == "allow";
}

/// <summary>
/// Reads the adversarial corpus from <c>../shared/corpus/</c> (a sibling of the repository) at test time, so the
/// tests always run the current public rows rather than a copy.
/// </summary>
internal static class CorpusFile
{
    private static readonly Lazy<string> CorpusDirectory = new(Locate);

    public static string Directory => CorpusDirectory.Value;

    /// <summary>Every data row of a TSV file (header skipped). <paramref name="unescapeNewlines"/> turns <c>\n</c> into a real newline.</summary>
    public static IReadOnlyList<CorpusRow> Read(string fileName, bool unescapeNewlines = false) =>
        ReadFile(Path.Combine(Directory, fileName), fileName, unescapeNewlines);

    /// <summary>
    /// Every row of one of this repository's own variant files (<c>Corpus/Variants/</c>): more spellings of the public
    /// corpus's classes, in its format and under the grant its README describes.
    /// </summary>
    public static IReadOnlyList<CorpusRow> ReadVariants(string fileName, bool unescapeNewlines = false) =>
        ReadFile(Path.Combine(TestKnowledge.RepositoryRoot(), "tests", "ToolGate.Core.Tests", "Corpus", "Variants", fileName), "Variants/" + fileName, unescapeNewlines);

    private static List<CorpusRow> ReadFile(string path, string fileName, bool unescapeNewlines)
    {
        var lines = File.ReadAllLines(path);
        var rows = new List<CorpusRow>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 3 || fields[1] is not ("allow" or "deny"))
            {
                throw new InvalidDataException($"{path}:{i + 1}: expected 'input<TAB>allow|deny<TAB>why', got '{line}'");
            }

            var input = unescapeNewlines ? fields[0].Replace("\\n", "\n", StringComparison.Ordinal) : fields[0];
            rows.Add(new CorpusRow(fileName, i + 1, input, fields[1], fields[2]));
        }

        return rows;
    }

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(directory.FullName, "shared", "corpus"), Path.Combine(directory.FullName, "..", "shared", "corpus") })
            {
                if (File.Exists(Path.Combine(candidate, "shell.tsv")))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"The public corpus was not found: no 'shared/corpus/shell.tsv' in or beside any parent of '{AppContext.BaseDirectory}'. "
            + "Check out the shared folder as a sibling of the repository (../shared/corpus).");
    }
}
