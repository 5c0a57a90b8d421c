"""Only speed: state between builds, jobs, memos, forks. The core never imports it."""
