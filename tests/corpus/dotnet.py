"""ASP.NET Core (Stripe.net 45): appsettings.{Environment}.json layering, EventUtility, EventTypes constants; Azure, Docker."""

from __future__ import annotations

from corpus import E, app, keys

ECO = "dotnet"

CSPROJ = """<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Stripe.net" Version="45.3.0" />
  </ItemGroup>
</Project>
"""

PROGRAM = """using Stripe;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddControllers();

StripeConfiguration.ApiKey = builder.Configuration["Stripe:SecretKey"];

var app = builder.Build();
app.MapControllers();
app.Run();
"""

CONTROLLER = """using Microsoft.AspNetCore.Mvc;
using Stripe;
using Stripe.Checkout;

namespace Acme.Store.Controllers;

[Route("api/stripe/webhook")]
[ApiController]
public class StripeWebhookController : ControllerBase
{
    private readonly string _webhookSecret;
    private readonly ILogger<StripeWebhookController> _logger;

    public StripeWebhookController(IConfiguration configuration, ILogger<StripeWebhookController> logger)
    {
        _webhookSecret = configuration["Stripe:WebhookSecret"]!;
        _logger = logger;
    }

    [HttpPost]
    public async Task<IActionResult> Index()
    {
        var json = await new StreamReader(HttpContext.Request.Body).ReadToEndAsync();
        try
        {
            var stripeEvent = EventUtility.ConstructEvent(json, Request.Headers["Stripe-Signature"], _webhookSecret);
            if (stripeEvent.Type == EventTypes.CheckoutSessionCompleted)
            {
                var session = (Session)stripeEvent.Data.Object;
                _logger.LogInformation("Order paid: {Id}", session.Id);
            }
            else if (stripeEvent.Type == EventTypes.PaymentIntentPaymentFailed)
            {
                _logger.LogWarning("Payment failed: {Id}", stripeEvent.Id);
            }
            return Ok();
        }
        catch (StripeException)
        {
            return BadRequest();
        }
    }
}
"""

PARSE_ONLY = CONTROLLER.replace(
    'var stripeEvent = EventUtility.ConstructEvent(json, Request.Headers["Stripe-Signature"], _webhookSecret);',
    "var stripeEvent = EventUtility.ParseEvent(json);",
)

COMMENTED = CONTROLLER.replace(
    '            var stripeEvent = EventUtility.ConstructEvent(json, Request.Headers["Stripe-Signature"], _webhookSecret);',
    '            // var stripeEvent = EventUtility.ConstructEvent(json, Request.Headers["Stripe-Signature"], _webhookSecret);\n'
    "            var stripeEvent = EventUtility.ParseEvent(json);",
)

APPSETTINGS = """{
  "Logging": {
    "LogLevel": {
      "Default": "Information",
      "Microsoft.AspNetCore": "Warning"
    }
  },
  "AllowedHosts": "*",
  "Stripe": {
    "SecretKey": "",
    "PublishableKey": "",
    "WebhookSecret": ""
  }
}
"""


def api(seed: str, **replace: str | None) -> dict[str, str]:
    k = keys(seed)
    files = {
        "Acme.Store.csproj": CSPROJ,
        "Program.cs": PROGRAM,
        "Controllers/StripeWebhookController.cs": CONTROLLER,
        "appsettings.json": APPSETTINGS,
        "appsettings.Development.json": '{\n  "Stripe": {\n'
        f'    "SecretKey": "{k["sk_test"]}",\n    "PublishableKey": "{k["pk_test"]}",\n'
        f'    "WebhookSecret": "{k["whsec"]}"\n  }}\n}}\n',
        "Properties/launchSettings.json": '{\n  "profiles": {\n    "http": {\n      "commandName": "Project",\n'
        '      "environmentVariables": { "ASPNETCORE_ENVIRONMENT": "Development" }\n    }\n  }\n}\n',
        ".gitignore": "bin/\nobj/\n*.user\n",
    }
    for path, text in replace.items():
        if text is None:
            files.pop(path, None)
        else:
            files[path] = text
    return files


def env(seed: str) -> dict[str, str]:
    k = keys(seed)
    return {"Stripe__SecretKey": k["sk_live"], "Stripe__PublishableKey": k["pk_live"], "Stripe__WebhookSecret": k["whsec"]}


app(
    "dotnet-azure-appservice",
    ECO,
    "azure-app-service",
    api("dna"),
    ready=True,
    holds=(8, 11),
    deploy_env=env("dna"),
    why="ASP.NET Core layers appsettings.json, then appsettings.{Environment}.json, then environment variables "
    "(Stripe__SecretKey): the empty defaults are overridden in production, Development.json is used only by "
    "launchSettings' Development profile; EventUtility.ConstructEvent verifies",
)

