using WebhookReceiver;

WebApplication app;
try
{
    app = ReceiverApp.Build(args);
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 1;
}

await app.RunAsync();
return 0;
