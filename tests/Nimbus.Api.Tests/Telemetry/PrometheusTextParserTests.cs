using System.Diagnostics.Metrics;
using System.Text;
using Nimbus.Api.Telemetry;

namespace Nimbus.Api.Tests.Telemetry;

public sealed class PrometheusTextParserTests
{
    [Fact]
    public void Parse_SamplesWithLabelsEscapesAndTimestamps_ReadsNameLabelsAndValue()
    {
        const string text = """
            # HELP x_total Things.
            # TYPE x_total counter
            x_total{app="hello",code="2xx"} 42
            x_total{app="a\"b\\c\nd",} 1.5e3 1700000000000
            up 1
            lat_bucket{le="+Inf"} +Inf

            """;

        var (samples, bad) = PrometheusTextParser.Parse(text, _ => true);

        Assert.Equal(0, bad);
        Assert.Equal(4, samples.Count);
        Assert.Equal("x_total", samples[0].Name);
        Assert.Equal("hello", samples[0].Label("app"));
        Assert.Equal("2xx", samples[0].Label("code"));
        Assert.Equal(42, samples[0].Value);
        Assert.Equal("a\"b\\c\nd", samples[1].Label("app"));
        Assert.Equal(1500, samples[1].Value);
        Assert.Empty(samples[2].Labels);
        Assert.Equal(double.PositiveInfinity, samples[3].Value);
        Assert.Equal("+Inf", samples[3].Label("le"));
    }

    [Theory]
    [InlineData("x{a=\"1\" 2")]
    [InlineData("x{a=1} 2")]
    [InlineData("x 12abc")]
    [InlineData("x{a=\"1\"}2")]
    [InlineData("{a=\"1\"} 2")]
    [InlineData("x{a=\"unterminated} 2")]
    [InlineData("x")]
    public void Parse_MalformedLine_IsCountedAndSkipped(string line)
    {
        var (samples, bad) = PrometheusTextParser.Parse(line + "\nok 1\n", _ => true);

        Assert.Equal(1, bad);
        Assert.Equal("ok", Assert.Single(samples).Name);
    }

    [Fact]
    public void Parse_OnlyWantedNames_AreKept()
    {
        var (samples, _) = PrometheusTextParser.Parse("a 1\nb 2\nab 3\n", name => name.StartsWith('a'));

        Assert.Equal(["a", "ab"], samples.Select(s => s.Name));
    }

    [Fact]
    public void Parse_WhatTheCollectorWrites_ReadsBackEverySeries()
    {
        using var meter = new Meter("Test.Roundtrip." + Guid.NewGuid().ToString("N"));
        using var collector = new MetricsCollector(m => m == meter);
        meter.CreateCounter<long>("rt.requests").Add(7, new KeyValuePair<string, object?>("app", "x\"y"));
        meter.CreateHistogram<double>("rt.latency", "s").Record(0.02);

        var (samples, bad) = PrometheusTextParser.Parse(collector.Scrape(), _ => true);

        Assert.Equal(0, bad);
        Assert.Equal(7, samples.Single(s => s.Name == "rt_requests_total").Value);
        Assert.Equal("x\"y", samples.Single(s => s.Name == "rt_requests_total").Label("app"));
        Assert.Equal(1, samples.Single(s => s.Name == "rt_latency_seconds_count").Value);
        Assert.Equal(1, samples.Single(s => s.Name == "rt_latency_seconds_bucket" && s.Label("le") == "0.025").Value);
    }

    [Fact]
    public void Parse_RandomAndMutatedInput_NeverThrows()
    {
        var random = new Random(20261122);
        const string seed = "# TYPE a counter\na_total{app=\"hello\",code=\"2xx\"} 42 17\nb{le=\"+Inf\"} NaN\n";
        const string alphabet = "{}=\",\\\n #abc019.+-eInfNa_: \t\r";
        for (var round = 0; round < 5000; round++)
        {
            var text = new StringBuilder(seed);
            for (var edits = random.Next(1, 8); edits > 0; edits--)
            {
                var at = random.Next(text.Length + 1);
                switch (random.Next(3))
                {
                    case 0:
                        text.Insert(at, alphabet[random.Next(alphabet.Length)]);
                        break;
                    case 1 when at < text.Length:
                        text.Remove(at, 1);
                        break;
                    default:
                        if (at < text.Length)
                        {
                            text[at] = (char)random.Next(1, 0x250);
                        }
                        break;
                }
            }

            var (samples, bad) = PrometheusTextParser.Parse(text.ToString(), _ => true);

            Assert.True(samples.Count + bad <= text.ToString().Split('\n').Length);
        }
    }
}
