using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ToolGate.Gateway.Agents;

/// <summary>
/// Agent keys: <c>tg_</c> + 256 random bits (base64url). Stored only as SHA-256; a fast hash is enough
/// because the keys are random, not chosen by people, so there is nothing to brute-force from the hash.
/// </summary>
public static class AgentKeys
{
    public const string Prefix = "tg_";

    /// <summary>Longer presented keys are rejected before hashing.</summary>
    public const int MaxLength = 256;

    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool HashEquals(string hashA, string hashB) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hashA), Encoding.ASCII.GetBytes(hashB));
}
