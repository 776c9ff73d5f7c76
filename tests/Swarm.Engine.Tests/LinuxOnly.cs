// The engine and its tests run on Linux only (overlayfs, namespaces, device nodes).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
