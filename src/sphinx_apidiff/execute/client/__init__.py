"""The build's side of the engine: the :class:`~.executor.Executor` that talks to the
supervisor, the scheduler that runs pages and reads the cache (:mod:`.schedule`), the cache and
the reports. Runs in the calling process; never runs example code."""
