using System.Globalization;

namespace Nimbus.Bench.S3Load;

/// <summary>The command line: <c>put|get|list|fill</c> and its flags, with the defaults bench/s3.sh relies on.</summary>
internal sealed class LoadOptions
{
    public const string Usage = """
        usage: S3Load put|get|list|fill --endpoint URL --bucket NAME [options]
          --size BYTES         object size (suffixes K, M, G = KiB, MiB, GiB); put/get, default 4K
          --concurrency N      requests in flight, default 1
          --duration SECONDS   measure for this long (put/get default 10; fill: an upper bound)
          --count N            stop after N operations instead (fill: the number of keys, default 10000)
          --warmup SECONDS     unmeasured run first (put/get), default 1
          --prefix P           key prefix (default put/SIZE/, get/SIZE/, none for fill/list)
          --key-space N        put: distinct keys per worker, overwritten in turn (default: 1 GiB of data at most)
          --objects N          get: objects read in turn, uploaded first when missing (default: 1 GiB, 1..256)
          --passes N           list: full listings, default 1
          --page-size N        list: max-keys per page, default 1000
          --region R           signing region, default us-east-1
          --server-pid PID     report that process's CPU use during the measured phase (server_cpu_pct=)
          --client raw|sdk     raw (default): HttpClient + SigV4 written here, a fraction of the SDK's client CPU per request;
                               sdk: the AWS SDK for .NET
          --chunked            sdk only: put with aws-chunked signed streaming (off: one signed payload hash)
          --sdk-md5            sdk only: get through the SDK's MD5-checking stream (off: its base stream, length checked)
        Credentials: --access-key/--secret-key, else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.
        Prints one line: s3load mode=… ops=… ops_per_s=… mib_per_s=… p50_ms=… p99_ms=… errors=…
        """;

    public string Mode { get; private set; } = "";
    public Uri Endpoint { get; private set; } = null!;
    public string Bucket { get; private set; } = "";
    public long Size { get; private set; } = 4096;
    public int Concurrency { get; private set; } = 1;
    public TimeSpan? Duration { get; private set; }
    public long? Count { get; private set; }
    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(1);
    public string? Prefix { get; private set; }
    public int? KeySpace { get; private set; }
    public int? Objects { get; private set; }
    public int Passes { get; private set; } = 1;
    public int PageSize { get; private set; } = 1000;
    public string Region { get; private set; } = "us-east-1";
    public string Client { get; private set; } = "raw";
    public bool Chunked { get; private set; }
    public bool SdkMd5 { get; private set; }
    public int? ServerPid { get; private set; }
    public string AccessKey { get; private set; } = "";
    public string SecretKey { get; private set; } = "";

    /// <summary>Parses <paramref name="args"/>; on a mistake returns null and says why in <paramref name="error"/>.</summary>
    public static LoadOptions? Parse(string[] args, out string error)
    {
        var o = new LoadOptions();
        error = "";
        if (args.Length == 0 || args[0] is not ("put" or "get" or "list" or "fill"))
        {
            error = "the first argument is the mode: put, get, list or fill";
            return null;
        }
        o.Mode = args[0];
        string? endpoint = null, accessKey = null, secretKey = null;
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--chunked" or "--sdk-md5")
            {
                o.Chunked |= name == "--chunked";
                o.SdkMd5 |= name == "--sdk-md5";
                continue;
            }
            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value";
                return null;
            }
            var value = args[++i];
            var ok = true;
            switch (name)
            {
                case "--endpoint": endpoint = value; break;
                case "--bucket": o.Bucket = value; break;
                case "--size": ok = TryParseBytes(value, out var size); o.Size = size; break;
                case "--concurrency": ok = TryParsePositive(value, out var c, int.MaxValue); o.Concurrency = (int)c; break;
                case "--duration": ok = TryParseSeconds(value, out var d); o.Duration = d; break;
                case "--count": ok = TryParsePositive(value, out var n); o.Count = n; break;
                case "--warmup": ok = TryParseSeconds(value, out var w, allowZero: true); o.Warmup = w; break;
                case "--prefix": o.Prefix = value; break;
                case "--key-space": ok = TryParsePositive(value, out var k, int.MaxValue); o.KeySpace = (int)k; break;
                case "--objects": ok = TryParsePositive(value, out var obj, int.MaxValue); o.Objects = (int)obj; break;
                case "--passes": ok = TryParsePositive(value, out var p, int.MaxValue); o.Passes = (int)p; break;
                case "--page-size": ok = TryParsePositive(value, out var ps, int.MaxValue); o.PageSize = (int)ps; break;
                case "--region": o.Region = value; break;
                case "--client": ok = value is "raw" or "sdk"; o.Client = value; break;
                case "--server-pid": ok = TryParsePositive(value, out var pid, int.MaxValue); o.ServerPid = (int)pid; break;
                case "--access-key": accessKey = value; break;
                case "--secret-key": secretKey = value; break;
                default: error = $"unknown option {name}"; return null;
            }
            if (!ok)
            {
                error = $"{name}: '{value}' is not a valid value";
                return null;
            }
        }
        if (endpoint is null || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            error = "--endpoint URL is required (e.g. http://127.0.0.1:9000)";
            return null;
        }
        o.Endpoint = uri;
        if (o.Bucket.Length == 0)
        {
            error = "--bucket NAME is required";
            return null;
        }
        o.AccessKey = accessKey ?? Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") ?? "";
        o.SecretKey = secretKey ?? Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") ?? "";
        if (o.AccessKey.Length == 0 || o.SecretKey.Length == 0)
        {
            error = "credentials are required: --access-key/--secret-key or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY";
            return null;
        }
        if ((o.Chunked || o.SdkMd5) && o.Client != "sdk")
        {
            error = "--chunked and --sdk-md5 change how the SDK sends and reads: they need --client sdk";
            return null;
        }
        if (o.Mode is "put" or "get" && o.Duration is null && o.Count is null)
        {
            o.Duration = TimeSpan.FromSeconds(10);
        }
        return o;
    }

    private static bool TryParseBytes(string text, out long bytes)
    {
        long unit = 1;
        var digits = text.AsSpan();
        if (digits.Length > 0 && char.IsLetter(digits[^1]))
        {
            unit = char.ToUpperInvariant(digits[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 0 };
            digits = digits[..^1];
        }
        bytes = 0;
        if (unit == 0 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }
        bytes = n * unit;
        return true;
    }

    private static bool TryParsePositive(string text, out long value, long max = long.MaxValue) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0 && value <= max;

    private static bool TryParseSeconds(string text, out TimeSpan value, bool allowZero = false)
    {
        var ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && (seconds > 0 || (allowZero && seconds == 0)) && seconds < 86_400;
        value = ok ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
        return ok;
    }
}
