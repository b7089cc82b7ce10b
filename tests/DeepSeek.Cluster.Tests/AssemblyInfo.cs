// The cluster tests start several silo processes each; running collections side by side would starve them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
