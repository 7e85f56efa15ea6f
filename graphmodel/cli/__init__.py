"""The ground floor's commands (`govgraph db`, `govgraph vocabulary`) and what every command shares.

The `govgraph` entry point that gathers every layer's commands is `govgraph.cli`, on top of the layers.
"""
