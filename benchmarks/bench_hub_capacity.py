"""How many participants a JupyterHub serves: memory and CPU per person.

One run, one real hub (the guide's ``deploy/jupyterhub`` configuration, started
like tests/hub: SimpleLocalProcessSpawner, configurable-http-proxy, PostgreSQL)
and headless Chromium, one browser context per user. Measured side by side:

* baseline: a user on a blank ipywidgets page (benchmarks/notebooks/blank.ipynb);
* the facilitator and N participants on the kit's start page;
* the same people in the dilemma workshop after the reveal (charts drawn);
* CPU seconds per participant for logging in (server spawn + start page) and
  for a join-and-answer round (join, open the workshop, choose, see the reveal),
  beside the hub, proxy and PostgreSQL for the same round;
* CPU while a room sits still with every page open;
* one participant's memory on the other workshop pages.

Memory is RSS of the user's single-user server plus its kernels (what a memory
limit per user must allow; PSS, the fair share of libraries, is printed too).
At the end it prints participants per core, memory per participant and the
arithmetic for 20 parallel workshops of 20 participants.

    .venv/bin/python benchmarks/bench_hub_capacity.py [--participants 4]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kit.testing.browser import launched_browser
from kit.testing.hub import Hub, running_hub
from kit.testing.postgres import temporary_deployment
from kit.testing.procs import children, pss_mb, rss_mb

REPO = Path(__file__).resolve().parents[1]
TICK = os.sysconf("SC_CLK_TCK")
DILEMMA = "voila/render/kritische-situaties.ipynb"
BLANK = "voila/render/blank.ipynb"
SETTLE = 3.0
WAIT = 180_000
ROUND_WINDOW = 60  # seconds in which a whole room joins and answers (the peak)
HEADROOM = 1.3


def cpu_seconds(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / TICK


class CpuMeter:
    """CPU seconds of process trees, remembering processes that have exited."""

    def __init__(self) -> None:
        self.seen: dict[str, dict[int, float]] = {}

    def sample(self, name: str, pids: Iterable[int]) -> float:
        last = self.seen.setdefault(name, {})
        for pid in pids:
            value = cpu_seconds(pid)
            if value >= last.get(pid, 0.0):
                last[pid] = value
        return sum(last.values())


def user_tree(hub: Hub, user: str) -> list[int]:
    server = hub.server_pid(user)
    return [server, *children(server)]


def memory(hub: Hub, user: str) -> dict[str, float]:
    server = hub.server_pid(user)
    kernels = children(server)
    return {
        "server": rss_mb(server),
        "kernel": sum(rss_mb(k) for k in kernels),
        "rss": rss_mb(server) + sum(rss_mb(k) for k in kernels),
        "pss": pss_mb(server) + sum(pss_mb(k) for k in kernels),
        "kernels": len(kernels),
    }


def shared_pids(hub: Hub, database_url: str) -> list[int]:
    """Hub (with its culler service), proxy and the PostgreSQL server."""
    found = children(hub.process.pid)
    servers = [p for p in found if "jupyterhub-singleuser" in _cmdline(p)]
    excluded = set(servers)
    for server in servers:
        excluded.update(children(server))
    pids = [hub.process.pid, *(p for p in found if p not in excluded)]
    port = str(urlsplit(database_url).port)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            cmd = _cmdline(int(entry.name))
            if "postgres" in cmd and f"-p {port}" in cmd:
                pids += [int(entry.name), *children(int(entry.name))]
    return pids


def _cmdline(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace")


def postgres_connections(database_url: str) -> int:
    """Client connections to the kit's database (this benchmark's own excluded)."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    return int(row[0]) if row else 0


def wait_text(page: Any, selector: str, text: str, timeout: int = WAIT) -> None:
    page.wait_for_function(
        "([sel, text]) => [...document.querySelectorAll(sel)]"
        ".some(el => el.innerText.includes(text))",
        arg=[selector, text],
        timeout=timeout,
    )


