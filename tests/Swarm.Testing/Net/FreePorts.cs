using System.Net;
using System.Net.Sockets;

namespace Swarm.Testing.Net;

/// <summary>Loopback TCP ports the kernel says are free right now (for nodes a test starts).</summary>
public static class FreePorts
{
    public static IPEndPoint Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return (IPEndPoint)listener.LocalEndpoint;
    }
}
