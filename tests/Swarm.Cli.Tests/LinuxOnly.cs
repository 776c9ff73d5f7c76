// The daemon runs on Linux only (namespaces, cgroups, unix sockets with owner-only modes).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
