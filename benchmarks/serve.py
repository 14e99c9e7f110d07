"""How fast `nsr serve` answers: POST /v1/check on the example cases (sequential, and from 16
concurrent clients), and the worklist page of a 20,000-case store.

Run:  .venv/bin/python benchmarks/serve.py [--requests N] [--store FILE] [--cases 20000]

The server is the installed `nsr serve`, started in its own process on a free loopback port;
the clients are httpx clients in this process (one per thread). Prints requests per second and
the median (p50) and 95th-percentile (p95) latency. For the worklist, a store is generated and
imported first (`nsr generate`, `nsr caseload import`; minutes at 20,000 cases) unless --store
names one. The first page answers at once saying the worklist is being prepared (the bulk
evaluation runs in the background); the script reloads it as a browser does, and times both.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from policyengine.cases.load import _CaseYamlLoader  # noqa: E402  (reads YAML as nsr does)

NSR = str(Path(sys.executable).with_name("nsr"))
AS_OF = "2009-06-01"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`nsr serve SOURCE` in its own process, until the block ends."""

    def __init__(self, source: str, workers: int = 1):
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.source = source

    def __enter__(self) -> "Server":
        self.process = subprocess.Popen([NSR, "serve", self.source, "--port", str(self.port),
                                         "--workers", str(self.workers)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.2)
            if self.process.poll() is not None:
                raise SystemExit(f"nsr serve stopped: {self.process.stderr.read().decode()}")
        raise SystemExit("nsr serve did not start within 10 minutes")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(10)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its descendants (the worker processes), from /proc."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
            times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    tree, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(times.get(p, 0.0) for p in tree)


class Spent:
    """The CPU the server and this process (the clients) spent during a block, per request."""

    def __init__(self, server: "Server"):
        self.pid = server.process.pid

    def __enter__(self) -> "Spent":
        self.server, self.clients = cpu_seconds(self.pid), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.server, self.clients = cpu_seconds(self.pid) - self.server, time.process_time() - self.clients

    def text(self, requests: int) -> str:
        return (f"; CPU per request: server {self.server / requests * 1000:.1f} ms, "
                f"clients {self.clients / requests * 1000:.1f} ms")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def line(label: str, times: list[float], wall: float) -> str:
    return (f"  {label}: {len(times)} requests in {wall:.1f} s = {len(times) / wall:.0f} per second; "
            f"p50 {statistics.median(times) * 1000:.0f} ms, p95 {percentile(times, 0.95) * 1000:.0f} ms")


def check_benchmark(requests: int, clients: int, workers: int) -> None:
    bodies = [json.dumps(yaml.load(p.read_text(encoding="utf-8"), Loader=_CaseYamlLoader))
              for p in sorted((ROOT / "examples").glob("*.yaml")) if p.name != "invalid.yaml"]
    with Server(str(ROOT / "examples"), workers) as server:
        url = f"{server.url}/v1/check?as_of={AS_OF}"

        def run(count: int, offset: int) -> list[float]:
            times = []
            with httpx.Client(timeout=60) as client:
                for index in range(count):
                    start = time.perf_counter()
                    answer = client.post(url, content=bodies[(offset + index) % len(bodies)])
                    times.append(time.perf_counter() - start)
                    assert answer.status_code == 200, answer.text[:200]
            return times

        for offset in range(workers * 2):   # warm every worker: each edition loaded, the engine's caches filled
            run(len(bodies) * 2, offset)
        print(f"POST /v1/check, the {len(bodies)} example cases in turn, as of {AS_OF} (2007 edition), "
              f"{workers} server process{'es' if workers > 1 else ''}")
        start = time.perf_counter()
        with Spent(server) as spent:
            times = run(requests, 0)
        print(line("sequential, 1 client", times, time.perf_counter() - start) + spent.text(len(times)))
        start = time.perf_counter()
        with Spent(server) as spent, concurrent.futures.ThreadPoolExecutor(clients) as pool:
            parts = list(pool.map(run, [requests // clients] * clients, range(clients)))
        times = [t for part in parts for t in part]
        print(line(f"{clients} concurrent clients", times, time.perf_counter() - start) + spent.text(len(times)))
        print(f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; the clients run on the same cores)")


def worklist_benchmark(store: str | None, cases: int, as_of: str) -> None:
    with tempfile.TemporaryDirectory() as work:
        if store is None:
            jsonl, store = os.path.join(work, "caseload.jsonl"), os.path.join(work, "caseload.duckdb")
            start = time.perf_counter()
            subprocess.run([NSR, "generate", "--cases", str(cases), "--seed", "7", "-o", jsonl], check=True,
                           stdout=subprocess.DEVNULL)
            subprocess.run([NSR, "caseload", "import", jsonl, "--db", store], check=True, stdout=subprocess.DEVNULL)
            print(f"store of {cases} generated cases made in {time.perf_counter() - start:.0f} s")
        start = time.perf_counter()
        with Server(store) as server:
            print(f"nsr serve {Path(store).name}: up in {time.perf_counter() - start:.1f} s")
            page = f"{server.url}/"
            with httpx.Client(timeout=600, params={"as_of": as_of}) as client:
                start = time.perf_counter()
                first = client.get(page)
                answered = time.perf_counter() - start
                assert first.status_code in (200, 202), first.text[:300]
                while client.get(page).status_code == 202:   # being prepared: as a browser reloads it
                    time.sleep(0.5)
                ready = time.perf_counter() - start
                times = []
                for _ in range(10):
                    start = time.perf_counter()
                    assert client.get(page).status_code == 200
                    times.append(time.perf_counter() - start)
                filtered = []
                manager = client.get(f"{server.url}/v1/worklist").json()["items"][0]["manager"]
                for _ in range(10):
                    start = time.perf_counter()
                    assert client.get(page, params={"as_of": as_of, "manager": manager}).status_code == 200
                    filtered.append(time.perf_counter() - start)
                body = client.get(page).content
            print(f"worklist page (GET /?as_of={as_of}), {len(body) // 1000} kB:")
            print(f"  first request answered in {answered:.2f} s "
                  + ("(the worklist itself)" if first.status_code == 200 else "(a page saying it is being prepared)"))
            print(f"  the worklist of every case under the editions in force, derived and shown: {ready:.1f} s")
            print(f"  again, whole caseload: p50 {statistics.median(times) * 1000:.0f} ms, "
                  f"slowest {max(times) * 1000:.0f} ms")
            print(f"  one offender manager's: p50 {statistics.median(filtered) * 1000:.0f} ms, "
                  f"slowest {max(filtered) * 1000:.0f} ms")
            print(f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=320, help="checks per run (default 320)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1, help="nsr serve --workers (default 1)")
    parser.add_argument("--store", help="a store from `nsr caseload import` for the worklist (default: make one)")
    parser.add_argument("--cases", type=int, default=20_000, help="cases in the store made (default 20,000)")
    parser.add_argument("--as-of", default="2009-06-30", help="the worklist's date (default 2009-06-30)")
    parser.add_argument("--skip-worklist", action="store_true")
    parser.add_argument("--skip-check", action="store_true")
    args = parser.parse_args()
    if not args.skip_check:
        check_benchmark(args.requests, args.clients, args.workers)
    if not args.skip_worklist:
        worklist_benchmark(args.store, args.cases, args.as_of)


if __name__ == "__main__":
    main()
