using System.Buffers.Binary;
using System.Security.Cryptography;
using Nimbus.ObjectStore.Checksums;
using Nimbus.ObjectStore.Engine.Data;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// CompleteMultipartUpload: checks S3's part rules, writes the object (its layout the parts' layouts one after the
/// other, no data copied), ETag md5(part md5s)-N, the upload's checksum (composite, or full-object combined from the
/// parts' CRCs) checked against the one the client sent for the whole object, and releases the parts the client did
/// not name.
/// </summary>
internal sealed class CompleteUploadOperation(
    string bucketName,
    string key,
    string uploadId,
    IReadOnlyList<CompletedPart> parts,
    string? expectedChecksum,
    WritePreconditions preconditions,
    IDataStore data,
    long minimumPartSize) : WriteOperation<WriteOutcome>
{
    protected override WriteOutcome Run(MetadataTransaction tx)
    {
        var status = UploadLookup.Find(tx, bucketName, key, uploadId, out var bucket, out var upload);
        if (status != EngineStatus.Ok)
        {
            return new WriteOutcome(status, null);
        }
        var stored = tx.Parts(upload!.Id);
        status = Choose(stored, out var chosen);
        if (status != EngineStatus.Ok)
        {
            return new WriteOutcome(status, null);
        }
        var current = tx.Newest(bucket!.Id, key);
        status = VersionRules.Check(preconditions, current);
        if (status != EngineStatus.Ok)
        {
            return new WriteOutcome(status, null);
        }

        var checksum = upload.ChecksumType == ChecksumType.FullObject
            ? FullObjectChecksum(upload.ChecksumAlgorithm, chosen)
            : CompositeChecksum(upload.ChecksumAlgorithm, chosen);
        if (expectedChecksum is not null && !Matches(expectedChecksum, checksum))
        {
            return new WriteOutcome(EngineStatus.BadDigest, null);
        }

        var layouts = new ReadOnlyMemory<byte>[chosen.Length];
        var sizes = new long[chosen.Length];
        long total = 0;
        for (var i = 0; i < chosen.Length; i++)
        {
            layouts[i] = chosen[i].Layout;
            sizes[i] = chosen[i].Size;
            total += chosen[i].Size;
        }
        var version = new NewVersion(
            total,
            MultipartETag(chosen),
            upload.ChecksumAlgorithm,
            checksum,
            upload.Encryption,
            upload.CustomerKeyMd5,
            sizes,
            StoredJson.Attributes(upload.Attributes),
            data.Concatenate(layouts),
            IsDeleteMarker: false);
        var versionId = VersionRules.Write(tx, this, bucket, key, current, version);
        foreach (var part in stored)
        {
            if (Array.IndexOf(chosen, part) < 0)
            {
                ReleaseAfterCommit(part.Layout);
            }
        }
        tx.DeleteUpload(upload.Id);
        return new WriteOutcome(EngineStatus.Ok, version.ToVersion(bucketName, key, versionId, tx.Now));
    }

    /// <summary>Matches the named parts to the stored ones (both ascending), applying S3's order, ETag and size rules.</summary>
    private EngineStatus Choose(List<StoredPart> stored, out StoredPart[] chosen)
    {
        chosen = new StoredPart[parts.Count];
        if (parts.Count == 0)
        {
            return EngineStatus.InvalidPart;
        }
        var s = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var named = parts[i];
            if (i > 0 && named.PartNumber <= parts[i - 1].PartNumber)
            {
                return EngineStatus.InvalidPartOrder;
            }
            while (s < stored.Count && stored[s].Number < named.PartNumber)
            {
                s++;
            }
            if (s == stored.Count || stored[s].Number != named.PartNumber)
            {
                return EngineStatus.InvalidPart;
            }
            var part = stored[s];
            if (!string.Equals(named.ETag.Trim('"'), Convert.ToHexStringLower(part.Md5), StringComparison.OrdinalIgnoreCase))
            {
                return EngineStatus.InvalidPart;
            }
            if (named.Checksum is not null && part.Checksum is not null && named.Checksum != Convert.ToBase64String(part.Checksum))
            {
                return EngineStatus.InvalidPart;
            }
            chosen[i] = part;
        }
        for (var i = 0; i < chosen.Length - 1; i++)
        {
            if (chosen[i].Size < minimumPartSize)
            {
                return EngineStatus.EntityTooSmall;
            }
        }
        return EngineStatus.Ok;
    }

    /// <summary>hex(md5(concatenation of the parts' binary MD5s)) + "-" + N, as S3 computes it.</summary>
    internal static string MultipartETag(IReadOnlyList<StoredPart> parts)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        foreach (var part in parts)
        {
            md5.AppendData(part.Md5);
        }
        return Convert.ToHexStringLower(md5.GetHashAndReset()) + "-" + parts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether the client's value names this checksum: a full-object value exactly; a composite one with or
    /// without its "-N" (clients send both forms).</summary>
    private static bool Matches(string expected, string? actual) =>
        actual is not null && (expected == actual || (actual.LastIndexOf('-') is var dash and > 0 && expected == actual[..dash]));

    /// <summary>
    /// The whole object's CRC as if it had been uploaded in one piece, combined from the parts' CRCs and sizes (no data
    /// read); null when the algorithm is not a CRC or a part has no checksum.
    /// </summary>
    internal static string? FullObjectChecksum(ChecksumAlgorithm algorithm, IReadOnlyList<StoredPart> parts)
    {
        if (CrcCombine.For(algorithm) is not { } combine)
        {
            return null;
        }
        var size = Checksum.Size(algorithm);
        ulong crc = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].Checksum is not { } raw || raw.Length != size)
            {
                return null;
            }
            var value = size == 8 ? BinaryPrimitives.ReadUInt64BigEndian(raw) : BinaryPrimitives.ReadUInt32BigEndian(raw);
            crc = i == 0 ? value : combine.Combine(crc, value, parts[i].Size);
        }
        Span<byte> digest = stackalloc byte[size];
        if (size == 8)
        {
            BinaryPrimitives.WriteUInt64BigEndian(digest, crc);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(digest, (uint)crc);
        }
        return Convert.ToBase64String(digest);
    }

    /// <summary>The composite checksum (checksum of the parts' raw checksums) + "-N"; null when any part has none.</summary>
    internal static string? CompositeChecksum(ChecksumAlgorithm algorithm, IReadOnlyList<StoredPart> parts)
    {
        if (algorithm == ChecksumAlgorithm.None)
        {
            return null;
        }
        var checksum = Checksum.Create(algorithm);
        foreach (var part in parts)
        {
            if (part.Checksum is null)
            {
                return null;
            }
            checksum.Append(part.Checksum);
        }
        Span<byte> digest = stackalloc byte[checksum.Size];
        checksum.GetHashAndReset(digest);
        return Convert.ToBase64String(digest) + "-" + parts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
