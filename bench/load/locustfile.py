"""The load run's traffic: what intranet pages and portals ask of a shared govgraph service.

A mix of searches, contact paths, reporting chains and node lookups on the
reference data, drawn from ids the service itself lists at the start.
"""

from __future__ import annotations

import random

from locust import FastHttpUser, between, events, task

SEARCH_TERMS = ["psykisk", "lag", "örebro", "rådet", "region", "vård", "nätverk", "barn", "kommun", "stöd"]
STATE: dict[str, list[str]] = {}


@events.test_start.add_listener
def learn_ids(environment, **_) -> None:
    """Ids to ask about, read once through the API itself."""
    import httpx

    with httpx.Client(base_url=environment.host, timeout=60) as client:
        def uids(kind: str) -> list[str]:
            page = client.get("/api/v1/nodes", params={"kind": kind, "limit": 500}).json()
            return [item["uid"] for item in page["items"]]

        STATE["npos"] = uids("npo")
        STATE["lags"] = uids("lag")
        STATE["municipalities"] = [uid for uid in uids("municipality") if uid.startswith(
            ("municipality:18", "municipality:20", "municipality:24"))]  # Örebro, Dalarna, Västerbotten
        STATE["nodes"] = STATE["lags"] + STATE["npos"] + uids("lpo") + uids("person")


class Analyst(FastHttpUser):
    wait_time = between(0.05, 0.2)

    @task(4)
    def search(self) -> None:
        self.client.get("/api/v1/nodes", params={"q": random.choice(SEARCH_TERMS), "limit": 20},
                        name="/api/v1/nodes?q")

    @task(3)
    def contact_path(self) -> None:
        self.client.get("/api/v1/paths/contact", params={"from": random.choice(STATE["npos"]),
                                                         "to": random.choice(STATE["municipalities"])},
                        name="/api/v1/paths/contact")

    @task(2)
    def reporting_chain(self) -> None:
        self.client.get(f"/api/v1/chains/{random.choice(STATE['lags'])}", name="/api/v1/chains/{id}")

    @task(3)
    def node(self) -> None:
        self.client.get(f"/api/v1/nodes/{random.choice(STATE['nodes'])}", name="/api/v1/nodes/{id}")
