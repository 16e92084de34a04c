// hello-dotnet: the ASP.NET Core version of hello-python. Nimbus sets PORT; the app answers on 127.0.0.1:PORT.
var builder = WebApplication.CreateSlimBuilder(args);
var port = Environment.GetEnvironmentVariable("PORT") ?? "8080";
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
var app = builder.Build();

var greeting = Environment.GetEnvironmentVariable("GREETING") ?? "hello";
var instance = Environment.GetEnvironmentVariable("NIMBUS_INSTANCE_ID") ?? "local";
var release = Environment.GetEnvironmentVariable("NIMBUS_RELEASE") ?? "dev";

app.Use(async (context, next) =>
{
    await next();
    Console.WriteLine($"{context.Request.Method} {context.Request.Path} {context.Response.StatusCode}");
});
app.MapGet("/", () => $"{greeting} from {instance} ({release})\n");
app.MapGet("/healthz", () => "ok\n");
app.Run();
