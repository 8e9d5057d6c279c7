using System.Text;

namespace Reliability.Tests.Support;

/// <summary>
/// Deterministic mutations of a seed payload (one random seed per case, so CsCheck reports a reproducible input):
/// random bytes, bit flips, truncation, hostile tokens, deletions, hostile string values, deep nesting, splices,
/// hostile numbers, or the seed verbatim (so the happy path stays in the mix).
/// </summary>
internal static class Mutator
{
    public const int Modes = 10;

    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", "\"", ",", ":", "null", "true", "false", "1e999999", "-0", "\\u0000", "\\ud800", "\"\\",
        "9999999999999999999999999", "NaN", "\u0000", "\uFEFF", "/*", "//", "'", "{\"$ref\":\"#\"}", "\"message_id\":", "\"apiEvent\":",
    ];

    private static readonly string[] HostileStrings =
    [
        "", " ", "../../etc/passwd", "..\\..\\windows", "%2e%2e%2f", "http://evil.test/x", "//evil.test", "\\\\evil\\share",
        "\u0000\u0001\u001f", "\ud83d\ude00", "null", "0", "-1", "18446744073709551616", "/Orders/x/Comments/1?x=1#f",
        "C:\\x", "\u202e", new string('A', 5000), "\u00e9\u0301", "<script>", "' OR 1=1 --",
    ];

    public static byte[] Mutate(byte[] seed, int seedValue)
    {
        var random = new Random(seedValue);
        int mode = random.Next(Modes);
        switch (mode)
        {
            case 0:
                byte[] bytes = new byte[random.Next(0, 600)];
                random.NextBytes(bytes);
                return bytes;
            case 1:
                byte[] flipped = (byte[])seed.Clone();
                for (int i = random.Next(1, 9); i > 0 && flipped.Length > 0; i--)
                {
                    flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                }

                return flipped;
            case 2:
                return seed[..random.Next(seed.Length + 1)];
            case 3:
                byte[] current = seed;
                for (int i = random.Next(1, 5); i > 0; i--)
                {
                    current = Insert(current, random.Next(current.Length + 1), Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                }

                return current;
            case 4:
                if (seed.Length == 0)
                {
                    return seed;
                }

                int start = random.Next(seed.Length);
                int length = random.Next(1, Math.Min(64, seed.Length - start) + 1);
                return [.. seed[..start], .. seed[(start + length)..]];
            case 5:
                return ReplaceStringValue(seed, random);
            case 6:
                int depth = random.Next(1, 400);
                bool arrays = random.Next(2) == 0;
                var open = new StringBuilder();
                var close = new StringBuilder();
                for (int i = 0; i < depth; i++)
                {
                    open.Append(arrays ? "[" : "{\"a\":");
                    close.Append(arrays ? "]" : "}");
                }

                return [.. Encoding.UTF8.GetBytes(open.ToString()), .. seed, .. Encoding.UTF8.GetBytes(close.ToString())];
            case 7:
                if (seed.Length == 0)
                {
                    return seed;
                }

                int from = random.Next(seed.Length);
                int count = random.Next(1, Math.Min(200, seed.Length - from) + 1);
                return Insert(seed, random.Next(seed.Length + 1), seed[from..(from + count)]);
            case 8:
                string text = Encoding.UTF8.GetString(seed);
                var digits = System.Text.RegularExpressions.Regex.Matches(text, "-?[0-9]+(\\.[0-9]+)?");
                if (digits.Count == 0)
                {
                    return seed;
                }

                var match = digits[random.Next(digits.Count)];
                string[] numbers = ["-1", "0", "1e400", "99999999999999999999999999999", "-9223372036854775809", "1.5", "\"12\"", "null", "[]"];
                return Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, match.Index), numbers[random.Next(numbers.Length)], text.AsSpan(match.Index + match.Length)));
            default:
                return seed;
        }
    }

    /// <summary>A random printable-or-not string, for headers, paths and names.</summary>
    public static string HostileString(Random random)
    {
        if (random.Next(3) == 0)
        {
            return HostileStrings[random.Next(HostileStrings.Length)];
        }

        var builder = new StringBuilder();
        for (int i = random.Next(0, 80); i > 0; i--)
        {
            builder.Append(random.Next(6) switch
            {
                0 => (char)random.Next(0, 32),
                1 => (char)random.Next(0xD800, 0xE000),
                2 => (char)random.Next(0x80, 0x3000),
                _ => (char)random.Next(32, 127),
            });
        }

        return builder.ToString();
    }

    private static byte[] ReplaceStringValue(byte[] seed, Random random)
    {
        string text = Encoding.UTF8.GetString(seed);
        var strings = System.Text.RegularExpressions.Regex.Matches(text, ":\\s*\"(?<v>(?:[^\"\\\\]|\\\\.)*)\"");
        if (strings.Count == 0)
        {
            return seed;
        }

        var value = strings[random.Next(strings.Count)].Groups["v"];
        string replacement = Escape(HostileString(random));
        return Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, value.Index), replacement, text.AsSpan(value.Index + value.Length)));
    }

    /// <summary>JSON-escapes by hand, so lone surrogates reach the parser as <c>\\uD800</c> escapes.</summary>
    private static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (char ch in value)
        {
            if (ch is '"' or '\\' || ch < 32 || ch > 126)
            {
                builder.Append("\\u").Append(((int)ch).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(ch);
            }
        }

        return builder.ToString();
    }

    private static byte[] Insert(byte[] into, int at, byte[] what) => [.. into[..at], .. what, .. into[at..]];
}
