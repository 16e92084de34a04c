using System.Globalization;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.S3.Http;
using Nimbus.ObjectStore.S3.Xml;

namespace Nimbus.ObjectStore.S3;

internal sealed partial class S3Dispatcher
{
    private async Task GetVersioningAsync(S3Call call)
    {
        var bucket = RequireBucket(call);
        using var xml = new XmlBuilder(256);
        xml.Root("VersioningConfiguration");
        if (bucket.Settings.Versioning != VersioningState.Unversioned)
        {
            xml.Element("Status", bucket.Settings.Versioning == VersioningState.Enabled ? "Enabled" : "Suspended");
        }
        xml.End("VersioningConfiguration");
        await call.XmlAsync(xml).ConfigureAwait(false);
    }

    private async Task PutVersioningAsync(S3Call call)
    {
        RequireBucket(call);
        var root = await ReadXmlAsync(call).ConfigureAwait(false);
        if (root.ChildValue("MfaDelete") is "Enabled")
        {
            throw new S3Exception(S3Errors.NotImplemented("MFA delete"));
        }
        var state = root.ChildValue("Status") switch
        {
            "Enabled" => VersioningState.Enabled,
            "Suspended" => VersioningState.Suspended,
            _ => throw new S3Exception(S3Errors.IllegalVersioningConfiguration()),
        };
        // Once on, a bucket's versioning can only be suspended, never turned off: the versions exist.
        Check(await engine.UpdateBucketAsync(call.BucketName, s => s with { Versioning = state }, call.Aborted).ConfigureAwait(false), call);
        await call.EmptyAsync().ConfigureAwait(false);
    }

    private async Task GetCorsAsync(S3Call call)
    {
        var bucket = RequireBucket(call);
        var rules = bucket.Settings.Cors ?? throw new S3Exception(S3Errors.NoSuchCors(call.BucketName));
        using var xml = new XmlBuilder(1024);
        xml.Root("CORSConfiguration");
        foreach (var rule in rules)
        {
            xml.Start("CORSRule").Element("ID", rule.Id);
            foreach (var v in rule.AllowedHeaders)
            {
                xml.Element("AllowedHeader", v);
            }
            foreach (var v in rule.AllowedMethods)
            {
                xml.Element("AllowedMethod", v);
            }
            foreach (var v in rule.AllowedOrigins)
            {
                xml.Element("AllowedOrigin", v);
            }
            foreach (var v in rule.ExposeHeaders)
            {
                xml.Element("ExposeHeader", v);
            }
            if (rule.MaxAgeSeconds is { } age)
            {
                xml.Element("MaxAgeSeconds", age);
            }
            xml.End("CORSRule");
        }
        xml.End("CORSConfiguration");
        await call.XmlAsync(xml).ConfigureAwait(false);
    }

    private async Task PutCorsAsync(S3Call call)
    {
        RequireBucket(call);
        var root = await ReadXmlAsync(call).ConfigureAwait(false);
        var rules = Cors.Parse(root);
        Check(await engine.UpdateBucketAsync(call.BucketName, s => s with { Cors = rules }, call.Aborted).ConfigureAwait(false), call);
        await call.EmptyAsync().ConfigureAwait(false);
    }

    private async Task DeleteCorsAsync(S3Call call)
    {
        RequireBucket(call);
        Check(await engine.UpdateBucketAsync(call.BucketName, s => s with { Cors = null }, call.Aborted).ConfigureAwait(false), call);
        await call.EmptyAsync(204).ConfigureAwait(false);
    }

    private async Task GetEncryptionAsync(S3Call call)
    {
        var bucket = RequireBucket(call);
        if (!bucket.Settings.DefaultEncryption)
        {
            throw new S3Exception(S3Errors.NoSuchEncryption(call.BucketName));
        }
        using var xml = new XmlBuilder(512);
        xml.Root("ServerSideEncryptionConfiguration").Start("Rule").Start("ApplyServerSideEncryptionByDefault")
            .Element("SSEAlgorithm", "AES256").End("ApplyServerSideEncryptionByDefault").Element("BucketKeyEnabled", false)
            .End("Rule").End("ServerSideEncryptionConfiguration");
        await call.XmlAsync(xml).ConfigureAwait(false);
    }

