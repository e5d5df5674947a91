"""JupyterHub configuration for Wakkere afweging on one VM (way 3, organisation scale).

Keep a checkout of the repository (e.g. in ``/opt/wakkere-afweging``) and use
this file as the configuration of a plain JupyterHub:

    jupyterhub -f /opt/wakkere-afweging/deploy/jupyterhub/jupyterhub_config.py

or, on The Littlest JupyterHub (TLJH), load it from a one-line snippet
``/opt/tljh/config/jupyterhub_config.d/wakkere-afweging.py``:

    load_subconfig("/opt/wakkere-afweging/deploy/jupyterhub/jupyterhub_config.py")

and run ``sudo tljh-config reload hub``. TLJH keeps its own proxy, spawner
(systemd), authenticator and culler; this file then only adds what the kit
needs, and leaves what ``tljh-config`` manages alone (see "culling" and "login").

What it does, for every single-user server the hub starts:

* the user lands on the kit's start page in Voilà, not in JupyterLab;
* the server's environment gets ``KIT_DATABASE_URL``, so every participant's
  kernel writes to and reads from the same PostgreSQL database: that is what
  makes answers from different people add up live on the facilitator's screen.
  Every user can run code in their own server, so this URL is theirs: it must
  be the *hub role* of ``deploy/postgres/rollen.sql``, which may only call the
  kit's functions (each checks the session code, token or secret). The hub
  refuses to start with a role that can touch the tables;
* Voilà speaks Dutch, shows no tracebacks, and shuts down kernels of closed tabs;
* idle servers are stopped by jupyterhub-idle-culler.

Everything that differs per organisation comes from the hub's own environment
(for TLJH: a systemd drop-in, see ``facilitator-guide/techniek/organisatie.md``), never
from this file, so no password is ever written here:

``KIT_DATABASE_URL`` (required)
    ``postgresql://kit_hub:<password>@db.example.org/kit`` — the hub role made by
    ``deploy/postgres/rollen.sql`` after ``kit store-setup`` (see
    ``facilitator-guide/techniek/organisatie.md``). Every user's kernel receives
    it. Never the owner role's URL: that one stays with the platform team
    (``kit store-setup``, ``kit purge``, VACUUM).
``KIT_WORKSHOPS_DIR``
    folder with the workshop notebooks (default: ``workshops/`` next to this
    ``deploy/`` folder, i.e. a clone of the repository).
``KIT_HUB_CULL_IDLE_SECONDS``
    stop a user's server after this many idle seconds (default 3600; 0 = never).
``KIT_SINGLEUSER_CONFIG_DIR``
    folder with the single-user servers' ``jupyter_server_config.json``
    (default: ``singleuser/`` next to this file).
``KIT_HUB_MEM_LIMIT``
    memory limit per user, e.g. ``600M`` (honoured by TLJH's systemd spawner
    and by Kubernetes; unset = leave it to ``tljh-config set limits.memory``).
``KIT_HUB_AUTH``, ``KIT_HUB_USER_PASSWORD``, ``KIT_HUB_ADMINS``,
``KIT_HUB_ADMIN_PASSWORD``
    login for a workshop hub without organisation accounts (see "login").

Tests (``tests/hub/test_jupyterhub.py``) load this very file and change only
ports, paths, the spawner and the database URL.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

HERE = Path(__file__).resolve().parent


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


# --- the shared store ---------------------------------------------------------------
# Every participant has their own single-user server and kernel; only a shared
# database lets the facilitator's page see what the others answer. SQLite files
# in home folders would give every user a private, empty room, so refuse to start.
DATABASE_URL = _env("KIT_DATABASE_URL")
if not DATABASE_URL.startswith(("postgresql://", "postgres://")):
    raise ValueError(
        "KIT_DATABASE_URL must be set in the hub's environment to a "
        "postgresql:// URL (the kit's shared store); see "
        "facilitator-guide/techniek/organisatie.md"
    )


def _store_role_problem(url: str) -> str:
    """Why ``url`` must not go to users ("" when it is the hub role).

    Every user can run code with what their server holds, so the role may own
    or hold rights on no table of the kit, and must be able to call the kit's
    functions (``kit store-setup --runtime-role``).
    """
    try:
        import psycopg
    except ImportError:
        return (
            "psycopg is missing in the hub's environment, so the hub cannot check "
            "KIT_DATABASE_URL: pip install 'psycopg[binary]' there"
        )
    query = """
    SELECT r.rolsuper OR r.rolcreaterole OR r.rolbypassrls,
      EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname IN ('kit', 'public')
                AND c.relname IN ('sessions', 'participants', 'answers',
                                  'failed_attempts')
                AND (pg_has_role(current_user, c.relowner, 'USAGE')
                     OR has_table_privilege(c.oid,
                        'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, TRIGGER'))),
      EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = 'kit_api' AND p.proname = 'schema_version'
                AND has_schema_privilege(n.oid, 'USAGE')
                AND has_function_privilege(p.oid, 'EXECUTE'))
    FROM pg_roles r WHERE r.rolname = current_user
    """
    try:
        with psycopg.connect(url, connect_timeout=10) as conn:
            powerful, touches_tables, may_call = conn.execute(query).fetchone()
    except psycopg.Error as exc:
        return f"cannot connect with KIT_DATABASE_URL to check its role ({exc})"
    if powerful or touches_tables:
        return (
            "KIT_DATABASE_URL is a role that can read or change the kit's tables "
            "(the owner, or a superuser); every hub user could then read, forge "
            "and delete every session. Give the hub role of "
            "deploy/postgres/rollen.sql instead"
        )
    if not may_call:
        return (
            "the role in KIT_DATABASE_URL may not call the kit's functions: run "
            "kit store-setup --store <owner URL> --runtime-role <its group>"
        )
    return ""


ROLE_PROBLEM = _store_role_problem(DATABASE_URL)
if ROLE_PROBLEM:
    raise ValueError(f"{ROLE_PROBLEM}; see facilitator-guide/techniek/organisatie.md")

# The hub passes it on to every single-user server; their kernels inherit it.
# ``update`` keeps variables that another configuration (e.g. TLJH) already set.
c.Spawner.environment.update({"KIT_DATABASE_URL": DATABASE_URL})

# --- where users land ---------------------------------------------------------------
# Each server is rooted in the (read-only) workshops folder, so the start page is
# /user/<name>/voila/render/start.ipynb. Voilà runs as a Jupyter server
# extension; the kit's package installs the setting that selects its template.
WORKSHOPS_DIR = Path(_env("KIT_WORKSHOPS_DIR", str(HERE.parents[1] / "workshops")))
if not (WORKSHOPS_DIR / "start.ipynb").is_file():
    raise ValueError(
        f"no start.ipynb in {WORKSHOPS_DIR}: set KIT_WORKSHOPS_DIR to the folder "
        "with the kit's workshop notebooks"
    )
c.Spawner.notebook_dir = str(WORKSHOPS_DIR)
c.Spawner.default_url = "/voila/render/start.ipynb"

# Settings of the single-user server (a jupyter-server with Voilà) live in
# singleuser/jupyter_server_config.json next to this file; the Docker image for
# Kubernetes copies the same file (see Dockerfile). What it sets, and why:
#  - the kit's template (served entirely from the server: no CDN), Dutch pages,
#    no Python tracebacks on a participant's screen;
#  - kernels of closed tabs are shut down after 10 idle minutes; a kernel whose
#    page is still open is never culled (cull_connected=False);
#  - no MathJax from a CDN: standalone Voilà leaves both MathJax settings empty
#    and the page uses its bundled typesetter, but as a server extension Voilà
#    falls back to cdnjs.cloudflare.com unless both are null;
#  - Voilà only: without JupyterLab, its language servers, terminals and the
#    notebook shim a server starts ~3 s sooner with ~0.5 CPU second and ~6 MB
#    less (benchmarks/bench_hub_capacity.py);
#  - no code from the user (kit.viewonly): over a kernel's websocket only the
#    widgets' messages pass (no execute_request), and the REST API starts no
#    kernels, writes no files and opens no terminals. Voilà runs the workshop
#    notebooks itself. The database role stays the real boundary: a server
#    for trainers with JupyterLab (remove "jpserver_extensions",
#    "allowed_message_types" and "authorizer_class") runs their code, and
#    KIT_DATABASE_URL can then only call the kit's functions.
SINGLEUSER_CONFIG = Path(_env("KIT_SINGLEUSER_CONFIG_DIR", str(HERE / "singleuser")))
if not (SINGLEUSER_CONFIG / "jupyter_server_config.json").is_file():
    raise ValueError(
        f"no jupyter_server_config.json in {SINGLEUSER_CONFIG}: set "
        "KIT_SINGLEUSER_CONFIG_DIR to deploy/jupyterhub/singleuser"
    )
c.Spawner.environment.update({"JUPYTER_CONFIG_PATH": str(SINGLEUSER_CONFIG)})

# --- resources ----------------------------------------------------------------------
# Measured with benchmarks/bench_hub_capacity.py (see organisatie.md): a
# participant's server with its kernel takes ~230 MB on the start page and
# 300-375 MB on a workshop page with charts; KIT_HUB_MEM_LIMIT=600M leaves room.
if _env("KIT_HUB_MEM_LIMIT"):
    c.Spawner.mem_limit = _env("KIT_HUB_MEM_LIMIT")

# --- culling ------------------------------------------------------------------------
# A workshop day leaves servers behind (laptops closed, phones locked). The idle
# culler stops a server after KIT_HUB_CULL_IDLE_SECONDS without activity. Answers
# are in PostgreSQL, so a stopped server loses nothing: the participant logs in
# again and the page restores their seat. TLJH already runs its own culler
# ("cull-idle": `sudo tljh-config set services.cull.timeout 3600`); on TLJH
# nothing is added here.
CULL_SECONDS = int(_env("KIT_HUB_CULL_IDLE_SECONDS", "3600"))
IN_TLJH = bool(_env("TLJH_INSTALL_PREFIX"))  # set by TLJH's jupyterhub.service
if CULL_SECONDS > 0 and not IN_TLJH:
    # ``append`` adds to what other configuration files define, also when this
    # file is loaded with load_subconfig.
    c.JupyterHub.services.append(
        {
            "name": "idle-culler",
            "command": [
                sys.executable,
                "-m",
                "jupyterhub_idle_culler",
                f"--timeout={CULL_SECONDS}",
                f"--cull-every={max(10, min(300, CULL_SECONDS // 4))}",
            ],
        }
    )
    c.JupyterHub.load_roles.append(
        {
            "name": "idle-culler",
            "scopes": [
                "list:users",
                "read:users:activity",
                "read:servers",
                "delete:servers",
            ],
            "services": ["idle-culler"],
        }
    )

# --- login --------------------------------------------------------------------------
# Who is who *inside the kit* never depends on the hub account: a participant
# joins a session with its code and a pseudonym (suggested, e.g. "Blauwe
# reiger"), and the facilitator is whoever started the session on the start page
# (their browser holds the session's secret). The kit never reads or stores the
# hub user name, so even when the hub knows who logged in, the answers in
# PostgreSQL carry only pseudonyms. Any hub user can facilitate.
#
# Choose one of:
#
# 1. The organisation's accounts (recommended for a permanent platform): set the
#    authenticator here or in TLJH (`tljh-config set auth.type ...`), e.g.
#      c.JupyterHub.authenticator_class = "generic-oauth"   # pip oauthenticator
#      c.GenericOAuthenticator.client_id = os.environ["OAUTH_CLIENT_ID"]
#      c.GenericOAuthenticator.client_secret = os.environ["OAUTH_CLIENT_SECRET"]
#      c.GenericOAuthenticator.allowed_groups = {"workshop-deelnemers"}
#    or "ldapauthenticator.LDAPAuthenticator" with the organisation's directory.
#    Participants use their normal login; nobody needs a name inside the kit.
#
# 2. A workshop hub for one day, with guests who have no account: set
#    KIT_HUB_AUTH=shared-password and KIT_HUB_USER_PASSWORD (8+ characters) that
#    the facilitator gives the room. Everyone picks any user name (a pseudonym
#    is fine) and logs in with the shared password. Anyone with that password
#    can log in as any non-admin user, so change it after the day. Optional:
#    KIT_HUB_ADMINS (comma-separated) with KIT_HUB_ADMIN_PASSWORD (32+
#    characters) for the platform team.
#
# With KIT_HUB_AUTH unset this file leaves the authenticator alone (PAM system
# accounts for a plain JupyterHub, or whatever TLJH is configured with).
if _env("KIT_HUB_AUTH") == "shared-password":
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = _env("KIT_HUB_USER_PASSWORD")
    c.Authenticator.allow_all = True
    admins = {a.strip() for a in _env("KIT_HUB_ADMINS").split(",") if a.strip()}
    if admins:
        c.Authenticator.admin_users = admins
        c.SharedPasswordAuthenticator.admin_password = _env("KIT_HUB_ADMIN_PASSWORD")
elif _env("KIT_HUB_AUTH"):
    raise ValueError(
        f"KIT_HUB_AUTH={_env('KIT_HUB_AUTH')!r}: only 'shared-password' is known; "
        "configure other authenticators in this file or with tljh-config"
    )

# Hub admins can open every user's server (and so their kernels); keep the
# admin list to the platform team.
