namespace Nimbus.Api.Bundles;

/// <summary>A bundle that is not safe or not well-formed: an entry escaping the destination, a link or device,
/// too many entries or bytes, or a corrupt archive.</summary>
public sealed class InvalidBundleException : Exception
{
    public InvalidBundleException()
    {
    }

    public InvalidBundleException(string message)
        : base(message)
    {
    }

    public InvalidBundleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidBundleException(string entryName, string message)
        : base($"bundle entry '{Shorten(entryName)}': {message}")
    {
        EntryName = entryName;
    }

    /// <summary>The archive entry at fault, when there is one.</summary>
    public string? EntryName { get; }

    private static string Shorten(string name) => name.Length <= 200 ? name : string.Concat(name.AsSpan(0, 200), "…");
}
