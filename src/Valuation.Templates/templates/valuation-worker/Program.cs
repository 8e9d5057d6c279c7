#if (sandbox)
using Valuation.Sandbox;
using Valuation.Sandbox.Clients;
#endif
using ValuationWorker;

var builder = Host.CreateApplicationBuilder(args);

#if (sandbox)
// Worker:Sandbox says where the orders go: "embedded" (the default) starts a sandbox in this process; a URL such as
// http://127.0.0.1:5080/ is a valuation-sandbox tool already running there; "none" uses the HouseCanary and
// AppraisalWorks sections (BaseAddress, ApiToken, OwnerOrganizationId, OwnerId; BaseAddress, ClientId, PublicKey,
// PrivateKey), best kept in user secrets or environment variables.
string target = builder.Configuration["Worker:Sandbox"] is { Length: > 0 } setting ? setting : "embedded";
await using var sandbox = target == "embedded" ? await ValuationSandbox.StartAsync() : null;
if (sandbox is not null)
{
    builder.Services.AddHouseCanaryOrderManager(sandbox);
    builder.Services.AddAppraisalWorks(sandbox);
}
else if (target != "none")
{
    var connection = new SandboxConnection(new Uri(target));
    builder.Services.AddHouseCanaryOrderManager(connection);
    builder.Services.AddAppraisalWorks(connection);
}
else
{
    builder.Services.AddHouseCanaryOrderManager(builder.Configuration.GetSection("HouseCanary"));
    builder.Services.AddAppraisalWorks(builder.Configuration.GetSection("AppraisalWorks"));
}
#else
// The HouseCanary and AppraisalWorks sections name the servers and credentials (BaseAddress, ApiToken,
// OwnerOrganizationId, OwnerId; BaseAddress, ClientId, PublicKey, PrivateKey), best kept in user secrets or
// environment variables.
builder.Services.AddHouseCanaryOrderManager(builder.Configuration.GetSection("HouseCanary"));
builder.Services.AddAppraisalWorks(builder.Configuration.GetSection("AppraisalWorks"));
#endif

builder.Services.AddHostedService<OrderWorker>();

var host = builder.Build();
await host.RunAsync();
