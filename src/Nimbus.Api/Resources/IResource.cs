namespace Nimbus.Api.Resources;

/// <summary>A resource: metadata, a spec (what the user wants) and a status (what is true now).</summary>
public interface IResource
{
    ObjectMeta Metadata { get; set; }
}
