using System.Text;
using P2P.Cli;
using P2P.Contracts.Security;

namespace P2P.Tests;

/// <summary>Runs the <c>p2p</c> command line in-process, with its output and errors captured and no environment of its own.</summary>
public static class CliRunner
{
    private static readonly string s_noStateFolder = Path.Combine(Path.GetTempPath(), $"p2p-no-state-{Guid.NewGuid():N}");

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(args, new CapturedWriter(), TestContext.Current.CancellationToken);

    /// <summary>Runs with <paramref name="output"/> as stdout, which the test may read while the run goes on.</summary>
    public static async Task<CliRun> RunAsync(
        string[] args, CapturedWriter output, CancellationToken cancellationToken, Func<string, string?>? environment = null)
    {
        var error = new CapturedWriter();
        var given = environment ?? (_ => null);
        // Never the real home's state folder: a developer's running AppHost would lend its key to a test that expects none.
        string? Isolated(string name) => given(name) ?? (name == LocalRun.StateFolderVariable ? s_noStateFolder : null);
        var code = await CliApp.RunAsync(args, new CliConsole(output, error, isTerminal: false), Isolated, cancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}

/// <summary>What one run of the command line did.</summary>
public sealed record CliRun(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Out}\nstderr: {Err}";
}

/// <summary>A text writer that can be read while another thread writes to it.</summary>
public sealed class CapturedWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_lock)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_lock)
        {
            _text.Append(value);
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return _text.ToString();
        }
    }
}
