namespace Nimbus.Api.Resources;

/// <summary>Nothing to report: a key works as soon as it is stored. (Last-used times would go here.)</summary>
public sealed class AccessKeyStatus
{
}
