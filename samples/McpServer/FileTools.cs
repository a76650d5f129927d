using System.ComponentModel;
using System.Text;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace ToolGate.Samples.McpServer;

/// <summary><c>read_file</c> and <c>write_file</c>: UTF-8 text files inside the <see cref="Workspace"/>.</summary>
internal sealed class FileTools(Workspace workspace, ILogger<FileTools> logger)
{
    public const int MaxReadBytes = 256 * 1024;
    public const int MaxWriteChars = 256 * 1024;

    [McpServerTool(Name = "read_file", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Reads a UTF-8 text file from the server's workspace directory and returns its content (at most 256 KiB; longer files are cut and say so).")]
    public async Task<string> ReadFileAsync(
        [Description("Path of the file, relative to the workspace root (e.g. \"notes/todo.txt\"). Absolute paths are taken from the workspace root; \"..\" may not leave it.")]
        string path,
        CancellationToken cancellationToken)
    {
        var full = workspace.Resolve(path) ?? throw new McpException($"'{path}' is not a path inside the workspace.");
        if (!File.Exists(full))
        {
            throw new McpException($"No such file: {path}");
        }

        await using var stream = File.OpenRead(full);
        var buffer = new byte[MaxReadBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        Log.FileRead(logger, path, length);
        var text = Encoding.UTF8.GetString(buffer, 0, Math.Min(length, MaxReadBytes));
        return length > MaxReadBytes ? text + $"\n[truncated at {MaxReadBytes} bytes]" : text;
    }

    [McpServerTool(Name = "write_file", Destructive = true, Idempotent = true, OpenWorld = false)]
    [Description("Writes UTF-8 text to a file in the server's workspace directory, creating parent directories and replacing any existing file. Returns the number of bytes written.")]
    public async Task<string> WriteFileAsync(
        [Description("Path of the file, relative to the workspace root (e.g. \"out/report.md\"). \"..\" may not leave the workspace.")]
        string path,
        [Description("The complete new content of the file (at most 256 Ki characters).")]
        string content,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var full = workspace.Resolve(path) ?? throw new McpException($"'{path}' is not a path inside the workspace.");
        if (content.Length > MaxWriteChars)
        {
            throw new McpException($"'content' is longer than {MaxWriteChars} characters.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var bytes = Encoding.UTF8.GetBytes(content);
        await File.WriteAllBytesAsync(full, bytes, cancellationToken);
        Log.FileWritten(logger, path, bytes.Length);
        return $"wrote {bytes.Length} bytes to {path}";
    }
}
