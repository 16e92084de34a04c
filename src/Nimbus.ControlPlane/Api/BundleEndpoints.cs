using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.ControlPlane.Bundles;

namespace Nimbus.ControlPlane.Api;

/// <summary>Content-addressed bundle upload and download: PUT/HEAD/GET /v1/bundles/sha256:HEX.</summary>
internal static class BundleEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapMethods("/bundles/{digest}", ["HEAD"], (string digest, BlobStore blobs) =>
            !BlobStore.IsDigest(digest) ? BadDigest() : blobs.Exists(digest) ? Results.Ok() : Results.NotFound())
            .WithName("head-bundle");

        v1.MapGet("/bundles/{digest}", (string digest, BlobStore blobs) =>
        {
            if (!BlobStore.IsDigest(digest))
            {
                return BadDigest();
            }
            return blobs.Exists(digest)
                ? Results.File(blobs.PathOf(digest), "application/gzip", enableRangeProcessing: true)
                : Problems.NotFound($"bundle {digest} has not been uploaded");
        }).WithName("get-bundle");

        v1.MapPut("/bundles/{digest}", async (string digest, HttpContext context, BlobStore blobs, ControlPlaneOptions options, CancellationToken ct) =>
        {
            if (!BlobStore.IsDigest(digest))
            {
                return BadDigest();
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = options.MaxBundleBytes;
            }
            if (context.Request.ContentLength > options.MaxBundleBytes)
            {
                return Problems.TooLarge($"bundles may be at most {options.MaxBundleBytes} bytes; add large files to .nimbusignore");
            }
            if (blobs.Exists(digest))
            {
                return Respond.Json(new BundleInfo { Digest = digest, Size = blobs.Size(digest) }, NimbusJson.Default.BundleInfo);
            }
            var (size, error) = await blobs.WriteAsync(digest, context.Request.Body, options.MaxBundleBytes, ct);
            return error is null
                ? Respond.Json(new BundleInfo { Digest = digest, Size = size }, NimbusJson.Default.BundleInfo, StatusCodes.Status201Created)
                : Problems.BadRequest(error, "body");
        }).WithName("put-bundle").Produces<BundleInfo>(StatusCodes.Status201Created);
    }

    private static IResult BadDigest() => Problems.BadRequest("a bundle is named 'sha256:' followed by 64 lower-case hex digits", "digest");
}
