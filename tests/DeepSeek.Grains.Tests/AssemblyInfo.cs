// The cluster and libtorch share the process and the machine is small: tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