def run(participants: int) -> dict[str, Any]:
    users = [f"deelnemer-{i}" for i in range(1, participants + 1)]
    meter = CpuMeter()
    result: dict[str, Any] = {"participants": participants}
    with tempfile.TemporaryDirectory(prefix="kit-bench-hub-") as tmp:
        workshops = Path(tmp) / "workshops"
        shutil.copytree(REPO / "workshops", workshops)
        shutil.copy(REPO / "benchmarks" / "notebooks" / "blank.ipynb", workshops)
        with (
            temporary_deployment() as deployment,
            running_hub(
                deployment.hub_url,
                extra_env={"KIT_WORKSHOPS_DIR": str(workshops)},
            ) as hub,
            launched_browser() as browser,
        ):
            database_url = deployment.owner_url  # the platform team's view
            # Baseline: a blank ipywidgets page in the same hub, measured first.
            blank = hub.log_in(
                browser, "leeg", url=hub.redirect_url(BLANK), ready=".jupyter-button"
            )
            time.sleep(SETTLE)
            result["blank_mem"] = memory(hub, "leeg")
            result["blank_cpu"] = meter.sample("leeg", user_tree(hub, "leeg"))
            result["blank_ready"] = blank.ready_seconds

            # The facilitator starts a session; the participants log in at once.
            lead = hub.log_in(browser, "begeleider")
            lead.page.get_by_role(
                "button", name="Start een sessie voor de zaal"
            ).click()
            lead.page.wait_for_selector(".kit-code", timeout=WAIT)
            code = lead.page.inner_text(".kit-code").strip()
            started = time.perf_counter()
            records = {u: hub.log_in(browser, u, wait=False) for u in users}
            for record in records.values():
                hub.wait_until_landed(record)
            result["login_wall"] = time.perf_counter() - started
            result["login_ready"] = [r.ready_seconds for r in records.values()]
            time.sleep(SETTLE)
            everyone = ["begeleider", *users]
            result["start_mem"] = {u: memory(hub, u) for u in everyone}
            login_cpu = {u: meter.sample(u, user_tree(hub, u)) for u in everyone}
            result["login_cpu"] = login_cpu

            # The round: join, open the workshop, choose, see the reveal.
            shared_before = meter.sample("shared", shared_pids(hub, database_url))
            started = time.perf_counter()
            for user, record in records.items():
                record.page.get_by_label("Sessiecode").fill(code)
                record.page.get_by_label("Schuilnaam").fill(f"Schuilnaam {user}")
                record.page.get_by_role("button", name="Doe mee").click()
            for record in records.values():
                record.page.wait_for_selector(".kit-sessionbar-text", timeout=WAIT)
            wait_text(lead.page, ".kit-count", f"{participants} deelnemer(s)")
            result["join_wall"] = time.perf_counter() - started
            for user in everyone:  # the start page's kernels end on navigation
                meter.sample(user, user_tree(hub, user))
            pages = {"begeleider": lead, **records}
            for user, record in pages.items():
                record.page.goto(hub.user_url(user, DILEMMA), wait_until="commit")
            for record in pages.values():
                record.page.locator(".kit-dilemma").wait_for(timeout=WAIT)
            result["dilemma_wall"] = time.perf_counter() - started
            lead.page.get_by_role("button", name="Trek een kaart").click()
            lead.page.locator(".kit-dilemma-browser .kit-card h2").wait_for(
                timeout=WAIT
            )
            lead.page.get_by_role("button", name="Speel deze kaart").click()
            for index, record in enumerate(records.values()):
                choose = record.page.locator(".kit-dilemma-choose")
                choose.get_by_role("radio").nth(index % 2).wait_for(timeout=WAIT)
                choose.get_by_role("radio").nth(index % 2).click()
                choose.get_by_role("radio", name="Redelijk zeker").click()
                choose.get_by_role("textbox", name="Waarom? (mag leeg)").fill(
                    "Een reden"
                )
                choose.get_by_role("button", name="Bewaar mijn keuze").click()
            wait_text(lead.page, ".kit-dilemma-lead", f"{participants} keuze(s)")
            lead.page.get_by_role("button", name="Antwoorden tonen").click()
            for record in pages.values():
                record.page.locator(
                    ".kit-dilemma-results .kit-chart svg"
                ).first.wait_for(timeout=WAIT)
            result["round_wall"] = time.perf_counter() - started
            time.sleep(SETTLE)
            round_cpu = {
                u: meter.sample(u, user_tree(hub, u)) - login_cpu[u] for u in everyone
            }
            result["round_cpu"] = round_cpu
            result["shared_round_cpu"] = (
                meter.sample("shared", shared_pids(hub, database_url)) - shared_before
            )
            result["dilemma_mem"] = {u: memory(hub, u) for u in everyone}
            result["connections"] = postgres_connections(database_url)

            # A room that sits still, every page open, for 30 s.
            before = {u: meter.sample(u, user_tree(hub, u)) for u in everyone}
            shared_before = meter.sample("shared", shared_pids(hub, database_url))
            time.sleep(30)
            result["idle_cpu_per_min"] = {
                u: (meter.sample(u, user_tree(hub, u)) - before[u]) * 2
                for u in everyone
            }
            result["shared_idle_per_min"] = (
                meter.sample("shared", shared_pids(hub, database_url)) - shared_before
            ) * 2
            # One participant visits every other workshop page (memory only).
            tourist = users[0]
            result["tour_mem"] = {}
            tour = sorted(
                p.name
                for p in workshops.glob("*.ipynb")
                if p.name not in ("start.ipynb", "blank.ipynb", Path(DILEMMA).name)
            )
            for notebook in tour:
                page = records[tourist].page
                page.goto(hub.user_url(tourist, f"voila/render/{notebook}"))
                page.locator(".kit-root").first.wait_for(timeout=WAIT)
                time.sleep(SETTLE + 2)
                result["tour_mem"][notebook] = memory(hub, tourist)
            result["shared_mem"] = sum(
                rss_mb(p) for p in shared_pids(hub, database_url)
            )
    return result


