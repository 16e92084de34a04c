namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>
/// Where chunk files live: <c>&lt;dir&gt;/chunks/xx/&lt;id&gt;</c>, xx being the id's first two hex digits (256 fan-out
/// directories, created and fsynced once at start, so no directory is ever created on the write path). A chunk is
/// written as <c>&lt;id&gt;.tmp</c> beside its final name and renamed when complete.
/// </summary>
internal sealed class ChunkPaths
{
    public const string TempSuffix = ".tmp";

    public ChunkPaths(string directory)
    {
        Root = Path.Combine(directory, "chunks");
        var created = !System.IO.Directory.Exists(Root);
        System.IO.Directory.CreateDirectory(Root);
        for (var i = 0; i < 256; i++)
        {
            var fan = Path.Combine(Root, i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            if (!System.IO.Directory.Exists(fan))
            {
                System.IO.Directory.CreateDirectory(fan);
                created = true;
            }
        }
        if (created)
        {
            DirectorySync.Flush(Root);
            DirectorySync.Flush(directory);
        }
    }

    public string Root { get; }

    public string DirectoryOf(string id) => Path.Combine(Root, id[..2]);

    public string FileOf(string id) => Path.Combine(Root, id[..2], id);

    public string TempOf(string id) => Path.Combine(Root, id[..2], id + TempSuffix);
}
