namespace Nimbus.Hosting;

/// <summary>The access key <c>nimbus up</c> makes for the AWS profile it writes.</summary>
internal sealed record RootAccessKey(string AccessKeyId, string SecretAccessKey);
