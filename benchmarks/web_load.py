"""The workspace under load: panelists rating at once against ``rekrytera serve`` on 127.0.0.1.

Run: python benchmarks/web_load.py [--panelists 30] [--candidates 8] [--seconds 60]

Builds a recruitment with P panelists (a third of them residents) and C
candidates, stores it, makes every panelist's link with the workspace, and
starts ``rekrytera serve`` in a subprocess on 127.0.0.1 and a free port. Then
P threads, one per panelist, each with its own session, do what a panelist
does for each candidate: open the rating page, autosave the draft twice, and
submit. The run stops by itself when every rating is in or after --seconds,
whichever comes first, and the server is stopped.

It prints requests per second, p50 and p95 latency for the whole mix and per
kind of request, beside a baseline measured in the same run against the same
server: fetching the static style sheet (no session, no database). Last it
checks that every submitted rating is in the store exactly once, and nothing
else: the script fails otherwise.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path

import httpx

from rekrytera.exporters import Store
from rekrytera.model import (
    Candidate,
    Competence,
    CompetenceProfile,
    Panelist,
    Recruitment,
    RecruitmentInfo,
    Role,
)
from rekrytera.workspace import Workspace

COMPETENCES = ("trygghet", "relationer", "analys", "dokumentation", "samarbete")
CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


def recruitment(panelists: int, candidates: int) -> Recruitment:
    roles = [Role.HIRING_MANAGER, Role.HR, Role.COLLEAGUE, Role.UNION, Role.RESIDENT]
    return Recruitment(
        info=RecruitmentInfo(id="last-1", title="Socialsekreterare (lasttest)"),
        profile=CompetenceProfile(
            competences=[Competence(key=k, label=k.capitalize()) for k in COMPETENCES]
        ),
        panel=[
            Panelist(id=f"p{i}", role=Role.RESIDENT if i % 3 == 2 else roles[i % 4])
            for i in range(panelists)
        ],
        candidates=[Candidate(id=f"k{c}") for c in range(candidates)],
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Simulated:
    """One simulated panelist: a session and the latencies of what it did."""

    def __init__(self, base: str, panelist: str, url: str, candidates: int, stop: float) -> None:
        self.base, self.panelist, self.url = base, panelist, url
        self.candidates, self.stop = candidates, stop
        self.times: dict[str, list[float]] = defaultdict(list)
        self.submitted: list[str] = []
        self.errors: list[str] = []

    def timed(self, kind: str, call: Callable[[], httpx.Response]) -> httpx.Response:
        start = time.perf_counter()
        response = call()
        self.times[kind].append(time.perf_counter() - start)
        return response

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=60) as c:
            r = self.timed("sign in", lambda: c.get(self.url, follow_redirects=True))
            if r.status_code != 200:
                self.errors.append(f"sign in: {r.status_code}")
                return
            for k in range(self.candidates):
                if time.monotonic() > self.stop:
                    return
                path = f"/rate/k{k}/interview"
                page = self.timed("open rating", partial(c.get, path))
                token = CSRF.search(page.text)
                version = VERSION.search(page.text)
                if page.status_code != 200 or not token or not version:
                    self.errors.append(f"{path}: {page.status_code}")
                    continue
                v = int(version[1])
                for score in ("3", "4"):
                    data = {"csrf": token[1], "version": str(v), "score.trygghet": score}
                    r = self.timed("autosave", partial(c.post, f"{path}/draft", data=data))
                    if r.status_code != 200:
                        self.errors.append(f"autosave {path}: {r.status_code}")
                        break
                    v = r.json()["version"]
                data = {
                    "csrf": token[1],
                    "version": str(v),
                    "action": "submit",
                    "confirm": "yes",
                    **{f"score.{key}": "4" for key in COMPETENCES},
                    "note": "Konkreta exempel.",
                }
                r = self.timed("submit", partial(c.post, path, data=data))
                if r.status_code == 303 and "done=submitted" in r.headers["location"]:
                    self.submitted.append(f"k{k}")
                else:
                    self.errors.append(f"submit {path}: {r.status_code}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--panelists", type=int, default=30)
    parser.add_argument("--candidates", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0, help="stop after this long")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "last.sqlite"
        rec = recruitment(args.panelists, args.candidates)
        with Store(path) as store:
            store.put(rec)
            invitations = Workspace(store).invite(rec.id)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "rekrytera", "serve", str(path), "--port", str(port)],
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    httpx.get(f"{base}/static/style.css", timeout=2)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("the server did not start") from None
                    time.sleep(0.1)

            baseline = []
            with httpx.Client(base_url=base) as c:
                for _ in range(200):
                    start = time.perf_counter()
                    c.get("/static/style.css")
                    baseline.append(time.perf_counter() - start)

            stop = time.monotonic() + args.seconds
            people = [
                Simulated(base, i.panelist, i.url(base), args.candidates, stop) for i in invitations
            ]
            threads = [threading.Thread(target=p.run) for p in people]
            started = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)

        with Store(path) as store:
            stored = store.get(rec.id).ratings
    by_kind: dict[str, list[float]] = defaultdict(list)
    for p in people:
        for kind, values in p.times.items():
            by_kind[kind].extend(values)
    every = [v for values in by_kind.values() for v in values]
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores")
    print(
        f"{args.panelists} panelists × {args.candidates} candidates against {base}, {elapsed:.1f} s"
    )
    print(f"{'request':<14} {'count':>6} {'p50 ms':>8} {'p95 ms':>8}")
    print(
        f"{'baseline':<14} {len(baseline):>6} {1000 * statistics.median(baseline):>8.1f} "
        f"{1000 * percentile(baseline, 0.95):>8.1f}   (the static style sheet, one client)"
    )
    for kind in ("sign in", "open rating", "autosave", "submit"):
        values = by_kind[kind]
        print(
            f"{kind:<14} {len(values):>6} {1000 * statistics.median(values):>8.1f} "
            f"{1000 * percentile(values, 0.95):>8.1f}"
        )
    print(
        f"all: {len(every)} requests, {len(every) / elapsed:.0f} per second, p50 "
        f"{1000 * statistics.median(every):.1f} ms, p95 {1000 * percentile(every, 0.95):.1f} ms"
    )
    submitted = {(p.panelist, c) for p in people for c in p.submitted}
    keys = [(r.panelist, r.candidate, r.stage, r.phase) for r in stored]
    errors = [e for p in people for e in p.errors]
    print(
        f"ratings submitted {len(submitted)}, stored {len(stored)}, "
        f"duplicates {len(keys) - len(set(keys))}, errors {len(errors)}"
    )
    if (
        errors
        or {(r.panelist, r.candidate) for r in stored} != submitted
        or len(keys) != len(set(keys))
    ):
        print("FAILED: " + "; ".join(errors[:5]), file=sys.stderr)
        return 1
    print("every submitted rating is in the store exactly once")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
