using System.Text;

namespace ToolGate.Samples.ShellTool;

/// <summary>The asynchronous copies that stand in for a shell's file descriptors: output into sinks, input into stdin.</summary>
internal static class StreamPump
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>
    /// Copies <paramref name="source"/> (a command's stdout or stderr) into <paramref name="sink"/> until EOF, until
    /// <paramref name="cancellationToken"/> fires, or until the sink's reader is gone; in that last case the source is
    /// closed, so the command's next write fails as it would on a broken shell pipe. Never throws for I/O.
    /// </summary>
    public static async Task CopyAsync(Stream source, OutputSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sink);
        var chunk = new byte[ChunkSize];
        try
        {
            int read;
            while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (!await sink.WriteAsync(chunk.AsMemory(0, read), cancellationToken))
                {
                    await source.DisposeAsync();
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Timed out, or the process was killed or disposed: what was copied so far stays.
        }
        finally
        {
            sink.CompleteWriter(cancellationToken.IsCancellationRequested);
        }
    }

    /// <summary>Writes a here-document (UTF-8) into a command's stdin and closes it; a command that exits without reading it all is fine.</summary>
    public static async Task FeedTextAsync(StreamWriter stdin, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        try
        {
            await stdin.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // EPIPE: the command did not read (all of) its input.
        }
        finally
        {
            CloseUnlessCancelled(stdin, cancellationToken);
        }
    }

    /// <summary>Copies an opened input file into a command's stdin, then closes both.</summary>
    public static async Task FeedFileAsync(StreamWriter stdin, Stream file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            await file.CopyToAsync(stdin.BaseStream, ChunkSize, cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // EPIPE (the command stopped reading) or a read error part way through the file.
        }
        finally
        {
            await file.DisposeAsync();
            CloseUnlessCancelled(stdin, cancellationToken);
        }
    }

    /// <summary>
    /// Copies what a compound command reads (<paramref name="source"/>, shared by its commands one after another) into one
    /// command's stdin until the source ends or <paramref name="exited"/> (the command is done): the pending read is then
    /// cancelled, so what the command did not take stays for the next one. Closes the command's stdin at the end.
    /// </summary>
    public static async Task FeedSharedAsync(StreamWriter stdin, Stream source, Task exited, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(exited);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ = exited.ContinueWith(static (_, state) => CancelQuietly((CancellationTokenSource)state!), done, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var chunk = new byte[ChunkSize];
        try
        {
            int read;
            while ((read = await source.ReadAsync(chunk, done.Token)) > 0)
            {
                await stdin.BaseStream.WriteAsync(chunk.AsMemory(0, read), done.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Timed out, or the command exited or stopped reading (EPIPE): a cancelled read leaves the source's data in place.
        }
        finally
        {
            CloseUnlessCancelled(stdin, cancellationToken);
        }
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The copy ended first.
        }
    }

    // A command about to be killed must not see EOF and exit normally first; its stdin is closed when it is disposed.
    private static void CloseUnlessCancelled(StreamWriter stdin, CancellationToken cancellationToken)
    {
        if (!cancellationToken.IsCancellationRequested)
        {
            CloseQuietly(stdin);
        }
    }

    /// <summary>Closes a command's stdin (EOF for the command); a pipe that is already broken or closed is fine.</summary>
    public static void CloseQuietly(StreamWriter stdin)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        try
        {
            stdin.Close();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The command has exited already.
        }
    }
}
