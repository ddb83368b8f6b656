using System.Collections.Concurrent;
using System.Reflection;
using P2P.Tests.Integration.ResourceLogs;
using Xunit.v3;

[assembly: RunningTests]

namespace P2P.Tests.Integration.ResourceLogs;

/// <summary>
/// Which test of each test collection is running now. Aspire forwards a shared app's resource logs from a background
/// service, outside any test's context, so this is how they find the output of the test they belong to; tests of one
/// collection run one at a time, and an app is shared within one collection at most.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class RunningTestsAttribute : BeforeAfterTestAttribute
{
    private static readonly ConcurrentDictionary<string, ITestOutputHelper> s_outputs = new(StringComparer.Ordinal);

    public override void Before(MethodInfo methodUnderTest, IXunitTest test)
    {
        if (TestContext.Current.TestOutputHelper is { } output)
        {
            s_outputs[test.TestCase.TestCollection.UniqueID] = output;
        }
    }

    public override void After(MethodInfo methodUnderTest, IXunitTest test) =>
        s_outputs.TryRemove(test.TestCase.TestCollection.UniqueID, out _);

    /// <summary>The output of the test of <paramref name="collection"/> running now, if one is.</summary>
    public static ITestOutputHelper? OutputOf(string collection) => s_outputs.GetValueOrDefault(collection);
}
