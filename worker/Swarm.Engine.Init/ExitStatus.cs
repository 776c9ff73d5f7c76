namespace Swarm.Engine.Init;

/// <summary>waitpid status → shell-style exit code (128 + signal for a signalled process), as Docker reports it.</summary>
internal static class ExitStatus
{
    public static int ToExitCode(int status)
    {
        var signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }
}
