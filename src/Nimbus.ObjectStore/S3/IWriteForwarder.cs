using Microsoft.AspNetCore.Http;

namespace Nimbus.ObjectStore.S3;

/// <summary>
/// On a storage node that is not the metadata node: S3 writes (PUT, POST, DELETE) go to the metadata node as they
/// came — signature, headers and body untouched — and its answer comes back; reads are served here, from this node's
/// copy of the metadata.
/// </summary>
internal interface IWriteForwarder
{
    /// <summary>Response header (to a request that carried <see cref="ForwardedByHeader"/>): the metadata's change
    /// seq once the write was committed.</summary>
    public const string SeqHeader = "x-nimbus-meta-seq";

    /// <summary>Response header beside <see cref="SeqHeader"/>: the id of the log that seq counts in.</summary>
    public const string LogHeader = "x-nimbus-meta-log";

    /// <summary>Request header a follower adds when it passes a write on: its storage node id.</summary>
    public const string ForwardedByHeader = "x-nimbus-forwarded-by";

    /// <summary>False until this node's metadata copy has its first feed: reads would see an empty store.</summary>
    bool HasCopy { get; }

    Task ForwardAsync(HttpContext http);
}
