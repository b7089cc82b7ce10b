// Each collection runs a whole platform process; on a small machine they take turns.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
