using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Reliability.Tests.Support;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 that answers every request with 200, the headers of a full JSON body, and
/// only its first half, then closes the connection cleanly (FIN). The body is cut short strictly after the headers,
/// every time, which the sandbox's reset-based TruncatedBody cannot promise.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly byte[] _body;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public RawHttpServer(byte[] body)
    {
        _body = body;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Requests => Volatile.Read(ref _requests);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var head = new StringBuilder();
            byte[] one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(one, _stop.Token) == 0)
                {
                    return;
                }

                head.Append((char)one[0]);
            }

            Interlocked.Increment(ref _requests);
            string header = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {_body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(header), _stop.Token);
            await stream.WriteAsync(_body.AsMemory(0, _body.Length / 2), _stop.Token);
            await stream.FlushAsync(_stop.Token);
            client.Client.Shutdown(SocketShutdown.Send);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
