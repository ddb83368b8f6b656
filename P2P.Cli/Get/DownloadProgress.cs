using System.Globalization;
using P2P.Cli.Output;
using P2P.Transfer.Engine;
using P2P.Transfer.Sources;
using Spectre.Console;

namespace P2P.Cli.Get;

/// <summary>
/// Shows a download while it runs: a live Spectre progress bar (bytes, rate, sources) on a terminal, else one
/// plain line a second whenever the byte count moved, which a log or a pipe can take.
/// </summary>
public static class DownloadProgress
{
    private static readonly TimeSpan s_terminalTick = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_plainTick = TimeSpan.FromSeconds(1);

    public static Task FollowAsync(CliConsole console, FileDownload download, Task run, TimeProvider time) =>
        console.IsTerminal ? BarAsync(console, download, run, time) : LinesAsync(console, download, run, time);

    /// <summary>One plain progress line: <c>3.0 MiB of 8.0 MiB (37%) at 1.2 MiB/s from P1, P2</c>.</summary>
    public static string PlainLine(long done, long total, double bytesPerSecond, IEnumerable<SourceStatus> sources)
    {
        var percent = total > 0 ? 100 * done / total : 100;
        var from = string.Join(", ", sources.Where(s => s.State == SourceState.Active).Select(s => s.Id.Length > 0 ? s.Id : s.GrpcUrl));
        return string.Create(CultureInfo.InvariantCulture,
            $"{Units.Bytes(done)} of {Units.Bytes(total)} ({percent}%) at {Units.Rate(bytesPerSecond)}{(from.Length > 0 ? " from " + from : "")}");
    }

    private static async Task LinesAsync(CliConsole console, FileDownload download, Task run, TimeProvider time)
    {
        var shown = -1L;
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(s_plainTick, time));
            var done = download.BytesDone;
            if (download.BytesTotal > 0 && done != shown && !run.IsCompleted)
            {
                console.Output.WriteLine(PlainLine(done, download.BytesTotal, download.BytesPerSecond, download.Sources));
                shown = done;
            }
        }
    }

    private static Task BarAsync(CliConsole console, FileDownload download, Task run, TimeProvider time) =>
        console.Ansi.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Markup.Escape(download.File), maxValue: 1);
                while (!run.IsCompleted)
                {
                    await Task.WhenAny(run, Task.Delay(s_terminalTick, time));
                    if (download.BytesTotal > 0)
                    {
                        task.MaxValue = download.BytesTotal;
                        task.Value = download.BytesDone;
                    }
                    var sources = download.Sources.Where(s => s.State == SourceState.Active).Select(s => s.Id).ToList();
                    task.Description = Markup.Escape(sources.Count > 0 ? $"{download.File} ← {string.Join(", ", sources)}" : download.File);
                }
                if (run.IsCompletedSuccessfully)
                {
                    task.Value = task.MaxValue;
                }
                task.StopTask();
            });
}
