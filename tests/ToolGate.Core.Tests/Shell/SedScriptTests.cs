using ToolGate.Core.Shell;

namespace ToolGate.Core.Tests.Shell;

public class SedScriptTests
{
    [Theory]
    [InlineData("e id", "e")]
    [InlineData("1e id", "e")]
    [InlineData("/x/,$e id", "e")]
    [InlineData("$!e id", "e")]
    [InlineData("s/a/b/e", "s///e")]
    [InlineData("s|a|b|ge", "s///e")]
    [InlineData("s/a/b/w /tmp/x", "s///w")]
    [InlineData("s/a\\/b/c/gw out", "s///w")]
    [InlineData("w /tmp/x", "w")]
    [InlineData("/x/W /tmp/x", "W")]
    [InlineData("r /etc/shadow", "r")]
    [InlineData("R /etc/shadow", "R")]
    [InlineData("p;n;e id", "e")]
    [InlineData("/x/{s/a/b/;e id\n}", "e")]
    [InlineData("0~3e id", "e")]
    [InlineData("\\%x%e id", "e")]
    [InlineData("s/[/]/x/e", "s///e")]
    [InlineData("k", "a command it cannot read")]
    [InlineData("s/a/b", "a command it cannot read")]
    [InlineData("s/a/b/q", "a command it cannot read")]
    public void Forbidden_ScriptThatRunsOrTouchesFiles_IsNamed(string script, string expected)
    {
        Assert.Equal(expected, SedScript.Forbidden(script));
    }

    [Theory]
    [InlineData("")]
    [InlineData("p")]
    [InlineData("1,20p")]
    [InlineData("s/foo/bar/g")]
    [InlineData("s/foo/bar/2gI")]
    [InlineData("s|/usr/local|/opt|g")]
    [InlineData("s/[/]/_/g")]
    [InlineData("s/[[:space:]]*$//")]
    [InlineData("/^#/d;s/x/y/")]
    [InlineData("y/abc/xyz/")]
    [InlineData("$a footer; e id")]
    [InlineData("1i\\\nheader e")]
    [InlineData(":a;N;$!ba;s/\\n/ /g")]
    [InlineData("/start/,/end/{p;n}")]
    [InlineData("$=")]
    [InlineData("2q")]
    [InlineData("l 80")]
    [InlineData("s/e/w/")]
    [InlineData("# a comment with e and w\np")]
    public void Forbidden_OrdinaryScript_IsNull(string script)
    {
        Assert.Null(SedScript.Forbidden(script));
    }
}
