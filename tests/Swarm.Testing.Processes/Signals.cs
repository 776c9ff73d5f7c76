using System.Runtime.InteropServices;

namespace Swarm.Testing.Processes;

/// <summary>POSIX signals .NET's Process cannot send: Kill() is SIGKILL only, and a graceful stop needs SIGTERM.</summary>
internal static partial class Signals
{
    private const int SigTerm = 15;

    public static void Terminate(int pid)
    {
        if (kill(pid, SigTerm) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            const int NoSuchProcess = 3; // ESRCH: it is already gone, which is what the caller wants
            if (errno != NoSuchProcess)
                throw new InvalidOperationException($"kill({pid}, SIGTERM) failed with errno {errno}");
        }
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks for one call
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
