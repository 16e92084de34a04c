using Nimbus.ObjectStore.S3.Http;
using Nimbus.ObjectStore.S3.Xml;

namespace Nimbus.ObjectStore.S3;

internal sealed partial class S3Dispatcher
{
    private async Task ListBucketsAsync(S3Call call)
    {
        using var xml = new XmlBuilder();
        xml.Root("ListAllMyBucketsResult");
        Owner(xml, call);
        xml.Start("Buckets");
        foreach (var bucket in engine.ListBuckets(call.Credential.Project))
        {
            xml.Start("Bucket").Element("Name", bucket.Name).Element("CreationDate", bucket.Created).Element("BucketRegion", options.Region).End("Bucket");
        }
        xml.End("Buckets").End("ListAllMyBucketsResult");
        await call.XmlAsync(xml).ConfigureAwait(false);
    }

    private async Task CreateBucketAsync(S3Call call)
    {
        // A LocationConstraint, if given, must name this region (as a regional S3 endpoint requires).
        if (call.Request.ContentLength is > 0 || call.Request.Headers.ContentLength is null && call.Request.Headers.TransferEncoding.Count > 0)
        {
            var root = await ReadXmlAsync(call).ConfigureAwait(false);
            var location = root!.ChildValue("LocationConstraint");
            if (!string.IsNullOrEmpty(location) && location != options.Region)
            {
                throw new S3Exception(new S3Error(400, "IllegalLocationConstraintException",
                    $"The '{location}' location constraint is incompatible with this endpoint's region '{options.Region}'; omit it or use '{options.Region}'."));
            }
        }
        var status = await engine.CreateBucketAsync(call.BucketName, call.Credential.Project, call.Aborted).ConfigureAwait(false);
        Check(status, call);
        call.Response.Headers.Location = "/" + call.BucketName;
        await call.EmptyAsync().ConfigureAwait(false);
    }

    private async Task DeleteBucketAsync(S3Call call)
    {
        RequireBucket(call);
        Check(await engine.DeleteBucketAsync(call.BucketName, call.Aborted).ConfigureAwait(false), call);
        await call.EmptyAsync(204).ConfigureAwait(false);
    }

    private Task HeadBucketAsync(S3Call call)
    {
        RequireBucket(call);
        call.Response.Headers["x-amz-bucket-region"] = options.Region;
        return call.EmptyAsync();
    }

    private async Task LocationAsync(S3Call call)
    {
        RequireBucket(call);
        using var xml = new XmlBuilder(256);
        // us-east-1 is reported as an empty constraint, as AWS does (SDKs map it back).
        xml.Root("LocationConstraint");
        if (options.Region != "us-east-1")
        {
            xml.Text(options.Region);
        }
        xml.End("LocationConstraint");
        await call.XmlAsync(xml).ConfigureAwait(false);
    }

    /// <summary>Access is by project, not ACL; clients that read an ACL get the owner's FULL_CONTROL, which is the truth.</summary>
    private async Task AclAsync(S3Call call)
    {
        RequireBucket(call);
        if (call.Key is not null)
        {
            var found = await engine.GetObjectAsync(call.BucketName, call.KeyName, call.Query.Get("versionId"), call.Aborted).ConfigureAwait(false);
            Check(found.Status, call);
        }
        using var xml = new XmlBuilder(512);
        xml.Root("AccessControlPolicy");
        Owner(xml, call);
        xml.Start("AccessControlList").Start("Grant");
        xml.StartWithAttributes("Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\"").Element("ID", call.Credential.Project).Element("DisplayName", call.Credential.Project).End("Grantee");
        xml.Element("Permission", "FULL_CONTROL").End("Grant").End("AccessControlList").End("AccessControlPolicy");
        await call.XmlAsync(xml).ConfigureAwait(false);
    }

    private static void Owner(XmlBuilder xml, S3Call call) =>
        xml.Start("Owner").Element("ID", call.Credential.Project).Element("DisplayName", call.Credential.Project).End("Owner");
}
