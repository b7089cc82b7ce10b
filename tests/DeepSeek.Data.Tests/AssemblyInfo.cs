// The machine is small and the clusters and servers are real: test classes run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
