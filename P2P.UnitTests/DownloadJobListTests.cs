using Microsoft.Extensions.Time.Testing;
using P2P.Peer.Downloads;

namespace P2P.Tests.Unit;

/// <summary>The peer's download list: unfinished jobs capped, finished ones expired by age and dropped oldest first past a count.</summary>
public sealed class DownloadJobListTests
{
    private static readonly TimeSpan s_retention = TimeSpan.FromHours(1);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_start_past_the_unfinished_limit_is_refused_naming_the_setting_and_a_finished_job_frees_its_place()
    {
        var jobs = List(maxUnfinished: 2);
        var first = Add(jobs, "a");
        Add(jobs, "b");

        var refused = Assert.Throws<DownloadQueueFullException>(() => Add(jobs, "c"));
        Assert.Contains("max_queued_downloads", refused.Message);
        Assert.Equal(2, refused.Limit);

        first.Finish(_time.GetUtcNow());
        Assert.Equal("c", Add(jobs, "c").Id);
    }

    [Fact]
    public void An_unfinished_job_for_the_same_file_is_returned_instead_of_a_new_one_even_at_the_limit()
    {
        var jobs = List(maxUnfinished: 1);
        var running = Add(jobs, "a");

        var (job, created) = jobs.GetOrAdd(j => j.Id == "a", () => new FakeJob("other"));

        Assert.Same(running, job);
        Assert.False(created);
    }

    [Fact]
    public void A_finished_job_is_listed_until_the_retention_time_has_passed()
    {
        var jobs = List();
        Add(jobs, "a").Finish(_time.GetUtcNow());
        var running = Add(jobs, "b");

        _time.Advance(s_retention - TimeSpan.FromSeconds(1));
        Assert.NotNull(jobs.Find("a"));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(jobs.Find("a"));
        Assert.Same(running, Assert.Single(jobs.Snapshot()));
    }

    [Fact]
    public void Past_the_finished_limit_the_oldest_finished_jobs_are_dropped_and_running_ones_kept()
    {
        var jobs = List(maxFinished: 2);
        var running = Add(jobs, "running");
        foreach (var id in new[] { "old", "middle", "new" })
        {
            Add(jobs, id).Finish(_time.GetUtcNow());
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(["middle", "new", "running"], jobs.Snapshot().Select(j => j.Id).Order());
        Assert.Same(running, jobs.Find("running"));
    }

    private DownloadJobList<FakeJob> List(int maxFinished = 100, int maxUnfinished = 100) => new(s_retention, maxFinished, maxUnfinished, _time);

    private static FakeJob Add(DownloadJobList<FakeJob> jobs, string id) => jobs.GetOrAdd(j => j.Id == id, () => new FakeJob(id)).Job;

    private sealed class FakeJob(string id) : IListedDownload
    {
        public string Id { get; } = id;

        public bool IsFinished => FinishedAt is not null;

        public DateTimeOffset? FinishedAt { get; private set; }

        public void Finish(DateTimeOffset at) => FinishedAt = at;
    }
}
