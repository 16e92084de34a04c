using System.Text.Json;
using Nimbus.Api;
using Nimbus.Api.Contracts;

namespace Nimbus.Hosting;

/// <summary>&lt;data&gt;/endpoints.json, written atomically once every service listens.</summary>
internal static class EndpointsFile
{
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "endpoints.json");

    public static void Write(string dataDirectory, Endpoints endpoints)
    {
        var path = PathIn(dataDirectory);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(endpoints, NimbusJson.Default.Endpoints) + "\n");
        File.Move(temp, path, overwrite: true);
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
