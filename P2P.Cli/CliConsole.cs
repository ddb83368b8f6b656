using Spectre.Console;

namespace P2P.Cli;

/// <summary>
/// Where a run writes: its standard output and error, and whether the output is a terminal (a live progress bar
/// and coloured tables) or redirected (plain lines that a log or a pipe can take).
/// </summary>
public sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, bool isTerminal)
    {
        Output = output;
        Error = error;
        IsTerminal = isTerminal;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!isTerminal)
        {
            // A pipe or a log has no width; tables are laid out for one wide enough not to wrap their columns.
            Ansi.Profile.Width = 200;
        }
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public bool IsTerminal { get; }

    /// <summary>Spectre's view of <see cref="Output"/>, for tables and the progress bar.</summary>
    public IAnsiConsole Ansi { get; }

    /// <summary>The process's own console.</summary>
    public static CliConsole System() => new(Console.Out, Console.Error, !Console.IsOutputRedirected);
}
