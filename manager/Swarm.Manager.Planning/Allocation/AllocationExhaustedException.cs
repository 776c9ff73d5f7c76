using Swarm.Api.Errors;

namespace Swarm.Manager.Planning.Allocation;

/// <summary>
/// A pool (subnets, addresses, VNIs, dynamic ports) has nothing left. Not the user's spec at fault, so not an
/// <see cref="InvalidSpecException"/>; the allocator leaves the object unallocated and retries when something is freed.
/// </summary>
public sealed class AllocationExhaustedException(string message) : SwarmException(message);
