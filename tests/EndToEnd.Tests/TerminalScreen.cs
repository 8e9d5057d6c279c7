using System.Text;

namespace EndToEnd.Tests;

/// <summary>
/// What a terminal shows for some output: a carriage return moves to the start of the line and later characters
/// overwrite what is there, a line feed starts a new line (a tty turns "\n" into "\r\n"); trailing spaces are not
/// seen. Enough to see whether one line ran into another, which the raw text does not show.
/// </summary>
internal static class TerminalScreen
{
    public static IReadOnlyList<string> Render(string output)
    {
        var lines = new List<StringBuilder> { new() };
        int column = 0;
        foreach (char c in output)
        {
            switch (c)
            {
                case '\r':
                    column = 0;
                    break;
                case '\n':
                    lines.Add(new StringBuilder());
                    column = 0;
                    break;
                default:
                    var line = lines[^1];
                    if (column < line.Length)
                    {
                        line[column] = c;
                    }
                    else
                    {
                        line.Append(c);
                    }

                    column++;
                    break;
            }
        }

        // The last line is where the cursor waits: blank (or blanked) it is not a line anyone printed.
        var screen = lines.Select(l => l.ToString().TrimEnd()).ToList();
        if (screen[^1].Length == 0)
        {
            screen.RemoveAt(screen.Count - 1);
        }

        return screen;
    }
}
