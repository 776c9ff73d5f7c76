// Placeholder entry point until the shim lands; never shipped as a container's first process.
return 64;
