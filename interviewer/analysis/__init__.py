"""Analysis of an extracted process: metrics, proposals and the to-be process."""
