using System.Buffers;
using System.Text.Json;

namespace P2P.Contracts.Remote;

/// <summary>
/// Reads another node's JSON answer without trusting it: the size is capped before memory is taken (the declared
/// length first, then the bytes as they arrive), and a body that is not JSON, is null, does not fit its contract or
/// breaks its rules is refused as one <see cref="RemoteAnswerException"/>. Ask with
/// <see cref="HttpCompletionOption.ResponseHeadersRead"/>, or the client buffers the whole body before this runs.
/// </summary>
public static class RemoteAnswerReader
{
    /// <summary>The default cap: a lookup or peer-list answer is a few KiB, 1,000 locations about 200 KiB.</summary>
    public const int DefaultMaxBytes = 4 * 1024 * 1024;

    /// <summary>The cap for a peer's file listing: as large as the Maestro lets a 100,000-file registration be.</summary>
    public const int ListingMaxBytes = 64 * 1024 * 1024;

    private const int FirstBufferBytes = 16 * 1024;

    // A record whose required member is missing or null is refused here, before any rule of its contract runs.
    private static readonly JsonSerializerOptions s_options = new(SnakeCaseJson.Options)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowDuplicateProperties = false,
    };

    public static Task<RemoteAnswer<T>> ReadAnswerAsync<T>(this HttpResponseMessage response, string party, CancellationToken cancellationToken)
        where T : class, IRemoteAnswer<T> =>
        response.ReadAnswerAsync<T>(party, DefaultMaxBytes, cancellationToken);

    public static async Task<RemoteAnswer<T>> ReadAnswerAsync<T>(
        this HttpResponseMessage response, string party, int maxBytes, CancellationToken cancellationToken)
        where T : class, IRemoteAnswer<T>
    {
        var document = await response.ReadDocumentAsync<T>(party, maxBytes, cancellationToken);
        return Check(party, DroppedEntries.For(response.RequestMessage), document.Checked);
    }

    /// <summary>Reads a JSON array of entries, keeping those that pass their rules.</summary>
    public static async Task<RemoteAnswer<IReadOnlyList<T>>> ReadEntriesAsync<T>(
        this HttpResponseMessage response, string party, int maxEntries, int maxBytes, CancellationToken cancellationToken)
        where T : class, IRemoteEntry
    {
        var document = await response.ReadDocumentAsync<List<T?>>(party, maxBytes, cancellationToken);
        return Check(party, DroppedEntries.For(response.RequestMessage), dropped => WireRules.Entries(document, maxEntries, "the list", dropped));
    }

    /// <summary>Reads one entry as a whole answer: an entry that breaks its rules refuses it.</summary>
    public static async Task<RemoteAnswer<T>> ReadEntryAsync<T>(this HttpResponseMessage response, string party, CancellationToken cancellationToken)
        where T : class, IRemoteEntry
    {
        var entry = await response.ReadDocumentAsync<T>(party, DefaultMaxBytes, cancellationToken);
        var loopbackAllowed = DroppedEntries.For(response.RequestMessage).LoopbackAllowed;
        return WireRules.EntryProblem(entry, loopbackAllowed) is { } problem ? throw new RemoteAnswerException(party, problem) : new RemoteAnswer<T>(entry, []);
    }

    internal static async Task<T> ReadDocumentAsync<T>(this HttpResponseMessage response, string party, int maxBytes, CancellationToken cancellationToken)
    {
        var headers = response.Content.Headers;
        if (headers.ContentType?.MediaType is not { } type
            || !(type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            throw new RemoteAnswerException(party, "the body is not JSON (by its content type).");
        }
        if (headers.ContentLength > maxBytes)
        {
            throw new RemoteAnswerException(party, $"the body declares {headers.ContentLength} bytes; at most {maxBytes} are read.");
        }

        var (buffer, length) = await ReadCappedAsync(response.Content, party, maxBytes, cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<T>(buffer.AsSpan(0, length), s_options) ?? throw new RemoteAnswerException(party, "the body is null.");
        }
        catch (JsonException e)
        {
            throw new RemoteAnswerException(party, $"the body does not fit its contract: {e.Message}", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static RemoteAnswer<T> Check<T>(string party, DroppedEntries dropped, Func<ICollection<string>, T> check)
    {
        try
        {
            return new RemoteAnswer<T>(check(dropped), dropped);
        }
        catch (InvalidDataException e)
        {
            throw new RemoteAnswerException(party, e.Message, e);
        }
    }

    /// <summary>Reads the body into a pooled buffer that grows as bytes arrive, never past one byte over the cap.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadCappedAsync(HttpContent content, string party, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(FirstBufferBytes, maxBytes + 1));
        var length = 0;
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            while (true)
            {
                if (length > maxBytes)
                {
                    throw new RemoteAnswerException(party, $"the body is longer than the {maxBytes} bytes read.");
                }
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * buffer.Length, maxBytes + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, maxBytes + 1) - length), cancellationToken);
                if (read == 0)
                {
                    return (buffer, length);
                }
                length += read;
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new RemoteAnswerException(party, $"the body broke off: {e.Message}", e);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
