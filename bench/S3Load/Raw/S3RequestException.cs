using System.Net;

namespace Nimbus.Bench.S3Load.Raw;

/// <summary>A request the server answered with an error status, with the S3 error code from its body when it had one.</summary>
internal sealed class S3RequestException : Exception
{
    public S3RequestException()
    {
    }

    public S3RequestException(string message) : base(message)
    {
    }

    public S3RequestException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public S3RequestException(HttpStatusCode status, string? code, string? message)
        : base($"{(int)status} {code ?? status.ToString()}{(string.IsNullOrEmpty(message) ? "" : ": " + message)}")
    {
        Status = status;
        Code = code;
    }

    public HttpStatusCode Status { get; }

    public string? Code { get; }
}
