namespace Nimbus.Api.Resources;

/// <summary>What an access key is. Its creation time is <see cref="ObjectMeta.Created"/>.</summary>
public sealed class AccessKeySpec
{
    /// <summary>What the key is for, as its creator described it ("root" for the one <c>nimbus up</c> makes).</summary>
    public string Description { get; set; } = "";

    /// <summary>The S3 secret access key (40 characters) that signs requests with this key.</summary>
    public string Secret { get; set; } = "";
}
