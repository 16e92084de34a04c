using Amazon.S3;
using Nimbus.Bench.S3Load.Raw;

namespace Nimbus.Bench.S3Load;

/// <summary>Entry point: parse, make sure the bucket exists, run the mode, print its one result line.</summary>
internal static class LoadCommand
{
    // Exit codes: 0 a result was printed (its errors= field says how many requests failed), 1 the run could not
    // start or finish (no bucket, GET objects not uploadable, interrupted), 2 a usage mistake.
    public static async Task<int> RunAsync(string[] args)
    {
        var options = LoadOptions.Parse(args, out var error);
        if (options is null)
        {
            Console.Error.WriteLine($"s3load: {error}");
            Console.Error.WriteLine(LoadOptions.Usage);
            return 2;
        }
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        using var s3 = ObjectClientFactory.Create(options);
        var errors = new ErrorLog();
        try
        {
            await s3.EnsureBucketAsync(options.Bucket, cancel.Token);
            var result = options.Mode switch
            {
                "list" => await new ListLoad(s3, options, errors).RunAsync(cancel.Token),
                "fill" => await new FillLoad(s3, options, errors).RunAsync(cancel.Token),
                _ => await new ObjectLoad(s3, options, errors).RunAsync(cancel.Token),
            };
            Console.WriteLine(result.ToLine());
            return 0;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("s3load: interrupted");
            return 1;
        }
        catch (Exception ex) when (ex is AmazonS3Exception or S3RequestException or HttpRequestException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine($"s3load: {ex.GetType().Name}: {ex.Message}");
            return 1;
        }
    }
}
