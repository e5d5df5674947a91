"""Organisation scale: a real JupyterHub with PostgreSQL, one server per person.

The hub runs the guide's own ``deploy/jupyterhub/jupyterhub_config.py`` (only
ports, paths, the spawner and the database URL differ, see kit/testing/hub.py),
behind configurable-http-proxy from npm, on the hardened database the guide
sets up (``deploy/postgres/rollen.sql`` and ``kit store-setup``): the hub and
every user's server get only the hub role, which may call the kit's functions
and touch no table. Three people log in through the hub's login form in their
own browser contexts, each gets their own single-user server and kernel, and
the only thing they share is PostgreSQL:

* the facilitator starts a session on the start page and gets a code;
* one participant types the code, the other opens the join link shown on the
  facilitator's page (``/hub/user-redirect/…?code=…``, which sends every user
  to their own server) and logs in on the way;
* the facilitator's page counts them arriving, and PostgreSQL holds their
  ``joined`` answers;
* in the dilemma workshop the facilitator plays a card, both choose on their own
  servers, and after the reveal the facilitator sees the room's spread.

Nothing is skipped: no PostgreSQL, Chromium, node/npm or jupyterhub is a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kit.testing.hub import (
    START_PAGE,
    Hub,
    HubSetupError,
    hub_page_problems,
    running_hub,
)
from kit.testing.postgres import (
    Deployment,
    hardened_database,
    postgres_server,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.voila,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.timeout(480),
]

FACILITATOR = "begeleider"
PARTICIPANTS = {"deelnemer-1": "Stille uil", "deelnemer-2": "Wijze <b>otter</b>"}
DILEMMA = "voila/render/kritische-situaties.ipynb"
REASONS = {"deelnemer-1": "De burger eerst", "deelnemer-2": "Regels zijn <i>regels</i>"}


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """$KIT_TEST_POSTGRES_URL, or a private server started here."""
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="module")
def deployment(postgres_url: str) -> Deployment:
    """The owner's URL stays here; the hub gets only the hub role's."""
    return hardened_database(postgres_url)


@pytest.fixture(scope="module")
def hub(deployment: Deployment) -> Iterator[Hub]:
    with running_hub(deployment.hub_url) as running:
        yield running


def joined_in_postgres(deployment: Deployment, code: str) -> list[str]:
    """Pseudonyms with a ``joined`` answer in the session with ``code``, read
    as the owner (the platform team)."""
    import psycopg

    with psycopg.connect(deployment.owner_url) as conn:
        rows = conn.execute(
            "SELECT p.pseudonym FROM kit.answers a"
            " JOIN kit.sessions s ON s.id = a.session_id"
            " JOIN kit.participants p ON p.id = a.participant_id"
            " WHERE s.code = %s AND a.tool = 'session' AND a.kind = 'joined'"
            " ORDER BY a.seq",
            (code,),
        ).fetchall()
    return [r[0] for r in rows]


def wait_for_text(page: Any, selector: str, text: str, timeout: int = 10_000) -> None:
    page.wait_for_function(
        "([sel, text]) => [...document.querySelectorAll(sel)]"
        ".some(el => el.innerText.includes(text))",
        arg=[selector, text],
        timeout=timeout,
    )


def test_a_room_on_jupyterhub_shares_one_postgresql(hub, browser, deployment):
    # Log in: the facilitator and the first participant at the same time (two
    # servers spawn side by side), each lands on their own start page.
    first, second = PARTICIPANTS
    lead = hub.log_in(browser, FACILITATOR, wait=False)
    one = hub.log_in(browser, first, wait=False)
    hub.wait_until_landed(lead)
    assert lead.page.url == hub.user_url(FACILITATOR)
    lead.page.get_by_role("button", name="Start een sessie voor de zaal").click()
    lead.page.wait_for_selector(".kit-code", timeout=60_000)
    code = lead.page.inner_text(".kit-code").strip()
    wait_for_text(lead.page, ".kit-count", "Nog niemand doet mee")

    # The second participant opens the join link the facilitator's page shows
    # (what its QR code holds): they log in on the way and land on *their own*
    # server with the code filled in.
    shown = lead.page.locator(".kit-joininfo a").get_attribute("href") or ""
    assert shown == hub.redirect_url(f"{START_PAGE}?code={code}")
    two = hub.log_in(browser, second, url=shown)
    assert two.page.url.startswith(hub.user_url(second))
    assert two.page.get_by_label("Sessiecode").input_value() == code

    hub.wait_until_landed(one)
    assert one.page.url == hub.user_url(first)
    one.page.get_by_label("Sessiecode").fill(code)
    for user, record in ((first, one), (second, two)):
        record.page.get_by_label("Schuilnaam").fill(PARTICIPANTS[user])
        record.page.get_by_role("button", name="Doe mee").click()
    for user, record in ((first, one), (second, two)):
        record.page.wait_for_selector(".kit-sessionbar-text", timeout=60_000)
        bar = record.page.inner_text(".kit-sessionbar-text")
        assert PARTICIPANTS[user] in bar  # the pseudonym, shown as text
        assert user not in bar  # the hub's user name never appears in the kit

    # The facilitator's page, on another server, counts both within seconds
    # (PostgreSQL LISTEN/NOTIFY), and PostgreSQL holds what was acknowledged.
    wait_for_text(lead.page, ".kit-count", "2 deelnemers doen mee")
    assert sorted(joined_in_postgres(deployment, code)) == sorted(PARTICIPANTS.values())
    # What a user's server (and so any code they run) holds: the hub role only.
    environ = server_environ(hub.server_pid(first))
    assert environ["KIT_DATABASE_URL"] == deployment.hub_url
    owner_password = deployment.owner_url.split("@")[0].rsplit(":", 1)[1]
    assert all(owner_password not in value for value in environ.values())
    for record in (lead, one, two):
        assert hub_page_problems(record) == []

    # The dilemma workshop: each browser comes back to its own seat.
    for user, record in ((FACILITATOR, lead), (first, one), (second, two)):
        record.page.goto(hub.user_url(user, DILEMMA), wait_until="domcontentloaded")
    for record in (lead, one, two):
        record.page.locator(".kit-dilemma").wait_for(timeout=90_000)
    lead.page.get_by_role("button", name="Trek een kaart").click()
    lead.page.locator(".kit-dilemma-browser .kit-card h2").wait_for(timeout=30_000)
    lead.page.get_by_role("button", name="Speel deze kaart").click()
    title = lead.page.locator(".kit-dilemma-table .kit-card h2")
    title.wait_for(timeout=30_000)
    # The facilitator's round controls show once a card is on the table.
    lead.page.locator(".kit-dilemma-lead").wait_for(timeout=30_000)
    card = title.inner_text().strip()

    for index, (user, record) in enumerate(((first, one), (second, two))):
        page = record.page
        wait_for_text(page, ".kit-dilemma-table .kit-card h2", card, timeout=15_000)
        choose = page.locator(".kit-dilemma-choose")
        choose.get_by_role("radio").nth(index).click()  # A and B: a split room
        choose.get_by_role("radio", name="Redelijk zeker").click()
        choose.get_by_role("textbox", name="Waarom? (mag leeg)").fill(REASONS[user])
        choose.get_by_role("button", name="Bewaar mijn keuze").click()
        letter = "AB"[index]
        page.get_by_text(f"Je keuze: {letter} (Redelijk zeker).").wait_for(
            timeout=30_000
        )
        # Nothing of the others' choices is on a participant's page before the reveal.
        assert page.locator(".kit-dilemma-results .kit-chart").count() == 0

    wait_for_text(lead.page, ".kit-dilemma-lead", "2 keuzes via een apparaat")
    lead.page.get_by_role("button", name="Antwoorden tonen").click()
    results = lead.page.locator(".kit-dilemma-results")
    results.locator(".kit-chart svg").first.wait_for(timeout=60_000)
    text = results.inner_text()
    assert "precies verdeeld" in text  # one A, one B: the room is split
    for reason in REASONS.values():
        assert reason in text  # shown as text, not as markup
    assert results.locator(".kit-reasons i").count() == 0
    label = results.locator(".kit-chart-image").first.get_attribute("aria-label")
    assert "A" in (label or "")
    assert "B" in (label or "")

    # Participants see the same spread on their own servers after the reveal.
    for record in (one, two):
        record.page.locator(".kit-dilemma-results .kit-chart svg").first.wait_for(
            timeout=60_000
        )
    for record in (lead, one, two):
        assert hub_page_problems(record) == []
    assert "Traceback" not in hub.log()


CRAFTED_REQUESTS = """
async (base) => {
  const cookie = document.cookie.match(/_xsrf=([^;]+)/);
  const xsrf = decodeURIComponent(cookie ? cookie[1] : "");
  const headers = {"X-XSRFToken": xsrf, "Content-Type": "application/json"};
  const status = async (path, method, body) =>
    (await fetch(base + path, {method, headers, body})).status;
  const started = await status("api/kernels", "POST", "{}");
  const uploaded = await status("api/contents/eigen.ipynb", "PUT",
    JSON.stringify({type: "notebook", format: "json", content: {
      cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5}}));
  const terminal = await status("api/terminals", "POST", "{}");
  // The page's own kernel, as Voilà tells the page.
  const config = JSON.parse(
    document.getElementById("jupyter-config-data").textContent);
  const ws = new WebSocket(base.replace(/^http/, "ws") + "api/kernels/"
                           + config.kernelId + "/channels");
  await new Promise((resolve) => { ws.onopen = resolve; });
  const seen = [];
  const answered = new Promise((resolve) => {
    ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      seen.push(message.header.msg_type);
      if (message.header.msg_type === "kernel_info_reply") resolve();
    };
  });
  const send = (type, content) => ws.send(JSON.stringify({
    channel: "shell", content, metadata: {}, parent_header: {}, buffers: [],
    header: {msg_id: type + Math.random(), msg_type: type, username: "",
             session: "kit-test", version: "5.3", date: new Date().toISOString()}}));
  send("execute_request", {code: "import os; os.environ", silent: false,
       store_history: false, user_expressions: {}, allow_stdin: false,
       stop_on_error: true});
  send("kernel_info_request", {});  // answered after the execute_request, in order
  await answered;
  ws.close();
  return {started, uploaded, terminal, seen};
}
"""


def test_a_participant_cannot_run_code_on_their_own_server(hub, browser):
    """Issue 14: the server a participant gets shows the kit and runs nothing
    they send: no execute_request over the page's kernel websocket, no new
    kernel, no uploaded notebook for Voilà to run, no terminal."""
    record = hub.log_in(browser, "nieuwsgierig")
    result = record.page.evaluate(CRAFTED_REQUESTS, hub.user_url("nieuwsgierig", ""))
    assert result["started"] == 403
    assert result["uploaded"] == 403
    assert result["terminal"] in (403, 404)
    assert "kernel_info_reply" in result["seen"]  # the websocket itself works
    assert "execute_reply" not in result["seen"]
    assert "execute_result" not in result["seen"]
    # The page still works: its widgets talk to the kernel.
    record.page.get_by_label("Schuilnaam").fill("Nieuwsgierige kat")
    assert record.page.get_by_role("button", name="Doe mee").is_enabled()


def test_the_singleuser_settings_lock_the_server_down():
    import json

    from kit.serve import REPO_DIR
    from kit.viewonly import ALLOWED_MESSAGES, ViewOnlyAuthorizer

    path = REPO_DIR / "deploy" / "jupyterhub" / "singleuser"
    config = json.loads((path / "jupyter_server_config.json").read_text("utf-8"))
    kernels = config["MappingKernelManager"]["allowed_message_types"]
    assert kernels == list(ALLOWED_MESSAGES)
    assert "execute_request" not in kernels
    authorizer = config["ServerApp"]["authorizer_class"]
    assert authorizer == f"{ViewOnlyAuthorizer.__module__}.ViewOnlyAuthorizer"


def server_environ(pid: int) -> dict[str, str]:
    from pathlib import Path

    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    pairs = (item.decode(errors="replace").split("=", 1) for item in raw if item)
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2}


def test_the_hub_refuses_a_database_role_that_can_touch_the_tables(deployment):
    """Handing every user the owner's URL is the mistake the guide used to make;
    the configuration now refuses to start with it."""
    with pytest.raises(HubSetupError) as refused, running_hub(deployment.owner_url):
        pass
    assert "can read or change the kit's tables" in str(refused.value)


def test_the_idle_culler_stops_a_server_and_nothing_is_lost(browser, deployment):
    """The guide's culler service (jupyterhub-idle-culler, with its role) stops an
    idle server; the participant logs in again and is back on the same seat."""
    from kit.store import open_store

    store = open_store(deployment.hub_url)
    try:
        code = store.create_session("Cullen").session.code
    finally:
        store.close()
    # 30 s: long enough to log in and join first on a slow machine.
    with running_hub(deployment.hub_url, cull_idle_seconds=30) as small:
        record = small.log_in(browser, "deelnemer-3")
        page = record.page
        page.get_by_label("Sessiecode").fill(code)
        page.get_by_label("Schuilnaam").fill("Late leeuwerik")
        page.get_by_role("button", name="Doe mee").click()
        page.wait_for_selector(".kit-sessionbar-text", timeout=60_000)
        bar = page.inner_text(".kit-sessionbar-text")
        server = small.server_pid("deelnemer-3")

        assert small.server_running("deelnemer-3")
        small.wait_until_stopped("deelnemer-3", timeout=120)  # 30 s idle + rounds
        assert "Culling server deelnemer-3" in small.log()
        small.wait_until_gone(server, timeout=30)
        assert joined_in_postgres(deployment, code) == ["Late leeuwerik"]

        # Back again: the hub spawns a new server, the browser restores the seat.
        page.goto(small.redirect_url(), wait_until="domcontentloaded")
        page.wait_for_selector(".kit-sessionbar-text", timeout=120_000)
        assert page.inner_text(".kit-sessionbar-text") == bar
        assert small.server_pid("deelnemer-3") != server
