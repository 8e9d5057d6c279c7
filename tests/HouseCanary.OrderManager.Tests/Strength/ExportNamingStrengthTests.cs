using HouseCanary.OrderManager.Exports;

namespace HouseCanary.OrderManager.Tests.Strength;

/// <summary>
/// The export names the document's rules give for text the other tests do not reach: a reserved character at the
/// very start, characters outside the Basic Multilingual Plane, lone surrogates, and Python's ASCII white space.
/// </summary>
public class ExportNamingStrengthTests
{
    [Theory]
    [InlineData("/4B", "-4B")]
    [InlineData("\\share", "-share")]
    [InlineData(":", "-")]
    [InlineData("\u0001unit", "-unit")]
    [InlineData("4/B", "4-B")]
    public void A_reserved_or_control_character_anywhere_even_first_becomes_a_dash(string given, string expected) =>
        Assert.Equal(expected, ExportNaming.ToFileNamePart(given));

    [Theory]
    [InlineData("loan-1")]
    [InlineData("9 Elm St #4")]
    [InlineData("")]
    public void A_part_that_is_already_safe_is_returned_as_it_is_not_copied(string given) =>
        Assert.Same(given, ExportNaming.ToFileNamePart(given));

    [Fact]
    public void Letters_outside_the_basic_plane_fold_to_ascii_as_djangos_nfkd_does()
    {
        // U+1D400.. MATHEMATICAL BOLD CAPITAL A, B, C and DIGIT ONE: NFKD gives A, B, C and 1 (Django: "abc-1").
        Assert.Equal("abc-1", ExportNaming.Slugify("\U0001D400\U0001D401\U0001D402 \U0001D7CF"));

        // An emoji has no ASCII form and is dropped, and the letters around it are kept.
        Assert.Equal("ab", ExportNaming.Slugify("a\U0001F600b"));
    }

    [Fact]
    public void A_lone_surrogate_is_dropped_and_never_throws()
    {
        // Built in code, not in attributes: an attribute stores its strings as UTF-8, which has no lone surrogates.
        (string Given, string Expected)[] cases =
        [
            ("ab" + '\uD800', "ab"),
            ('\uDC00' + "ab", "ab"),
            ("a" + '\uD800' + "b", "ab"),
            ("a" + '\uD800' + '\uD800' + "b", "ab"),
            ("\uD835\uDC00" + '\uDC00' + "x", "ax"),
            ('\uD800' + "\uD835\uDC00", "a"),
        ];

        foreach (var (given, expected) in cases)
        {
            Assert.Equal(expected, ExportNaming.Slugify(given));
        }
    }

    [Theory]
    [InlineData("a\u001cb", "a-b")]
    [InlineData("a\u001db", "a-b")]
    [InlineData("a\u001fb", "a-b")]
    [InlineData("a\u000bb", "a-b")]
    [InlineData("a\u000cb", "a-b")]
    [InlineData("a\u001bb", "ab")]
    [InlineData("a\u007fb", "ab")]
    [InlineData("a\u00a0b", "a-b")]
    public void Pythons_ascii_white_space_separates_words_and_other_control_characters_are_dropped(string given, string expected) =>
        Assert.Equal(expected, ExportNaming.Slugify(given));
}
