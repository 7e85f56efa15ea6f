"""`govgraph serve`: the main job, the API and the explorer on the configured engine."""

from __future__ import annotations

import typer

# Every line names its request id, so an error a caller reports (with the id from its response) is found here.
LOG_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "api.request_ids.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}},
    "loggers": {
        "govgraph": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        # While the engine is down the driver logs every retry; the engine supervisor's lines say it once.
        "neo4j": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
    },
}


def serve_command(
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, min=1, max=65535, help="port to listen on"),
    reference: bool = typer.Option(True, "--reference/--no-reference",
                                   help="load the built-in reference data, or bring it up to date, at start"),
) -> None:
    """Serve the HTTP API (/api/v1, documented at /docs) and the explorer (/); starts the embedded engine and
    loads the reference data if needed."""
    import uvicorn

    from api.main import create_app

    # Our middleware writes the access log with request ids; uvicorn's own would repeat each line without them.
    uvicorn.run(create_app(load_reference=reference), host=host, port=port, log_config=LOG_CONFIG, access_log=False)
