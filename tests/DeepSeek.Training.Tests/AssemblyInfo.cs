// libtorch's thread pool is process-wide and the machine is small: tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
