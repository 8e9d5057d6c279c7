using System.Globalization;
using System.Text;

namespace Valuation.Sandbox.Documents;

/// <summary>Django's <c>slugify</c>: NFKD then ASCII-fold, lowercase, drop what is not a word character, space or hyphen,
/// collapse runs of spaces and hyphens to one hyphen, strip leading and trailing hyphens and underscores.</summary>
internal static class Slug
{
    public static string Slugify(string value)
    {
        string normalized = value.Normalize(NormalizationForm.FormKD);
        var kept = new StringBuilder(normalized.Length);
        foreach (char c in normalized)
        {
            if (c > 127)
            {
                continue;
            }

            char lower = char.ToLowerInvariant(c);
            if (char.IsAsciiLetterOrDigit(lower) || lower is '_' or '-' || IsSpace(lower))
            {
                kept.Append(lower);
            }
        }

        var slug = new StringBuilder(kept.Length);
        bool inRun = false;
        foreach (char c in kept.ToString())
        {
            if (c == '-' || IsSpace(c))
            {
                if (!inRun)
                {
                    slug.Append('-');
                    inRun = true;
                }
            }
            else
            {
                slug.Append(c);
                inRun = false;
            }
        }

        return slug.ToString().Trim('-', '_');
    }

    // Python's \s on ASCII: space, \t, \n, \v, \f, \r (and \x1c-\x1f, which str.isspace also accepts).
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r' or (>= '\x1c' and <= '\x1f');

    public static string LosAngelesToday(DateTimeOffset now) => LosAngelesDate(now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly LosAngelesDate(DateTimeOffset now)
    {
        var zone = LosAngeles.Value;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
    }

    private static readonly Lazy<TimeZoneInfo> LosAngeles = new(() =>
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        }
        catch (TimeZoneNotFoundException)
        {
            // Without tzdata, approximate Pacific time with its US daylight-saving rule.
            var dstStart = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 2, DayOfWeek.Sunday);
            var dstEnd = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 11, 1, DayOfWeek.Sunday);
            var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1), dstStart, dstEnd);
            return TimeZoneInfo.CreateCustomTimeZone("America/Los_Angeles", TimeSpan.FromHours(-8), "Pacific", "PST", "PDT", [rule]);
        }
    });
}