app(
    "dotnet-parse-event-only",
    ECO,
    "azure-app-service",
    api("dnb", **{"Controllers/StripeWebhookController.cs": PARSE_ONLY}),
    ready=False,
    fires=(11,),
    deploy_env=env("dnb"),
    expect=(E("GL402", "Controllers/StripeWebhookController.cs", "EventTypes.CheckoutSessionCompleted"),),
    why="EventUtility.ParseEvent only parses: events are acted on (EventTypes constants) without a signature check",
)

app(
    "dotnet-commented-construct-event",
    ECO,
    "azure-app-service",
    api("dnc", **{"Controllers/StripeWebhookController.cs": COMMENTED}),
    ready=False,
    fires=(8, 11),
    deploy_env=env("dnc"),
    expect=(E("GL402", "Controllers/StripeWebhookController.cs", "EventTypes.CheckoutSessionCompleted"),),
    why="the ConstructEvent line is commented out; what runs is ParseEvent",
)

k = keys("dnd")
app(
    "dotnet-appsettings-production-sandbox",
    ECO,
    "azure-app-service",
    api("dnd")
    | {
        "appsettings.Production.json": f'{{\n  "Stripe": {{\n    "SecretKey": "{k["sk_test"]}",\n    "PublishableKey": "{k["pk_test"]}"\n  }}\n}}\n'
    },
    ready=False,
    fires=(8,),
    deploy_env={"Stripe__WebhookSecret": k["whsec"]},
    expect=(
        E("GL101", "appsettings.Production.json", '"SecretKey"'),
        E("GL101", "appsettings.Production.json", '"PublishableKey"'),
    ),
    why="appsettings.Production.json is loaded when ASPNETCORE_ENVIRONMENT=Production (the default outside Development)",
)

app(
    "dotnet-dockerfile-env-sandbox",
    ECO,
    "docker",
    api("dne")
    | {
        "Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /out\n\n"
        "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nWORKDIR /app\nCOPY --from=build /out .\n"
        f'ENV Stripe__SecretKey={keys("dne")["sk_test"]}\nENTRYPOINT ["dotnet", "Acme.Store.dll"]\n'
    },
    ready=False,
    deploy_env={"Stripe__WebhookSecret": keys("dne")["whsec"], "Stripe__PublishableKey": keys("dne")["pk_live"]},
    expect=(E("GL101", "Dockerfile", "ENV Stripe__SecretKey"),),
    maybe=(E("GL502", "Dockerfile", "ENV Stripe__SecretKey"), E("GL103", "Dockerfile", "ENV Stripe__SecretKey")),
    why="the image bakes a sandbox secret key into its environment",
)

GHA = """name: build-and-deploy

on:
  push:
    branches: [main]

jobs:
  test:
    runs-on: ubuntu-latest
    env:
      Stripe__SecretKey: {sk_test}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-dotnet@v4
        with:
          dotnet-version: 8.0.x
      - run: dotnet test

  deploy:
    needs: test
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - run: dotnet publish -c Release -o out
      - uses: azure/webapps-deploy@v3
        with:
          app-name: acme-store
          publish-profile: ${{{{ secrets.AZURE_PUBLISH_PROFILE }}}}
          package: out
"""

app(
    "dotnet-gha-test-job-sandbox",
    ECO,
    "github-actions",
    api("dnf") | {".github/workflows/deploy.yml": GHA.format(sk_test=keys("dnf")["sk_test"])},
    ready=True,
    holds=(4,),
    deploy_env=env("dnf"),
    why="the sandbox key is the test job's; the deploy job builds its own package and ships nothing from the test job",
)

k = keys("dng")
app(
    "dotnet-rendered-production-settings",
    ECO,
    "azure-app-service",
    api("dng")
    | {
        "appsettings.Production.json": f'{{\n  "Stripe": {{\n    "Webhook": {{\n      "Secret": "{k["whsec"]}"\n    }}\n  }}\n}}\n',
        "Controllers/StripeWebhookController.cs": CONTROLLER.replace(
            'configuration["Stripe:WebhookSecret"]', 'configuration["Stripe:Webhook:Secret"]'
        ),
        ".gitignore": "bin/\nobj/\n*.user\nappsettings.Production.json\n",
    },
    ready=True,
    holds=(9,),
    deploy_env={"Stripe__SecretKey": k["sk_live"], "Stripe__PublishableKey": k["pk_live"]},
    why="the release pipeline renders the git-ignored appsettings.Production.json; Stripe:Webhook:Secret holds the real "
    "signing secret",
)
