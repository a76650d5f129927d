using System.Buffers;
using System.Text;
using ToolGate.Gateway.Egress;

namespace ToolGate.Gateway.Tests.Egress;

public sealed class ChunkedBodyFramerTests
{
    private static (long Taken, ChunkedBodyFramer Framer) Frame(params string[] pieces)
    {
        var framer = new ChunkedBodyFramer();
        long taken = 0;
        foreach (var piece in pieces)
        {
            var consumed = framer.Consume(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(piece)));
            if (consumed < 0)
            {
                return (-1, framer);
            }

            taken += consumed;
        }

        return (taken, framer);
    }

    [Theory]
    [InlineData("0\r\n\r\n")]
    [InlineData("4\r\nwiki\r\n5\r\npedia\r\n0\r\n\r\n")]
    [InlineData("A;name=value\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n")]
    [InlineData("00000000000004\r\nabcd\r\n0\r\n\r\n")]
    public void AWellFormedBody_IsConsumedToItsEnd(string body)
    {
        var (taken, framer) = Frame(body + "GET /smuggled HTTP/1.1\r\n\r\n");

        Assert.True(framer.IsComplete);
        Assert.Equal(body.Length, taken);
    }

    [Fact]
    public void ABodySplitAcrossReads_AtEveryByte_IsFramedTheSame()
    {
        const string body = "4\r\nwiki\r\n5;x\r\npedia\r\n0\r\nT: 1\r\n\r\n";
        var (taken, framer) = Frame([.. body.Select(c => c.ToString())]);

        Assert.True(framer.IsComplete);
        Assert.Equal(body.Length, taken);
    }

    [Theory]
    [InlineData("4\nwiki\r\n0\r\n\r\n", "bare LF")]
    [InlineData("g\r\n", "hex digits")]
    [InlineData("1000000000000000\r\n", "hex digits")]
    [InlineData("4\r\nwikiXY0\r\n\r\n", "CRLF")]
    [InlineData(";x\r\n", "before the chunk size")]
    [InlineData("0\r\nX-Trailer: a\nb\r\n\r\n", "trailer")]
    [InlineData("\r\n", "hex digits")]
    public void AMalformedBody_IsRefusedWithAReason(string body, string why)
    {
        var (taken, framer) = Frame(body);

        Assert.Equal(-1, taken);
        Assert.Contains(why, framer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnfinishedBody_IsNotComplete()
    {
        var (taken, framer) = Frame("4\r\nwi");

        Assert.False(framer.IsComplete);
        Assert.Equal(5, taken);
    }
}
