using ToolGate.Core.Compute;

namespace ToolGate.Core.Tests.Compute;

public class ImagePatternTests
{
    [Theory]
    [InlineData("python", "docker.io/library/python", "latest", null)]
    [InlineData("python:3.12", "docker.io/library/python", "3.12", null)]
    [InlineData("user/app", "docker.io/user/app", "latest", null)]
    [InlineData("Registry.Local:5000/a/b:V1", "registry.local:5000/a/b", "V1", null)]
    [InlineData("localhost/app", "localhost/app", "latest", null)]
    [InlineData("registry.local/train@sha256:" + ComputeEvaluatorTests.Digests.A, "registry.local/train", null, "sha256:" + ComputeEvaluatorTests.Digests.A)]
    public void ImageReference_TryParse_Canonicalizes(string text, string name, string? tag, string? digest)
    {
        Assert.True(ImageReference.TryParse(text, out var reference, out var error), error);
        Assert.Equal(name, reference.Name);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest);
    }

    [Theory]
    [InlineData("registry.local/train:v1@sha256:" + ComputeEvaluatorTests.Digests.A, "pin by digest alone")]
    [InlineData("registry.local/train@sha256:*", "must be '@sha256:' and 64 lower-case hex digits")]
    [InlineData("registry.local/train@sha512:abc", "must be '@sha256:' and 64 lower-case hex digits")]
    [InlineData("registry.local/ train", "an image pattern is a name glob")]
    [InlineData(":v1", "the name part must be a non-empty path glob")]
    [InlineData("registry.local//train", "the name part must be a non-empty path glob")]
    public void TryParse_Invalid_SaysWhy(string text, string error)
    {
        Assert.False(ImagePattern.TryParse(text, out _, out var actual));
        Assert.Contains(error, actual, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("registry.local/train:*", "registry.local/train:v1", true)]
    [InlineData("registry.local/train:v1.*", "registry.local/train:v1.2", true)]
    [InlineData("registry.local/train:v1.*", "registry.local/train:v2", false)]
    [InlineData("registry.local/train", "registry.local/train:anything", true)]
    [InlineData("registry.local/*", "registry.local/team/train:v1", false)]
    [InlineData("registry.local/**", "registry.local/team/train:v1", true)]
    [InlineData("*", "python:3", true)]
    [InlineData("*", "user/app:3", false)]
    [InlineData("**", "anything.example/a/b/c:d", true)]
    [InlineData("**", "anything.example/a@sha256:" + ComputeEvaluatorTests.Digests.A, false)]
    [InlineData("**@sha256:" + ComputeEvaluatorTests.Digests.A, "anything.example/a@sha256:" + ComputeEvaluatorTests.Digests.A, true)]
    [InlineData("registry.local/train*", "registry.local/train@sha256:" + ComputeEvaluatorTests.Digests.A, false)]
    public void Matches_ComparesNameTagAndDigestApart(string pattern, string image, bool expected)
    {
        Assert.True(ImagePattern.TryParse(pattern, out var parsed, out var error), error);
        Assert.True(ImageReference.TryParse(image, out var reference, out error), error);

        Assert.Equal(expected, parsed.Matches(reference));
    }
}