    private async Task PutEncryptionAsync(S3Call call)
    {
        RequireBucket(call);
        var root = await ReadXmlAsync(call).ConfigureAwait(false);
        var algorithm = root.Child("Rule")?.Child("ApplyServerSideEncryptionByDefault")?.ChildValue("SSEAlgorithm");
        if (algorithm is "aws:kms" or "aws:kms:dsse")
        {
            throw new S3Exception(S3Errors.NotImplemented("SSE-KMS (use AES256)"));
        }
        if (algorithm != "AES256")
        {
            throw new S3Exception(S3Errors.MalformedXml("Rule/ApplyServerSideEncryptionByDefault/SSEAlgorithm must be AES256"));
        }
        Check(await engine.UpdateBucketAsync(call.BucketName, s => s with { DefaultEncryption = true }, call.Aborted).ConfigureAwait(false), call);
        await call.EmptyAsync().ConfigureAwait(false);
    }

    private async Task DeleteEncryptionAsync(S3Call call)
    {
        RequireBucket(call);
        Check(await engine.UpdateBucketAsync(call.BucketName, s => s with { DefaultEncryption = false }, call.Aborted).ConfigureAwait(false), call);
        await call.EmptyAsync(204).ConfigureAwait(false);
    }

    private async Task DeleteObjectsAsync(S3Call call)
    {
        var bucket = RequireBucket(call);
        var root = await ReadXmlAsync(call).ConfigureAwait(false);
        var quiet = string.Equals(root.ChildValue("Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        var objects = root.Children("Object").ToList();
        if (objects.Count is 0 or > MaxKeys)
        {
            throw new S3Exception(S3Errors.MalformedXml($"Delete needs between 1 and {MaxKeys} Object elements"));
        }
        using var xml = new XmlBuilder(16 * 1024);
        xml.Root("DeleteResult");
        // Every delete is queued at once (in order: two of one key still apply in order), so they commit in a few
        // group-commit batches rather than one fsync (and one round of follower confirmations) per key.
        var deletes = new List<(string Key, string? VersionId, Task<DeleteOutcome>? Outcome)>(objects.Count);
        foreach (var o in objects)
        {
            var key = o.ChildValue("Key") ?? "";
            var versionId = o.ChildValue("VersionId");
            var valid = key.Length > 0 && ObjectKeys.Validate(key) is null;
            deletes.Add((key, versionId, valid ? engine.DeleteObjectAsync(call.BucketName, key, versionId, call.Aborted).AsTask() : null));
        }
        try
        {
            await Task.WhenAll(deletes.Where(d => d.Outcome is not null).Select(d => d.Outcome!)).ConfigureAwait(false);
        }
        catch (ReplicationQuorumException)
        {
            // Answered per key below: each delete is done (or not) on its own.
        }
        foreach (var (key, versionId, pending) in deletes)
        {
            if (pending is null)
            {
                xml.Start("Error").Element("Key", key).Element("VersionId", versionId).Element("Code", key.Length == 0 ? "UserKeyMustBeSpecified" : "InvalidArgument")
                    .Element("Message", key.Length == 0 ? "The request omitted a required key." : "The key is not valid.").End("Error");
                continue;
            }
            if (pending.Exception?.InnerException is ReplicationQuorumException)
            {
                xml.Start("Error").Element("Key", key).Element("VersionId", versionId).Element("Code", "ServiceUnavailable")
                    .Element("Message", "Too few storage nodes confirmed the delete in time; it may still apply. Retry it.").End("Error");
                continue;
            }
            var outcome = await pending.ConfigureAwait(false);
            if (outcome.Status is not (EngineStatus.Ok or EngineStatus.NoSuchKey or EngineStatus.NoSuchVersion))
            {
                var error = ToError(outcome.Status, call);
                xml.Start("Error").Element("Key", key).Element("VersionId", versionId).Element("Code", error.Code).Element("Message", error.Message).End("Error");
                continue;
            }
            if (quiet)
            {
                continue;
            }
            xml.Start("Deleted").Element("Key", key).Element("VersionId", versionId);
            if (outcome.DeleteMarker)
            {
                xml.Element("DeleteMarker", true);
                if (bucket.Settings.Versioning != VersioningState.Unversioned && outcome.VersionId is not null)
                {
                    xml.Element("DeleteMarkerVersionId", outcome.VersionId);
                }
            }
            xml.End("Deleted");
        }
        xml.End("DeleteResult");
        await call.XmlAsync(xml).ConfigureAwait(false);
    }

    private static async Task<System.Xml.Linq.XElement> ReadXmlAsync(S3Call call)
    {
        if (RequestAuthentication.OpenBody(call, out var body, out _) is { } bodyError)
        {
            throw new S3Exception(bodyError);
        }
        try
        {
            var (root, error) = await XmlBody.ReadAsync(call.Request, body, call.Aborted, call.Auth.ExpectedSha256Hex).ConfigureAwait(false);
            return error is not null ? throw new S3Exception(error) : root!;
        }
        finally
        {
            if (!ReferenceEquals(body, call.Request.Body))
            {
                await body.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
