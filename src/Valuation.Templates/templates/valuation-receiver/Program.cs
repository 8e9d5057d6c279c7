using ValuationReceiver;

var builder = WebApplication.CreateBuilder(args);

// HouseCanary callouts: verified (the scheme and secrets of HouseCanary:Callouts), de-duplicated on message_id,
// then handed to HouseCanaryCalloutHandler as typed messages.
builder.Services.AddHouseCanaryCallouts<HouseCanaryCalloutHandler>(builder.Configuration.GetSection("HouseCanary:Callouts"));

// AppraisalWorks postbacks: verified (AppraisalWorks:Postbacks), their route rebuilt from the parsed event, the
// event's details fetched with the AppraisalWorks client (the AppraisalWorks section), then handed to AppraisalWorksPostbackHandler.
builder.Services.AddAppraisalWorks(builder.Configuration.GetSection("AppraisalWorks"));
builder.Services.AddAppraisalWorksPostbacks<AppraisalWorksPostbackHandler>(builder.Configuration.GetSection("AppraisalWorks:Postbacks"));

var app = builder.Build();

app.MapHouseCanaryCallouts("/callouts/housecanary");
app.MapAppraisalWorksPostbacks("/postbacks/appraisalworks");

app.Run();
