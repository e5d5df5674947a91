"""A throwaway PostgreSQL server for tests: initdb in a temp dir, one free port.

Uses the Debian server binaries (``/usr/lib/postgresql/<v>/bin``). PostgreSQL
refuses to run as root, so as root the cluster is owned by the ``postgres``
system user and commands run through ``runuser``. Every connection needs a
password (scram-sha-256), as on a real server: a role's URL is all it takes to
act as that role, and nothing else gets in.

:func:`hardened_database` sets up the organisation deployment the guide
describes (``deploy/postgres/rollen.sql`` and ``kit store-setup``) on such a
server and hands back the owner's and the hub's URLs.
"""

from __future__ import annotations

import glob
import os
import re
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from kit.serve import free_port
from kit.testing.strict import refuse_in_fast_loop


class NoPostgres(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def server_bin_dir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for candidate in candidates:
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise NoPostgres("no PostgreSQL server found: install Debian's 'postgresql'")


def _as_owner(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def _owned_by_postgres(*paths: Path) -> None:
    """Hand files to the ``postgres`` user when running as root."""
    if os.geteuid() == 0:
        for path in paths:
            shutil.chown(path, "postgres")


def _init_cluster(bindir: Path, data: Path, pwfile: Path) -> None:
    """A new cluster whose superuser ``kit`` logs in with a password only."""
    command = [str(bindir / "initdb"), "-D", str(data), "-U", "kit"]
    command += ["--auth=scram-sha-256", f"--pwfile={pwfile}"]
    command += ["-E", "UTF8", "--locale=C.UTF-8"]
    subprocess.run(_as_owner(command), check=True, capture_output=True)


def _start_cluster(bindir: Path, data: Path, log: Path, port: int, sock: Path) -> None:
    options = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off"
    command = [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w"]
    subprocess.run(
        _as_owner([*command, "-o", options, "start"]), check=True, capture_output=True
    )


def _stop_cluster(bindir: Path, data: Path) -> None:
    for mode in ("fast", "immediate"):  # immediate if fast did not stop it
        command = [str(bindir / "pg_ctl"), "-D", str(data), "-m", mode, "-w", "stop"]
        if (
            subprocess.run(
                _as_owner(command), check=False, capture_output=True
            ).returncode
            == 0
        ):
            return


@contextmanager
def temporary_postgres() -> Iterator[str]:
    """Start a private PostgreSQL and yield its ``postgresql://`` URL."""
    refuse_in_fast_loop("PostgreSQL", "postgres")
    bindir = server_bin_dir()
    tmp = Path(tempfile.mkdtemp(prefix="kit-pg-"))
    data, sock, pwfile = tmp / "data", tmp / "sock", tmp / "pw"
    sock.mkdir()
    password = secrets.token_urlsafe(16)
    pwfile.write_text(password + "\n")
    _owned_by_postgres(tmp, sock, pwfile)
    port = free_port()
    _init_cluster(bindir, data, pwfile)
    _start_cluster(bindir, data, tmp / "server.log", port, sock)
    pwfile.unlink()
    try:
        createdb = [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port)]
        subprocess.run(
            _as_owner([*createdb, "-U", "kit", "kit"]),
            env={**os.environ, "PGPASSWORD": password},
            check=True,
            capture_output=True,
        )
        yield f"postgresql://kit:{password}@127.0.0.1:{port}/kit"
    finally:
        _stop_cluster(bindir, data)
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def postgres_server() -> Iterator[str]:
    """``$KIT_TEST_POSTGRES_URL``, or a private server started for the caller
    (raises, and so fails the test, where PostgreSQL is missing)."""
    url = os.environ.get("KIT_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    with temporary_postgres() as started:
        yield started


ROLES_SQL = Path(__file__).resolve().parents[2] / "deploy" / "postgres" / "rollen.sql"


@dataclass(frozen=True)
class Deployment:
    """The URLs of a hardened kit database: what the platform team keeps
    (``owner_url``) and what every hub user gets (``hub_url``)."""

    owner_url: str
    hub_url: str
    runtime_role: str


def with_login(url: str, user: str, password: str, database: str) -> str:
    """``url`` with another role, password and database."""
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    netloc = f"{user}:{password}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, f"/{database}", parts.query, ""))


def run_psql_script(admin_url: str, text: str, variables: dict[str, str]) -> None:
    """Run a psql script of plain statements, ``:"var"``/``:'var'`` and
    ``\\connect`` (what ``deploy/postgres/rollen.sql`` uses) with psycopg."""
    import psycopg
    from psycopg import sql

    def fill(statement: str) -> str:
        def one(match: re.Match[str]) -> str:
            quote, name = match.group(1), match.group(2)
            value = variables[name]
            made = sql.Identifier(value) if quote == '"' else sql.Literal(value)
            return made.as_string(None)

        return re.sub(r":([\"'])(\w+)\1", one, statement)

    url = admin_url
    pending: list[str] = []
    conn = psycopg.connect(url, autocommit=True)
    try:
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped or stripped.startswith("--"):
                continue
            if stripped.startswith("\\connect"):
                database = fill(stripped.split(None, 1)[1]).strip('"')
                conn.close()
                parts = urlsplit(admin_url)
                url = urlunsplit(parts._replace(path=f"/{database}"))
                conn = psycopg.connect(url, autocommit=True)
                continue
            pending.append(line)
            if stripped.endswith(";"):
                conn.execute(fill("\n".join(pending)).encode())
                pending = []
    finally:
        conn.close()


def hardened_database(admin_url: str) -> Deployment:
    """A fresh database with the guide's owner, runtime and hub roles, the
    kit's schema installed and the runtime role granted (names are unique, so
    several can live on one server)."""
    from kit.store.postgres import PostgresStore

    suffix = secrets.token_hex(4)
    names = {
        "db": f"kit_{suffix}",
        "owner": f"kit_owner_{suffix}",
        "runtime": f"kit_runtime_{suffix}",
        "hub": f"kit_hub_{suffix}",
        "owner_password": secrets.token_urlsafe(16),
        "hub_password": secrets.token_urlsafe(16),
    }
    run_psql_script(admin_url, ROLES_SQL.read_text(), names)
    owner = with_login(admin_url, names["owner"], names["owner_password"], names["db"])
    hub = with_login(admin_url, names["hub"], names["hub_password"], names["db"])
    store = PostgresStore(owner)  # what `kit store-setup` does
    try:
        store.grant_runtime(names["runtime"])
    finally:
        store.close()
    return Deployment(owner, hub, names["runtime"])


@contextmanager
def temporary_deployment() -> Iterator[Deployment]:
    """A private server with the guide's hardened database on it."""
    with temporary_postgres() as admin_url:
        yield hardened_database(admin_url)
