"""`govgraph serve`: the main job, the API and the explorer on the configured engine."""

from __future__ import annotations

import typer


def serve_command(
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, min=1, max=65535, help="port to listen on"),
) -> None:
    """Serve the HTTP API and the explorer; starts the embedded engine and loads the reference data if needed."""
    import uvicorn

    from api.main import create_app

    uvicorn.run(create_app(), host=host, port=port)
