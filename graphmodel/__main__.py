"""`python -m graphmodel` runs the `govgraph` command."""

from graphmodel.cli import main

main()
