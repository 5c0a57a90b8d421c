"""Only there to make builds faster: state between builds, jobs, caches, memos, forks."""
