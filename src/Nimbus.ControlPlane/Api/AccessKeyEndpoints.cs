using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Events;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Api;

/// <summary><c>/v1/keys</c>: S3 access keys as users see them. The secret is shown once, in the answer to the POST;
/// the reads leave it out. (The generic <c>/v1/accesskeys</c> reads and the watch carry it, for S3 nodes.)</summary>
internal static class AccessKeyEndpoints
{
    public const int MaxDescriptionLength = 256;
    private const string DescriptionField = "description";

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/keys", async (HttpRequest request, ResourceRepository<AccessKey> keys, EventRecorder events, CancellationToken ct) =>
        {
            var (body, error) = await JsonBody.ReadAsync(request, NimbusJson.Default.CreateAccessKeyRequest, ct);
            if (error is not null)
            {
                return error;
            }
            var description = body!.Description?.Trim() ?? "";
            if (DescriptionProblem(description) is { } problem)
            {
                return Problems.BadRequest(problem, DescriptionField);
            }
            // Ids are 93 random bits: a collision is not expected, but a create never overwrites, so retry one anyway.
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var key = new AccessKey
                {
                    Metadata = new ObjectMeta { Name = AccessKeyIds.NewId() },
                    Spec = new AccessKeySpec { Description = description, Secret = AccessKeyIds.NewSecret() },
                };
                var result = await keys.CreateAsync(key, ct);
                if (result.Succeeded)
                {
                    await events.NormalAsync($"accesskey/{key.Metadata.Name}", "", "AccessKeyCreated",
                        $"access key {key.Metadata.Name} created" + (description.Length > 0 ? $" ({description})" : ""), ct);
                    return Respond.Json(Info(result.Value!, withSecret: true), NimbusJson.Default.AccessKeyInfo, StatusCodes.Status201Created);
                }
            }
            return Problems.Conflict("could not pick an unused access key id; retry");
        }).WithName("create-key").Accepts<CreateAccessKeyRequest>("application/json").Produces<AccessKeyInfo>(StatusCodes.Status201Created);

        v1.MapGet("/keys", async (ResourceRepository<AccessKey> keys, CancellationToken ct) =>
        {
            var (items, revision) = await keys.ListAsync(ObjectMeta.DefaultProject, ct);
            var infos = new List<AccessKeyInfo>(items.Count);
            foreach (var key in items)
            {
                infos.Add(Info(key, withSecret: false));
            }
            return Respond.Json(new ResourceList<AccessKeyInfo> { Items = infos, Revision = revision }, NimbusJson.Default.ResourceListAccessKeyInfo);
        }).WithName("list-keys").Produces<ResourceList<AccessKeyInfo>>();

        v1.MapGet("/keys/{id}", async (string id, ResourceRepository<AccessKey> keys, CancellationToken ct) =>
        {
            var key = AccessKeyIds.IsValidId(id) ? await keys.GetAsync(ObjectMeta.DefaultProject, id, ct) : null;
            return key is null ? Missing(id) : Respond.Json(Info(key, withSecret: false), NimbusJson.Default.AccessKeyInfo);
        }).WithName("get-key").Produces<AccessKeyInfo>();

        v1.MapDelete("/keys/{id}", async (string id, ResourceRepository<AccessKey> keys, EventRecorder events, CancellationToken ct) =>
        {
            if (!AccessKeyIds.IsValidId(id))
            {
                return Missing(id);
            }
            var result = await keys.DeleteAsync(ObjectMeta.DefaultProject, id, 0, ct);
            if (result.Status == WriteStatus.NotFound)
            {
                return Missing(id);
            }
            if (!result.Succeeded)
            {
                return Problems.Conflict($"access key '{id}' changed while it was being deleted; retry");
            }
            await events.NormalAsync($"accesskey/{id}", "", "AccessKeyDeleted", $"access key {id} deleted; requests signed with it are refused", ct);
            return TypedResults.NoContent();
        }).WithName("delete-key").Produces(StatusCodes.Status204NoContent);
    }

    internal static string? DescriptionProblem(string description)
    {
        if (description.Length > MaxDescriptionLength)
        {
            return $"the description is {description.Length} characters; at most {MaxDescriptionLength} are allowed";
        }
        foreach (var c in description)
        {
            if (char.IsControl(c))
            {
                return "the description may not contain control characters (line breaks, tabs, …)";
            }
        }
        return null;
    }

    private static IResult Missing(string id) => Problems.NotFound(
        $"access key '{id}' does not exist. List keys with GET /v1/keys ('nimbus keys list').");

    private static AccessKeyInfo Info(AccessKey key, bool withSecret) => new()
    {
        AccessKeyId = key.Metadata.Name,
        SecretAccessKey = withSecret ? key.Spec.Secret : null,
        Description = key.Spec.Description,
        Project = key.Metadata.Project,
        Created = key.Metadata.Created,
    };
}
