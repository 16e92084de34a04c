using System.Text.Json;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.Api.Files;

namespace Nimbus.Hosting;

/// <summary>&lt;data&gt;/endpoints.json, written atomically once every service listens.</summary>
internal static class EndpointsFile
{
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "endpoints.json");

    public static void Write(string dataDirectory, Endpoints endpoints)
    {
        AtomicFile.Write(PathIn(dataDirectory), JsonSerializer.Serialize(endpoints, NimbusJson.Default.Endpoints) + "\n",
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    public static Endpoints? TryRead(string dataDirectory)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(PathIn(dataDirectory)), NimbusJson.Default.Endpoints);
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null;
        }
    }
}
