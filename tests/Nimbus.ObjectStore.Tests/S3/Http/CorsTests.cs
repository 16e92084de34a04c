using System.Xml.Linq;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.S3;
using Nimbus.ObjectStore.S3.Http;

namespace Nimbus.ObjectStore.Tests.S3.Http;

public sealed class CorsTests
{
    private static XElement Config(string rules) =>
        XElement.Parse($"<CORSConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">{rules}</CORSConfiguration>");

    private static CorsRule Rule(string[] origins, string[] methods, string[]? headers = null, string[]? expose = null, int? maxAge = null) =>
        new(null, origins, methods, headers ?? [], expose ?? [], maxAge);

    [Fact]
    public void Parse_FullRule_ReadsEveryField()
    {
        var rules = Cors.Parse(Config("""
            <CORSRule><ID>web</ID>
              <AllowedOrigin> https://app.example.com </AllowedOrigin><AllowedOrigin>http://*.example.com</AllowedOrigin>
              <AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod>
              <AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds>
            </CORSRule>
            """));
        var rule = Assert.Single(rules);
        Assert.Equal("web", rule.Id);
        Assert.Equal(["https://app.example.com", "http://*.example.com"], rule.AllowedOrigins);
        Assert.Equal(["GET", "PUT"], rule.AllowedMethods);
        Assert.Equal(["*"], rule.AllowedHeaders);
        Assert.Equal(["ETag"], rule.ExposeHeaders);
        Assert.Equal(3000, rule.MaxAgeSeconds);
    }

    [Fact]
    public void Parse_NoRules_MalformedXml() => AssertCode("MalformedXML", () => Cors.Parse(Config("")));

    [Fact]
    public void Parse_101Rules_MalformedXml()
    {
        var rule = "<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>";
        Assert.Equal(100, Cors.Parse(Config(string.Concat(Enumerable.Repeat(rule, 100)))).Count);
        AssertCode("MalformedXML", () => Cors.Parse(Config(string.Concat(Enumerable.Repeat(rule, 101)))));
    }

    [Theory]
    [InlineData("<CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule>")]
    [InlineData("<CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule>")]
    public void Parse_RuleMissingOriginOrMethod_MalformedXml(string rule) => AssertCode("MalformedXML", () => Cors.Parse(Config(rule)));

    [Theory]
    [InlineData("PATCH")]
    [InlineData("get")]
    [InlineData("OPTIONS")]
    public void Parse_UnsupportedMethod_InvalidRequest(string method) =>
        AssertCode("InvalidRequest", () => Cors.Parse(Config($"<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>{method}</AllowedMethod></CORSRule>")));

    [Theory]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("99999999999")]
    public void Parse_BadMaxAge_MalformedXml(string age) =>
        AssertCode("MalformedXML", () => Cors.Parse(Config($"<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>{age}</MaxAgeSeconds></CORSRule>")));

    [Fact]
    public void Parse_OriginWithTwoWildcards_Refused()
    {
        var ex = Assert.Throws<S3Exception>(() => Cors.Parse(Config("<CORSRule><AllowedOrigin>https://*.*.example.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>")));
        Assert.Equal(400, ex.Error.Status);
    }

    [Fact]
    public void Match_NoRules_Null() => Assert.Null(Cors.Match(null, "https://a", "GET", []));

    [Fact]
    public void Match_FirstAllowingRuleWins()
    {
        var first = Rule(["https://other"], ["GET"]);
        var second = Rule(["https://a"], ["GET"]);
        var third = Rule(["*"], ["GET"]);
        Assert.Same(second, Cors.Match([first, second, third], "https://a", "GET", []));
    }

    [Fact]
    public void Match_MethodNotAllowed_Null() => Assert.Null(Cors.Match([Rule(["*"], ["GET"])], "https://a", "PUT", []));

    [Theory]
    [InlineData("http://*.example.com", "http://www.example.com", true)]
    [InlineData("http://*.example.com", "http://a.b.example.com", true)]
    [InlineData("http://*.example.com", "https://www.example.com", false)]
    [InlineData("http://*.example.com", "http://example.com", false)]
    [InlineData("*", "null", true)]
    [InlineData("https://A.example", "https://a.example", false)]
    public void Match_OriginWildcard(string pattern, string origin, bool matches) =>
        Assert.Equal(matches, Cors.Match([Rule([pattern], ["GET"])], origin, "GET", []) is not null);

    [Fact]
    public void Match_EveryRequestedHeaderMustBeAllowed_CaseInsensitively()
    {
        var rules = new[] { Rule(["*"], ["PUT"], ["Content-Type", "x-amz-meta-*"]) };
        Assert.NotNull(Cors.Match(rules, "https://a", "PUT", ["content-type", "X-Amz-Meta-Owner"]));
        Assert.Null(Cors.Match(rules, "https://a", "PUT", ["content-type", "authorization"]));
    }

    [Fact]
    public void Apply_SpecificOrigin_EchoesOriginWithCredentialsAndVary()
    {
        var response = Requests.With().HttpContext.Response;
        Cors.Apply(response, Rule(["https://a"], ["GET"], expose: ["ETag", "x-amz-version-id"]), "https://a", preflight: false);
        Assert.Equal("https://a", response.Headers.AccessControlAllowOrigin.ToString());
        Assert.Equal("true", response.Headers.AccessControlAllowCredentials.ToString());
        Assert.Contains("Origin", response.Headers.Vary.ToString(), StringComparison.Ordinal);
        Assert.Equal("ETag, x-amz-version-id", response.Headers.AccessControlExposeHeaders.ToString());
        Assert.Empty(response.Headers.AccessControlAllowMethods.ToString());
    }

    [Fact]
    public void Apply_AnyOrigin_StarWithoutCredentials()
    {
        var response = Requests.With().HttpContext.Response;
        Cors.Apply(response, Rule(["*"], ["GET"]), "https://a", preflight: false);
        Assert.Equal("*", response.Headers.AccessControlAllowOrigin.ToString());
        Assert.Empty(response.Headers.AccessControlAllowCredentials.ToString());
        Assert.Empty(response.Headers.AccessControlExposeHeaders.ToString());
    }

    [Fact]
    public void Apply_Preflight_AddsMethodsRequestedHeadersAndMaxAge()
    {
        var request = Requests.Create("OPTIONS", [("Access-Control-Request-Headers", "content-type, x-amz-date")]);
        Cors.Apply(request.HttpContext.Response, Rule(["*"], ["GET", "PUT"], ["*"], maxAge: 600), "https://a", preflight: true);
        var headers = request.HttpContext.Response.Headers;
        Assert.Equal("GET, PUT", headers.AccessControlAllowMethods.ToString());
        Assert.Equal("content-type, x-amz-date", headers.AccessControlAllowHeaders.ToString());
        Assert.Equal("600", headers.AccessControlMaxAge.ToString());
    }

    [Fact]
    public void Apply_PreflightWithoutMaxAgeOrHeaders_OmitsThem()
    {
        var response = Requests.Create("OPTIONS", []).HttpContext.Response;
        Cors.Apply(response, Rule(["*"], ["GET"]), "https://a", preflight: true);
        Assert.Empty(response.Headers.AccessControlMaxAge.ToString());
        Assert.Empty(response.Headers.AccessControlAllowHeaders.ToString());
    }

    private static void AssertCode(string code, Action action)
    {
        var ex = Assert.Throws<S3Exception>(action);
        Assert.Equal(code, ex.Error.Code);
        Assert.Equal(400, ex.Error.Status);
    }
}
