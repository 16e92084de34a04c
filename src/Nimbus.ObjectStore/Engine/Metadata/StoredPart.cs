namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>A part row: its MD5 (the part ETag is its hex) and raw checksum feed the multipart ETag and composite checksum.</summary>
internal sealed record StoredPart(int Number, long Size, byte[] Md5, byte[]? Checksum, byte[] Layout);
