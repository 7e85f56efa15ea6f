"""`python -m govgraph` runs the `govgraph` command."""

from govgraph.cli import main

main()
