using System.Buffers;
using System.Text;
using Nimbus.Edge.Proxy.Upstream;

namespace Nimbus.Edge.Tests.Proxy.Upstream;

public sealed class ChunkedDecoderTests
{
    /// <summary>Feeds <paramref name="input"/> in pieces of the given sizes, as a socket would deliver it.</summary>
    private static (ChunkedStatus Status, byte[] Body, int Leftover) Decode(byte[] input, Func<int> pieceSize)
    {
        var decoder = new ChunkedDecoder();
        var body = new List<byte>();
        var pending = new List<byte>();
        var offset = 0;
        while (true)
        {
            var take = Math.Min(pieceSize(), input.Length - offset);
            pending.AddRange(input.AsSpan(offset, take).ToArray());
            offset += take;
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(pending.ToArray()));
            ChunkedStatus status;
            while ((status = decoder.Next(ref reader, out var data)) == ChunkedStatus.Data)
            {
                Assert.True(data.Length > 0);
                body.AddRange(data.ToArray());
            }
            pending = pending.Skip((int)reader.Consumed).ToList();
            if (status is ChunkedStatus.Done or ChunkedStatus.Invalid)
            {
                return (status, body.ToArray(), pending.Count + (input.Length - offset));
            }
            if (offset == input.Length)
            {
                return (status, body.ToArray(), pending.Count);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Decode_ChunksWithExtensionsAndTrailers_InAnyPieces_GivesTheBody(int piece)
    {
        var input = Encoding.ASCII.GetBytes("5;name=\"v\"\r\nhello\r\nA \r\n, world!!!\r\n1\r\n\n\r\n0\r\nX-Trailer: 1\r\nY: 2\r\n\r\nNEXT");

        var (status, body, leftover) = Decode(input, () => piece);

        Assert.Equal(ChunkedStatus.Done, status);
        Assert.Equal("hello, world!!!\n", Encoding.ASCII.GetString(body));
        Assert.Equal(4, leftover);
    }

    [Fact]
    public void Decode_EmptyBody_IsDone()
    {
        var (status, body, leftover) = Decode("0\r\n\r\n"u8.ToArray(), () => 1);
        Assert.Equal(ChunkedStatus.Done, status);
        Assert.Empty(body);
        Assert.Equal(0, leftover);
    }

    [Fact]
    public void Decode_Truncated_NeedsMore()
    {
        Assert.Equal(ChunkedStatus.NeedMore, Decode("5\r\nhel"u8.ToArray(), () => 100).Status);
    }

    [Theory]
    [InlineData("x\r\n")]
    [InlineData("\r\n")]
    [InlineData("5\r\nhelloXX")]
    [InlineData("5 junk\r\nhello\r\n")]
    [InlineData("1000000000000000\r\n")]
    [InlineData("-1\r\n")]
    [InlineData("5\x01\r\nhello\r\n")]
    public void Decode_Malformed_IsInvalid(string text)
    {
        Assert.Equal(ChunkedStatus.Invalid, Decode(Encoding.Latin1.GetBytes(text), () => 100).Status);
    }

    [Fact]
    public void Decode_EndlessSizeLineOrTrailers_IsInvalid()
    {
        Assert.Equal(ChunkedStatus.Invalid, Decode(Encoding.ASCII.GetBytes("5;" + new string('x', 5000)), () => 512).Status);
        var trailers = new StringBuilder("0\r\n");
        for (var i = 0; i < 5000; i++)
        {
            trailers.Append("X-T: 0123456789\r\n");
        }
        Assert.Equal(ChunkedStatus.Invalid, Decode(Encoding.ASCII.GetBytes(trailers.ToString()), () => 4096).Status);
    }

    [Fact]
    public void Decode_MutatedBodies_NeverThrow_AndNeverYieldMoreThanTheInput()
    {
        var random = new Random(77);
        var seed = Encoding.ASCII.GetBytes("4\r\nwiki\r\n6;x=y\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nT: 1\r\n\r\n");
        var alphabet = "\r\n;0123456789abcdefABCDEF xX\t"u8.ToArray();
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = seed.ToList();
            for (var m = random.Next(1, 5); m > 0 && bytes.Count > 0; m--)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(3))
                {
                    case 0: bytes[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: bytes.RemoveAt(at); break;
                    default: bytes.Insert(at, (byte)random.Next(256)); break;
                }
            }
            var input = bytes.ToArray();

            var (status, body, _) = Decode(input, () => random.Next(1, 16));

            Assert.True(Enum.IsDefined(status));
            Assert.True(body.Length <= input.Length);
        }
    }
}
