# The govgraph API and explorer (`govgraph serve`), for use with a Neo4j 5 server (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# .dockerignore lets in only what the package is built from.
COPY . /src
RUN pip install /src && rm -rf /src

RUN useradd --create-home --uid 10001 --user-group govgraph
USER govgraph
WORKDIR /home/govgraph
# Only used when NEO4J_URI is unset and the embedded engine runs inside the container.
ENV GOVGRAPH_DATA_DIR=/home/govgraph/data

EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=4 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health/ready', timeout=4)"]
CMD ["govgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
