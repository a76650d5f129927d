using System.IO.Pipelines;

namespace ToolGate.Samples.ShellTool;

/// <summary>
/// The pipe into a compound command that reads from the command before it in a pipeline (<c>ls | { head -1; wc -l; }</c>):
/// the writer side stands where a process's stdin would (<see cref="Writer"/>, for <see cref="OutputSink.Pipe"/>), and the
/// compound command's commands read <see cref="Reader"/> one after another (<see cref="StreamPump.FeedSharedAsync"/>).
/// </summary>
internal sealed class CompoundInput : IDisposable
{
    private readonly Pipe _pipe = new();

    public CompoundInput()
    {
        Writer = new StreamWriter(_pipe.Writer.AsStream());
        Reader = _pipe.Reader.AsStream();
    }

    public StreamWriter Writer { get; }

    public Stream Reader { get; }

    /// <summary>The compound command is done: nothing reads any more, so a writer blocked on a full pipe goes on (into nothing).</summary>
    public void Close() => _pipe.Reader.Complete();

    public void Dispose()
    {
        StreamPump.CloseQuietly(Writer);
        Reader.Dispose();
    }
}
