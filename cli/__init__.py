"""The `overclaim` command line."""
