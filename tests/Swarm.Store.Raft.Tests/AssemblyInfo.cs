// Raft clusters are timing-sensitive; several at once on a 2-core machine make leaders flap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
