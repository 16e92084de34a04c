namespace Nimbus.ObjectStore.S3;

/// <summary>An S3 error response: HTTP status, S3 code, message and the extra elements AWS puts beside them.</summary>
internal sealed class S3Error(int status, string code, string message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public string Message { get; } = message;

    /// <summary>Extra elements of the error document (BucketName, Key, ArgumentName, StringToSign, …).</summary>
    public List<KeyValuePair<string, string>> Details { get; } = [];

    /// <summary>Headers to send with the error (Retry-After, Allow, x-amz-delete-marker, …).</summary>
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public S3Error With(string element, string? value)
    {
        if (value is not null)
        {
            Details.Add(new(element, value));
        }
        return this;
    }

    public S3Error WithHeader(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }
}
