using System.Text;
using ToolGate.Core.Network;

namespace ToolGate.Core.Tests.Network;

public sealed class TlsServerNameProbeTests
{
    [Fact]
    public void ClientHello_WithServerName_NamesIt()
    {
        var result = TlsServerNameProbe.Inspect(ClientHello("api.github.com"), isFinal: false);

        Assert.Equal(TlsProbeOutcome.ClientHello, result.Outcome);
        Assert.Equal("api.github.com", result.ServerName);
    }

    [Fact]
    public void ClientHello_WithoutServerName_IsAHelloWithNoName()
    {
        Assert.Equal(TlsProbeResult.Hello(null), TlsServerNameProbe.Inspect(ClientHello(), isFinal: false));
    }

    [Fact]
    public void EveryPrefixOfAHello_WaitsForMore_UnlessTheStreamEnded()
    {
        var hello = ClientHello("example.org");
        for (var length = 1; length < hello.Length; length++)
        {
            Assert.Equal(TlsProbeOutcome.NeedMore, TlsServerNameProbe.Inspect(hello.AsSpan(0, length), isFinal: false).Outcome);
            Assert.Equal(TlsProbeOutcome.Malformed, TlsServerNameProbe.Inspect(hello.AsSpan(0, length), isFinal: true).Outcome);
        }
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n")]
    [InlineData("SSH-2.0-OpenSSH_9.6\r\n")]
    [InlineData("{\"method\":\"mining.subscribe\"}\n")]
    public void OtherProtocols_AreNotTls(string first)
    {
        Assert.Equal(TlsProbeOutcome.NotTls, TlsServerNameProbe.Inspect(Encoding.ASCII.GetBytes(first), isFinal: false).Outcome);
    }

    [Fact]
    public void TwoServerNameExtensions_OrANameWithBytesNoHostHas_AreMalformed()
    {
        Assert.Equal(TlsProbeOutcome.Malformed, TlsServerNameProbe.Inspect(ClientHello(["a.example", "b.example"], separateExtensions: true), isFinal: false).Outcome);
        Assert.Equal(TlsProbeOutcome.Malformed, TlsServerNameProbe.Inspect(ClientHello("bad name.example"), isFinal: false).Outcome);
    }

    [Fact]
    public void HandshakeLongerThanItsRecord_IsMalformed()
    {
        // A ClientHello split over two records (a known way to slip past SNI filters) is refused, not half-read.
        var hello = ClientHello("example.org");
        hello[8] += 1; // handshake length one more than the record holds

        Assert.Equal(TlsProbeOutcome.Malformed, TlsServerNameProbe.Inspect(hello, isFinal: false).Outcome);
    }

    /// <summary>A minimal TLS 1.3-style ClientHello record with the given server names and one other extension.</summary>
    public static byte[] ClientHello(params string[] serverNames) => ClientHello(serverNames, separateExtensions: false);

    public static byte[] ClientHello(string[] serverNames, bool separateExtensions)
    {
        var extensions = new List<byte>();
        if (serverNames.Length > 0)
        {
            foreach (var group in separateExtensions ? serverNames.Select(n => new[] { n }) : [serverNames])
            {
                var list = group.SelectMany(n => (byte[])[0x00, .. U16(n.Length), .. Encoding.ASCII.GetBytes(n)]).ToArray();
                byte[] body = [.. U16(list.Length), .. list];
                extensions.AddRange([0x00, 0x00, .. U16(body.Length), .. body]);
            }
        }

        extensions.AddRange([0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04]); // supported_versions: TLS 1.3
        byte[] hello = [0x03, 0x03, .. new byte[32], 0x00, 0x00, 0x02, 0x13, 0x01, 0x01, 0x00, .. U16(extensions.Count), .. extensions];
        byte[] handshake = [0x01, (byte)(hello.Length >> 16), (byte)(hello.Length >> 8), (byte)hello.Length, .. hello];
        return [0x16, 0x03, 0x01, .. U16(handshake.Length), .. handshake];
    }

    private static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];
}
