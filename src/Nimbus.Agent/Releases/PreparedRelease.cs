using Nimbus.Api.Resources;

namespace Nimbus.Agent.Releases;

/// <summary>A release unpacked and built on this node.</summary>
internal sealed record PreparedRelease(Release Release, string Directory, string Home);
