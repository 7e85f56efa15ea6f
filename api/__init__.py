"""The HTTP API and the explorer page, served by `govgraph serve`."""
