using Microsoft.AspNetCore.Builder;

namespace Nimbus.Api.Hosting;

/// <summary>The web application builder every role starts from (control plane, agent, edge, object store).</summary>
public static class RoleWebApplication
{
    /// <summary>
    /// ASP.NET Core's slim builder, without a watch on the working directory. By default the host reads appsettings.json
    /// from the content root (the working directory) and reloads it on change — and to see that one file change, .NET
    /// watches the whole tree under it, subdirectories included. Started from a home or project directory that holds the
    /// data directory, every stored chunk, fsync'd rename and SQLite journal became an inotify event the process decoded,
    /// allocated strings and FileInfos for, and threw away (measured: ~15 KB of garbage per 4 KiB PUT, a third of all
    /// allocation). Nimbus reads no appsettings.json: its defaults are embedded and its settings are flags, so the
    /// content root is the install directory and nothing is watched.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder() => WebApplication.CreateSlimBuilder(new WebApplicationOptions
    {
        ContentRootPath = AppContext.BaseDirectory,
        Args = ["--hostBuilder:reloadConfigOnChange=false"],
    });
}
