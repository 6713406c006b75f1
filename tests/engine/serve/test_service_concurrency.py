"""32 requests at once get exactly what the same requests get one after another.

durable_rules is not thread-safe; the engine reaches it through one host under one lock, and the
service runs its endpoints in a thread pool. Mixed requests (scores under different assumptions,
explanations in both languages, what-ifs, the assistant, matrices, sweeps) fired together from
32 threads must give the serial answers, byte for byte. Bounded: each request has a timeout and
the whole burst must finish within BURST_TIMEOUT seconds.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor, wait

BURST_TIMEOUT = 600  # seconds for all 32 (the machine is shared; a quiet run takes a few seconds)
THRESHOLDS = ("0.85", "0.87", "0.9", "0.92", "0.95", "0.97", "0.99", "0.8")


def requests() -> list[tuple[str, str, dict | None]]:
    """32 different requests: (method, path, JSON body)."""
    out: list[tuple[str, str, dict | None]] = []
    out += [("POST", "/api/score", {"overrides": [f"params.severe_shortfall_min={t}"]}) for t in THRESHOLDS]
    out += [("GET", f"/api/minerals/{m}/why?lang={lang}", None)
            for m, lang in (("nickel", "en"), ("cobalt", "zh"), ("graphite", "en"), ("copper", "zh"),
                            ("zinc", "en"), ("gallium", "zh"))]
    out += [("POST", "/api/whatif", {"overrides": overrides}) for overrides in (
        ["countries.Indonesia.alignment=ally"], ["nickel.us.projected_addition_2035_t=300000"],
        {"params.concentrated_top1_min": 0.7}, ["cobalt.producers.DR Congo=0.5"])]
    out += [("POST", "/api/ask", {"question": q}) for q in (
        "why is nickel top priority?", "为什么镍是最优先的？", "which minerals need a price floor?",
        "compare nickel and cobalt", "what if Indonesia became an ally?", "锂需要哪些政策工具？")]
    out += [("POST", "/api/matrix", {"overrides": {"nickel.us.projected_addition_2035_t": tonnes}})
            for tonnes in (100_000, 200_000, 300_000, 400_000)]
    out += [("POST", "/api/why-not", {"mineral": "lithium", "tier": "very_high"}),
            ("POST", "/api/sweep", {"samples": 200, "seed": 5}),
            ("POST", "/api/score", {"scenario": "producer_escalation", "minerals": ["copper", "cobalt"]}),
            ("GET", "/api/minerals/Ni", None)]
    assert len(out) == 32
    return out


def _call(client, item):
    method, path, body = item
    response = client.request(method, path, json=body) if body is not None else client.request(method, path)
    assert response.status_code == 200, (path, response.text)
    return response.content


def test_32_concurrent_requests_give_the_serial_results(service):
    items = requests()
    with service.client() as client:
        serial = [_call(client, item) for item in items]
    assert len(set(serial)) == len(serial)  # 32 different answers: a mix-up could not go unseen
    start = threading.Barrier(len(items), timeout=60)

    def fire(item):
        start.wait()  # all 32 leave together
        return _call(shared, item)

    with service.client(limits=_limits(len(items))) as shared, ThreadPoolExecutor(len(items)) as pool:
        futures = [pool.submit(fire, item) for item in items]
        done, pending = wait(futures, timeout=BURST_TIMEOUT)
        assert not pending, f"{len(pending)} requests still running after {BURST_TIMEOUT} s"
        concurrent = [f.result() for f in futures]
    for item, alone, together in zip(items, serial, concurrent):
        assert together == alone, item[:2]
    with service.client() as client:  # and the service is still well
        assert client.get("/api/score").content == client.get("/api/score").content


def _limits(connections: int):
    import httpx  # as the service module: the test extra

    return httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
