using System.CommandLine;
using Nimbus.Api;
using Nimbus.Api.Resources;
using Nimbus.Cli;
using Spectre.Console;

namespace Nimbus.Commands;

internal static class StatusCommand
{
    public static Command Create()
    {
        var command = new Command("status", "Show nodes, zones and capacity");
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var nodes = await client.ListAsync("nodes", NimbusJson.Default.ResourceListNode, ct);
            if (GlobalOptions.Json(result))
            {
                Output.Json(nodes.Items, NimbusJson.Default.ListNode);
                return ExitCodes.Ok;
            }
            var now = DateTimeOffset.UtcNow;
            var table = new Table().AddColumns("NODE", "ZONE", "STATUS", "CPU FREE/TOTAL", "MEMORY FREE/TOTAL", "INSTANCES", "LIMITS", "HEARTBEAT");
            foreach (var n in nodes.Items.OrderBy(n => n.Spec.Zone).ThenBy(n => n.Metadata.Name))
            {
                var color = n.Status.Phase == NodePhase.Ready ? "green" : "red";
                table.AddRow(
                    Markup.Escape(n.Metadata.Name), Markup.Escape(n.Spec.Zone), $"[{color}]{n.Status.Phase}[/]",
                    $"{Quantities.FormatCpu(n.Status.Free.CpuMillis)}/{Quantities.FormatCpu(n.Spec.Capacity.CpuMillis)}",
                    $"{Quantities.FormatBytes(n.Status.Free.MemoryBytes)}/{Quantities.FormatBytes(n.Spec.Capacity.MemoryBytes)}",
                    n.Status.Instances.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(n.Status.Limits),
                    Output.Ago(n.Status.Heartbeat, now) + " ago");
            }
            AnsiConsole.Write(table);
            var zones = nodes.Items.GroupBy(n => n.Spec.Zone).OrderBy(g => g.Key)
                .Select(g => $"{g.Key}: {g.Count(n => n.Status.Phase == NodePhase.Ready)}/{g.Count()} nodes ready");
            Console.Out.WriteLine("zones  " + string.Join("   ", zones));
            return ExitCodes.Ok;
        });
        return command;
    }
}
