using ToolGate.Samples.Shared;

namespace ToolGate.Samples.ShellTool;

/// <summary>
/// Where one output stream of a command goes: the tool's captured stdout or stderr, nowhere (<c>/dev/null</c>), or
/// the pipe into the next command of a pipeline. Writes from a command's stdout and stderr (<c>2&gt;&amp;1</c>) into
/// the same pipe are serialised, in arrival order.
/// </summary>
/// <remarks>
/// A pipe behaves like a shell's: it is closed (EOF for the reader) once every stream that writes into it has ended,
/// and once its reader is gone (exited, or never started) it is <em>broken</em>: writes fail, and
/// <see cref="StreamPump.CopyAsync"/> then closes the writer's own stream so that the writer gets EPIPE / SIGPIPE
/// instead of running on into nothing (<c>yes | head -1</c> ends).
/// </remarks>
internal sealed class OutputSink
{
    private readonly OutputSink? _lender;
    private readonly BoundedOutput? _capture;
    private readonly StreamWriter? _reader;
    private readonly bool _isPipe;
    private readonly Lock _gate = new();
    private Task _lastWrite = Task.CompletedTask;
    private int _writers;
    private volatile bool _broken;

    private OutputSink(BoundedOutput? capture, StreamWriter? reader, bool isPipe, int writers, OutputSink? lender = null)
    {
        _lender = lender;
        _capture = capture;
        _reader = reader;
        _isPipe = isPipe;
        _writers = writers;
    }

    /// <summary>Discards everything, like <c>&gt;/dev/null</c>.</summary>
    public static OutputSink Discard() => new(null, null, isPipe: false, writers: 0);

    /// <summary>Appends to the tool's captured stdout or stderr (which never blocks and never breaks).</summary>
    public static OutputSink Capture(BoundedOutput output) => new(output, null, isPipe: false, writers: 0);

    /// <summary>
    /// The pipe into the next command. <paramref name="reader"/> is that command's stdin, or null when it reads from
    /// elsewhere (its own here-document or file): output is then discarded until <see cref="Break"/>, as it would sit
    /// unread in a pipe buffer. <paramref name="writers"/> streams write into the pipe; with none it is closed at once.
    /// </summary>
    public static OutputSink Pipe(StreamWriter? reader, int writers)
    {
        var sink = new OutputSink(null, reader, isPipe: true, writers);
        if (writers == 0)
        {
            sink.CloseReader();
        }

        return sink;
    }

    /// <summary>
    /// This sink as handed to the commands of a compound command: writes go through, but their ends do not count, since the
    /// compound command as a whole is the one writer (its runner completes it once, when the compound command ends).
    /// </summary>
    public OutputSink Borrowed() => new(null, null, isPipe: false, writers: 0, lender: _lender ?? this);

    /// <summary>The reader is gone: further writes fail (the shell's SIGPIPE).</summary>
    public void Break() => _broken = true;

    /// <returns>False when the pipe is broken: the caller stops writing and closes its source.</returns>
    public ValueTask<bool> WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_lender is not null)
        {
            return _lender.WriteAsync(data, cancellationToken);
        }

        if (_broken)
        {
            return ValueTask.FromResult(false);
        }

        if (_capture is not null)
        {
            _capture.Append(data.Span);
            return ValueTask.FromResult(true);
        }

        if (_reader is null)
        {
            return ValueTask.FromResult(true);
        }

        // Writes into the pipe (from stdout and stderr of one command) go one after another, each after the last.
        Task<bool> write;
        lock (_gate)
        {
            write = WriteAfterAsync(_lastWrite, _reader.BaseStream, data, cancellationToken);
            _lastWrite = write;
        }

        return new ValueTask<bool>(write);
    }

    /// <summary>
    /// One writing stream has ended; the last one closes the pipe so that the reader sees EOF. Not when the run was
    /// <paramref name="cancelled"/>: a reader that is about to be killed must not get to exit normally first.
    /// </summary>
    public void CompleteWriter(bool cancelled)
    {
        if (_isPipe && Interlocked.Decrement(ref _writers) == 0 && !cancelled)
        {
            CloseReader();
        }
    }

    private async Task<bool> WriteAfterAsync(Task previous, Stream pipe, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_broken)
        {
            return false;
        }

        try
        {
            await pipe.WriteAsync(data, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // EPIPE: the reader exited (or closed its stdin) without reading everything. Or the run was cancelled.
            _broken = true;
            return false;
        }
    }

    private void CloseReader()
    {
        if (_reader is not null)
        {
            StreamPump.CloseQuietly(_reader);
        }
    }
}
