namespace P2P.Hosting.Limits;

/// <summary>A component's limits on its REST API (keys <c>rate_limit_per_second</c>, <c>rate_limit_burst</c>, <c>max_request_body_bytes</c>).</summary>
public interface IRestLimitOptions
{
    /// <summary>Requests each client IP address may make per second, on average; 0 turns rate limiting off.</summary>
    int RateLimitPerSecond { get; }

    /// <summary>Requests a client may make at once after a quiet spell (the token bucket's size).</summary>
    int RateLimitBurst { get; }

    /// <summary>The largest REST request body accepted, in bytes.</summary>
    long MaxRequestBodyBytes { get; }
}
