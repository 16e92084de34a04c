using System.Security.Cryptography;
using Nimbus.Api.Files;

namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// This storage node: its stable id (made once, kept in <c>&lt;data&gt;/node-id</c>, so a restarted node is the same
/// node and gets what it missed), its zone, a random holder per process, and its peer URL once the listener is bound.
/// </summary>
internal sealed class NodeIdentity
{
    private const string FileName = "node-id";
    private readonly TaskCompletionSource _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NodeIdentity(string id, string zone, bool metadata = false)
    {
        Id = id;
        Zone = zone;
        Metadata = metadata;
    }

    /// <summary>This node is the metadata node (serves S3; the others follow its change feed).</summary>
    public bool Metadata { get; }

    public string Id { get; }

    public string Zone { get; }

    public string Holder { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public Uri? Peer { get; private set; }

    /// <summary>Completes when the peer listener's URL is known.</summary>
    public Task Bound => _bound.Task;

    /// <summary>This node's S3 endpoint, when it serves S3.</summary>
    public Uri? S3 { get; private set; }

    public StorageNodeInfo Self => new(Id, Zone, Peer ?? new Uri("http://127.0.0.1/"), true, Metadata, S3);

    public void Bind(Uri peer, Uri? s3 = null)
    {
        Peer = peer;
        S3 = s3;
        _bound.TrySetResult();
    }

    /// <summary>The id kept in <paramref name="directory"/>, made on first use: "sn-" and 12 hex digits (a DNS label).</summary>
    public static string LoadOrCreateId(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (IsValidId(existing))
            {
                return existing;
            }
            throw new InvalidDataException($"{path} does not hold a node id (sn- and 12 hex digits); restore it, or delete it to make this a new node");
        }
        var id = "sn-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        AtomicFile.Write(path, id + "\n", AtomicFile.WorldReadable);
        return id;
    }

    public static bool IsValidId(ReadOnlySpan<char> id) =>
        id.Length == 15 && id.StartsWith("sn-", StringComparison.Ordinal) && id[3..].IndexOfAnyExcept("0123456789abcdef") < 0;
}