def report(r: dict[str, Any]) -> None:
    n = r["participants"]
    users = [f"deelnemer-{i}" for i in range(1, n + 1)]

    def med(values: Iterable[float]) -> float:
        return statistics.median(list(values))

    blank = r["blank_mem"]
    print(
        f"JupyterHub capacity, {os.cpu_count()} cores, {n} participants + 1 facilitator"
    )
    print("(one run; baseline = a blank ipywidgets page on its own server)\n")
    head = f"{'who / page':34} {'server MB':>9} {'kernel MB':>9} {'RSS MB':>7}"
    print(f"{head} {'PSS MB':>7} {'x blank':>7}")

    def row(label: str, m: dict[str, float]) -> None:
        print(
            f"{label:34} {m['server']:>9.0f} {m['kernel']:>9.0f} {m['rss']:>7.0f} "
            f"{m['pss']:>7.0f} {m['rss'] / blank['rss']:>7.2f}"
        )

    row("baseline: blank page", blank)
    for page, key in (
        ("start page", "start_mem"),
        ("dilemma, revealed", "dilemma_mem"),
    ):
        mems = r[key]
        part = {
            k: med(mems[u][k] for u in users)
            for k in ("server", "kernel", "rss", "pss")
        }
        row(f"participant: {page} (median)", part)
        row(f"facilitator: {page}", mems["begeleider"])
    for notebook, mem in r["tour_mem"].items():
        row(f"participant: {notebook.removesuffix('.ipynb')}", mem)
    kernels = [r["dilemma_mem"][u]["kernels"] for u in ["begeleider", *users]]
    print(f"kernels per user after moving to the workshop page: {kernels}")
    per_user_connections = r["connections"] / (n + 1)
    print(
        f"PostgreSQL connections on the workshop page: {r['connections']} for "
        f"{n + 1} users = {per_user_connections:.1f} per user"
    )

    login = med(r["login_cpu"][u] for u in users)
    round_ = med(r["round_cpu"][u] for u in users)
    idle = med(r["idle_cpu_per_min"][u] for u in users)
    shared_round = r["shared_round_cpu"] / n
    print("\nCPU seconds per participant")
    print(f"  blank page (spawn + page, baseline)          {r['blank_cpu']:6.1f}")
    print(f"  log in: spawn + start page                   {login:6.1f}")
    print(f"  round: join + workshop page + answer + reveal {round_:5.1f}")
    print(f"  hub + proxy + PostgreSQL during the round     {shared_round:5.2f}")
    print(
        f"  facilitator: log in {r['login_cpu']['begeleider']:.1f}, "
        f"round {r['round_cpu']['begeleider']:.1f}"
    )
    print(f"  sitting still, per minute                     {idle:5.2f}")
    print(
        "  hub + proxy + PostgreSQL sitting still, /min  "
        f"{r['shared_idle_per_min']:5.2f}"
    )
    print(
        f"wall clock on this machine: {n} log-ins at once {r['login_wall']:.0f} s "
        f"(blank page alone {r['blank_ready']:.0f} s), join {r['join_wall']:.0f} s, "
        f"join to reveal {r['round_wall']:.0f} s"
    )

    per_participant_cpu = login + round_ + shared_round
    mem_participant = med(r["dilemma_mem"][u]["rss"] for u in users)
    mem_facilitator = r["dilemma_mem"]["begeleider"]["rss"]
    print("\nPer participant")
    print(f"  memory (RSS, workshop page with charts)      {mem_participant:6.0f} MB")
    print(
        f"  CPU for log in + one round                   {per_participant_cpu:6.1f} s"
    )
    for window in (ROUND_WINDOW, 300):
        print(
            f"  participants per core if a room does this within {window:>3} s: "
            f"{window / per_participant_cpu:5.1f}"
        )

    workshops, size = 20, 20
    people = workshops * size
    memory_gb = (
        people * mem_participant + workshops * mem_facilitator + r["shared_mem"]
    ) / 1024
    peak_cores = (
        people * per_participant_cpu
        + workshops * (r["login_cpu"]["begeleider"] + r["round_cpu"]["begeleider"])
    ) / ROUND_WINDOW
    stagger_cores = peak_cores * ROUND_WINDOW / 300
    steady_cores = (people + workshops) * idle / 60
    print(f"\nA day with {workshops} parallel workshops of {size} participants")
    print(
        f"  memory: {people} x {mem_participant:.0f} MB + {workshops} facilitators x "
        f"{mem_facilitator:.0f} MB + hub/proxy/PostgreSQL {r['shared_mem']:.0f} MB "
        f"= {memory_gb:.1f} GB; with {HEADROOM - 1:.0%} headroom "
        f"{memory_gb * HEADROOM:.1f} GB"
    )
    print(
        f"  CPU, all {workshops} rooms joining in the same {ROUND_WINDOW} s: "
        f"{peak_cores:.0f} cores (x{HEADROOM} = {peak_cores * HEADROOM:.0f})"
    )
    print(
        f"  CPU, starts spread over 5 minutes: {stagger_cores:.0f} cores "
        f"(x{HEADROOM} = {stagger_cores * HEADROOM:.0f})"
    )
    print(f"  CPU while rooms talk (pages open, idle): {steady_cores:.2f} cores")
    connections = (people + workshops) * per_user_connections
    print(
        f"  PostgreSQL connections: {connections:.0f} "
        f"(max_connections at least {connections * HEADROOM:.0f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=4)
    args = parser.parse_args()
    report(run(args.participants))


if __name__ == "__main__":
    main()
