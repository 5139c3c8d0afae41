"""Background jobs: the Job record and its tasks, the pages that show their progress, the RQ worker."""
