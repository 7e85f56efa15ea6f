"""The application on top of the layers: the `govgraph` command and the services that span them."""
