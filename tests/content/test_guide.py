"""The facilitator guide: every command in it works, every link in it resolves.

A facilitator follows ``facilitator-guide/*.md`` in a room, often without anyone
to ask, so its commands are tested like code:

- every line of every fenced ``bash`` block is a command this test knows how to
  check; an unknown program or environment variable fails;
- every ``kit …`` line parses with the real CLI parser (``kit.cli.build_parser``);
  subcommands that are still being built are listed in ``PENDING_SUBCOMMANDS`` and
  checked against the interface agreed for them, so documenting any other unknown
  subcommand fails loudly;
- every ``kit validate …`` line is run in the repository root and must pass;
- ``./scripts/run`` and ``./scripts/test`` exist and are executable;
- every relative Markdown link points to an existing file (and heading), or to a
  page or notebook listed in ``PENDING_LINKS`` that someone is still writing;
- the worked example of the tutorial is the example deck, which passes
  ``kit validate`` without a single remark, and its notebook runs.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import shlex
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient

from kit.cli import build_parser

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "facilitator-guide"
PAGES = sorted(GUIDE.rglob("*.md"))
EXAMPLE = GUIDE / "voorbeeld"
EXAMPLE_DECK = EXAMPLE / "mijn-kaarten" / "team.yaml"
EXAMPLE_NOTEBOOK = EXAMPLE / "mijn-kaartspel.ipynb"
TUTORIAL = GUIDE / "eigen-kaarten-en-werkvormen.md"

#: ``kit`` subcommands the guide documents before they exist, with the agreed
#: interface. Once the real parser has one, the real parser checks it instead.
PENDING_SUBCOMMANDS: dict[str, str] = {}

#: Link targets (relative to the repository root) that others are still writing.
#: A missing one is reported as a warning: it is what is left to finish.
PENDING_LINKS: dict[str, str] = {}

#: Environment variables the guide may set in front of a command.
KNOWN_ENV = {"KIT_DATABASE_URL"}
#: Plain shell commands the guide may use; their source paths must exist.
COPY = "cp"
SCRIPTS = {"./scripts/run", "./scripts/test"}
VENV_PREFIX = ".venv/bin/"

OPENING_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>\S*)")
HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
LINK = re.compile(r"!?\[[^\]]*\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


class PendingWork(UserWarning):
    """Something the guide documents that another part of the kit still has to add."""


# --- reading the guide -------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    page: Path
    line: int  # line of the opening fence, 1-based
    info: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Command:
    page: Path
    line: int
    text: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(REPO)}:{self.line}"


def fenced_blocks(page: Path) -> list[Block]:
    """The fenced code blocks of a Markdown page (also those inside list items)."""
    blocks: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        opening = OPENING_FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, fence = len(opening["indent"]), opening["fence"]
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not closing.match(lines[j]):
            body.append(lines[j][indent:] if lines[j][:indent].isspace() else lines[j])
            j += 1
        blocks.append(Block(page, i + 1, opening["info"].lower(), tuple(body)))
        i = j + 1
    return blocks


def prose(page: Path) -> list[tuple[int, str]]:
    """The lines of a page outside fenced blocks, with inline code removed."""
    inside: set[int] = set()
    for block in fenced_blocks(page):
        inside.update(range(block.line, block.line + len(block.lines) + 2))
    return [
        (n, re.sub(r"`[^`]*`", "", line))
        for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        if n not in inside
    ]


def bash_commands() -> list[Command]:
    commands = []
    for page in PAGES:
        for block in fenced_blocks(page):
            if block.info == "ini":  # systemd units: their ExecStart is a command
                commands.extend(
                    Command(page, block.line + offset, line.split("=", 1)[1])
                    for offset, line in enumerate(block.lines, 1)
                    if line.startswith("ExecStart=") and is_kit(line.split("=", 1)[1])
                )
                continue
            if block.info not in ("bash", "sh", "shell", "console"):
                continue
            pending = ""
            for offset, raw in enumerate(block.lines, 1):
                line = raw.strip()
                if line.endswith("\\"):
                    pending += line[:-1] + " "
                    continue
                text = (pending + line).strip()
                pending = ""
                if text and not text.startswith("#"):
                    commands.append(Command(page, block.line + offset, text))
    return commands


def words_of(command: Command) -> tuple[dict[str, str], list[str]]:
    """Environment assignments in front of the command, and the command's words."""
    words = shlex.split(command.text, comments=True)
    env = {}
    while words and ASSIGNMENT.match(words[0]):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    return env, words


def is_kit(program: str) -> bool:
    """``kit``, ``.venv/bin/kit`` or a server's ``/opt/tljh/user/bin/kit``."""
    program = program.split()[0] if program.strip() else ""
    return program.removeprefix(VENV_PREFIX) == "kit" or program.endswith("/bin/kit")


def kit_args(command: Command) -> list[str] | None:
    """The arguments after ``kit`` (``.venv/bin/kit`` too), or None for other lines."""
    _env, words = words_of(command)
    if words and is_kit(words[0]):
        return words[1:]
    return None


COMMANDS = bash_commands()
KIT_COMMANDS = [c for c in COMMANDS if kit_args(c) is not None]
VALIDATE_COMMANDS = [c for c in KIT_COMMANDS if (kit_args(c) or [""])[0] == "validate"]


# --- the CLI -----------------------------------------------------------------------


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def pending_parser() -> argparse.ArgumentParser:
    """The agreed interface of the subcommands that are still being built."""
    parser = argparse.ArgumentParser(prog="kit")
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export", help="session report")
    export.add_argument("code")
    export.add_argument("--format", choices=["html", "docx", "md"], required=True)
    export.add_argument("--zonder-redenen", action="store_true")
    printer = sub.add_parser("print", help="A4 PDF of a deck")
    printer.add_argument("deck")
    return parser


def parse_or_fail(
    parser: argparse.ArgumentParser, args: list[str], command: Command
) -> argparse.Namespace:
    errors = io.StringIO()
    try:
        with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(errors):
            return parser.parse_args(args)
    except SystemExit:
        pytest.fail(
            f"{command.where}: `{command.text}` does not parse:\n{errors.getvalue()}"
        )


def check_kit_command(command: Command) -> None:
    args = kit_args(command) or []
    assert args, f"{command.where}: `kit` without a subcommand"
    real = build_parser()
    if args[0] in subcommands(real):
        parse_or_fail(real, args, command)
    elif args[0] in PENDING_SUBCOMMANDS:
        parse_or_fail(pending_parser(), args, command)
        warnings.warn(
            f"`kit {args[0]}` is documented ({command.where}) but not built yet: "
            f"{PENDING_SUBCOMMANDS[args[0]]}",
            PendingWork,
            stacklevel=2,
        )
    else:
        pytest.fail(
            f"{command.where}: `kit {args[0]}` is not a kit subcommand. Known: "
            f"{sorted(subcommands(real))}; being built: {sorted(PENDING_SUBCOMMANDS)}"
        )


def venv_tool(name: str) -> Path | None:
    for folder in (REPO / ".venv" / "bin", Path(sys.executable).parent):
        if (folder / name).exists():
            return folder / name
    return None


# --- (a, b) every command line is known and parses ------------------------------------


def test_the_guide_has_commands_to_check():
    assert PAGES, "facilitator-guide/*.md not found"
    assert KIT_COMMANDS, "no `kit …` line in any ```bash block of the guide"
    assert VALIDATE_COMMANDS, "no `kit validate …` line in the guide"


@pytest.mark.parametrize("command", COMMANDS, ids=[c.where for c in COMMANDS])
def test_every_command_line_is_known(command: Command):
    env, words = words_of(command)
    unknown_env = set(env) - KNOWN_ENV
    assert not unknown_env, f"{command.where}: unknown variable(s) {unknown_env}"
    assert words, f"{command.where}: only variables, no command"
    program, args = words[0], words[1:]
    if is_kit(program):
        check_kit_command(command)
    elif program == "./scripts/run":
        # scripts/run passes its arguments on to `kit serve`.
        parse_or_fail(build_parser(), ["serve", *args], command)
    elif program in SCRIPTS:
        assert (REPO / program).is_file(), f"{command.where}: {program} is missing"
    elif program == COPY:
        sources = [a for a in args if not a.startswith("-")][:-1]
        assert sources, f"{command.where}: cp without a source"
        for source in sources:
            assert (REPO / source).exists(), f"{command.where}: {source} is missing"
    elif program.startswith(VENV_PREFIX):
        tool = program.removeprefix(VENV_PREFIX)
        assert venv_tool(tool), f"{command.where}: {tool} is not installed in .venv"
    elif program in PLATFORM:
        check_platform_command(program, args, command)
    else:
        pytest.fail(f"{command.where}: the test does not know `{program}`")


#: Commands for an organisation's platform team (organisatie.md). They run on a
#: hub server or a Kubernetes cluster, not here; the test checks that every file
#: they name is in the repository and fits what the command expects.
PLATFORM = {"cd", "sudo", "docker", "kubectl", "helm", "psql"}
DEPLOY = REPO / "deploy" / "jupyterhub"


def option(args: list[str], *names: str) -> str | None:
    for i, arg in enumerate(args[:-1]):
        if arg in names:
            return args[i + 1]
    return None


def check_platform_command(program: str, args: list[str], command: Command) -> None:
    where = command.where
    if program == "cd":
        assert args, f"{where}: cd without a folder"
        assert args[0].startswith("/"), f"{where}: cd to a server path, not {args[0]}"
    elif program == "sudo":
        assert args, f"{where}: sudo without a command"
        tool, rest = args[0], args[1:]
        assert tool.endswith("/pip"), f"{where}: the guide only uses sudo for pip"
        assert rest[:1] == ["install"], f"{where}: pip {rest[:1]}"
        requirements = option(rest, "-r")
        if requirements:
            assert (REPO / requirements).is_file(), f"{where}: {requirements} missing"
        if "." in rest:
            assert (REPO / "pyproject.toml").is_file(), f"{where}: nothing to install"
    elif program == "docker":
        if args[0] == "build":
            dockerfile = option(args, "-f", "--file")
            assert dockerfile, f"{where}: docker build names its Dockerfile"
            text = (REPO / dockerfile).read_text(encoding="utf-8")
            assert "binder/requirements.txt" in text, f"{where}: not the pinned env"
        else:
            assert args[0] == "push", f"{where}: docker {args[0]}"
    elif program == "kubectl":
        name = args[args.index("generic") + 1] if "generic" in args else ""
        values = (DEPLOY / "z2jh-values.yaml").read_text(encoding="utf-8")
        assert name, f"{where}: the guide creates a generic secret"
        assert name in values, f"{where}: z2jh-values.yaml does not use {name}"
    elif program == "psql":
        # The roles script: every variable it uses is given with -v, and no more.
        script = option(args, "-f", "--file")
        assert script, f"{where}: psql runs a script from the repository (-f)"
        text = (REPO / script).read_text(encoding="utf-8")
        used = set(re.findall(r":[\"'](\w+)[\"']", text))
        given = {
            args[i + 1].split("=", 1)[0] for i, a in enumerate(args[:-1]) if a == "-v"
        }
        assert given == used, f"{where}: -v {sorted(given)}, {script}: {sorted(used)}"
    elif program == "helm":
        values_path = option(args, "--values", "-f")
        assert values_path, f"{where}: helm without --values"
        values = yaml.safe_load((REPO / values_path).read_text(encoding="utf-8"))
        assert "voila/render/" in values["singleuser"]["defaultUrl"], where


def test_scripts_run_forwards_its_arguments_to_kit_serve():
    text = (REPO / "scripts" / "run").read_text(encoding="utf-8")
    assert 'kit serve "$@"' in text


# --- (c) every kit validate line passes -------------------------------------------


@pytest.mark.parametrize(
    "command", VALIDATE_COMMANDS, ids=[c.where for c in VALIDATE_COMMANDS]
)
def test_every_kit_validate_line_passes(command: Command):
    args = kit_args(command) or []
    kit = venv_tool("kit")
    argv = [str(kit)] if kit else [sys.executable, "-m", "kit.cli"]
    done = subprocess.run(
        [*argv, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"{command.where}: `{command.text}`\n{output}"
    assert "ok: " in done.stdout, output


# --- (d) the scripts ----------------------------------------------------------------


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_script_exists_and_is_executable(script: str):
    path = REPO / script
    assert path.is_file(), f"{script} is missing"
    assert path.stat().st_mode & 0o111, f"{script} is not executable (chmod +x)"


# --- (e) links ----------------------------------------------------------------------


def slugs(page: Path) -> set[str]:
    """Heading anchors as GitHub makes them (lower case, punctuation dropped)."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for _n, line in prose(page):
        heading = HEADING.match(line)
        if not heading:
            continue
        text = re.sub(r"[*`]|\[([^\]]*)\]\([^)]*\)", r"\1", heading["text"]).lower()
        slug = re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


@dataclass(frozen=True)
class Link:
    page: Path
    line: int
    target: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(REPO)}:{self.line}"


def relative_links() -> list[Link]:
    links = []
    for page in PAGES:
        for n, line in prose(page):
            for match in LINK.finditer(line):
                target = match["target"]
                if not SCHEME.match(target):
                    links.append(Link(page, n, target))
    return links


LINKS = relative_links()


def resolve(link: Link) -> tuple[str, str]:
    """The link's file relative to the repository (``""`` for the page itself)."""
    path, _, anchor = link.target.partition("#")
    if not path:
        return "", anchor
    absolute = (link.page.parent / path).resolve()
    try:
        return absolute.relative_to(REPO).as_posix(), anchor
    except ValueError:
        pytest.fail(f"{link.where}: {link.target} points outside the repository")


def test_the_guide_links_somewhere():
    assert LINKS


@pytest.mark.parametrize("link", LINKS, ids=[f"{x.where}->{x.target}" for x in LINKS])
def test_every_relative_link_resolves(link: Link):
    target, anchor = resolve(link)
    page = REPO / target if target else link.page
    if target and not page.exists():
        assert target in PENDING_LINKS, (
            f"{link.where}: {link.target} does not exist (and is not in PENDING_LINKS)"
        )
        return
    if anchor and page.suffix == ".md":
        assert anchor in slugs(page), (
            f"{link.where}: no heading #{anchor} in {page.relative_to(REPO)}"
        )


def test_pending_links_say_what_is_left_to_finish():
    linked = {resolve(x)[0] for x in LINKS}
    unused = sorted(set(PENDING_LINKS) - linked)
    assert not unused, f"PENDING_LINKS entries the guide no longer links to: {unused}"
    missing = [
        f"{t} ({why})" for t, why in PENDING_LINKS.items() if not (REPO / t).exists()
    ]
    if missing:
        warnings.warn(
            "the guide links to pages still being written: " + "; ".join(missing),
            PendingWork,
            stacklevel=1,
        )


def test_the_index_links_every_page_of_the_guide():
    linked = {resolve(x)[0] for x in LINKS if x.page.name == "README.md"}
    for page in PAGES:
        name = page.relative_to(REPO).as_posix()
        assert page.name == "README.md" or name in linked, f"README.md misses {name}"


# --- the worked example -----------------------------------------------------------


def test_example_deck_is_clean_and_is_what_the_tutorial_shows():
    from kit.model import check_directory

    report = check_directory(EXAMPLE_DECK.parent)
    assert report.problems == [], [str(p) for p in report.problems]
    assert report.library is not None
    deck = report.library.deck("mijn_kaartspel")
    assert len(deck.cards) == 2

    data = yaml.safe_load(EXAMPLE_DECK.read_text(encoding="utf-8"))
    shown = [
        yaml.safe_load("\n".join(b.lines))
        for b in fenced_blocks(TUTORIAL)
        if b.info == "yaml"
    ]
    header = {k: v for k, v in data.items() if k != "cards"}
    assert header in shown, "the tutorial's deck header differs from the example"
    assert {"cards": data["cards"][:1]} in shown, (
        "the tutorial's worked card differs from the first card of the example deck"
    )
    used = {theme for card in data["cards"] for theme in card["themes"]}
    assert used <= {theme["id"] for theme in data["themes"]}


def test_example_notebook_is_thin_and_plays_the_example_deck(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    nb = nbformat.read(EXAMPLE_NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert nb.cells[0].cell_type == "markdown"
    assert nb.cells[0].source.startswith("# ")
    assert len(code) == 1
    assert not code[0].get("outputs")
    assert code[0].get("execution_count") is None
    assert 'deck="mijn_kaartspel", data_dir="mijn-kaarten"' in code[0].source
    shown = ["\n".join(b.lines) for b in fenced_blocks(TUTORIAL) if b.info == "python"]
    assert code[0].source in shown, "the tutorial shows a different code cell"
    NotebookClient(
        nb,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(EXAMPLE)}},
    ).execute()
    for output in code[0].get("outputs", []):
        assert output.output_type != "error", output
        if output.output_type == "stream":
            assert output.name != "stderr", output.text


# --- the facilitator part and the technical part ------------------------------------

TECH = GUIDE / "techniek"
SAFETY = GUIDE / "veiligheid-en-spelregels.md"
DRAAIBOEKEN = sorted(GUIDE.glob("draaiboek-*.md"))
#: Facilitator pages that still show terminal commands, and why.
COMMANDS_ALLOWED_OUTSIDE_TECH = {
    "eigen-kaarten-en-werkvormen.md": "trainers writing cards run kit validate",
    "privacy.md": "export and purge next to the privacy promise they keep",
}
MINUTES = re.compile(r"\*{0,2}(?P<n>\d+)\s*min\*{0,2}")


def test_terminal_commands_live_in_the_technical_part():
    for page in PAGES:
        if TECH in page.parents or page.name in COMMANDS_ALLOWED_OUTSIDE_TECH:
            continue
        shell = [
            b.line
            for b in fenced_blocks(page)
            if b.info in ("bash", "sh", "shell", "console")
        ]
        assert not shell, (
            f"{page.relative_to(REPO)}:{shell}: terminal commands belong in techniek/"
        )


def test_the_technical_part_has_its_own_index_and_every_command():
    index = TECH / "README.md"
    assert index.is_file()
    programs = {
        (kit_args(c) or ["?"])[0] if kit_args(c) is not None else words_of(c)[1][0]
        for c in COMMANDS
        if c.page == index
    }
    assert {"./scripts/run", "serve", "export", "print", "validate", "purge"} <= (
        programs
    )
    assert set(subcommands(build_parser())) <= programs


def schedule(page: Path) -> tuple[list[tuple[str, int, str]], int | None]:
    """The phases (name, minutes, what you do) of a draaiboek's Tijdschema, and the
    stated total; rows after the total (e.g. "Na afloop") are not phases."""
    rows: list[tuple[str, int, str]] = []
    total = None
    inside = False
    for _n, line in prose(page):
        if line.startswith("## "):
            inside = line.startswith("## Tijdschema")
            continue
        if not inside or not line.startswith("|") or total is not None:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        minutes = MINUTES.fullmatch(cells[1]) if len(cells) > 1 else None
        if minutes is None:
            continue
        if "Totaal" in cells[0]:
            total = int(minutes["n"])
        else:
            rows.append(
                (cells[0], int(minutes["n"]), cells[3] if len(cells) > 3 else "")
            )
    return rows, total


@pytest.mark.parametrize("page", DRAAIBOEKEN, ids=[p.name for p in DRAAIBOEKEN])
def test_every_draaiboek_has_timings_that_add_up(page: Path):
    rows, total = schedule(page)
    assert rows, f"{page.name}: no phases with minutes under ## Tijdschema"
    assert total is not None, f"{page.name}: no **Totaal** row"
    assert sum(m for _name, m, _do in rows) == total, (page.name, rows, total)
    numbers = [int(name.split(".")[0]) for name, _m, _do in rows]
    assert numbers == list(range(1, len(rows) + 1)), (page.name, numbers)


@pytest.mark.parametrize(
    ("name", "minutes"),
    [("draaiboek-eigen-situatie.md", 90), ("draaiboek-moreel-beraad.md", 120)],
)
def test_the_own_case_draaiboeken_fill_their_time(name: str, minutes: int):
    page = GUIDE / name
    _rows, total = schedule(page)
    assert total == minutes
    text = page.read_text(encoding="utf-8")
    assert f"{minutes} minuten" in text, "the summary names the length"
    assert "veiligheid-en-spelregels.md" in text, "links the safety chapter"


@pytest.mark.parametrize("page", DRAAIBOEKEN, ids=[p.name for p in DRAAIBOEKEN])
def test_buttons_named_in_a_draaiboek_are_on_the_screen(page: Path):
    """A bold label in the "wat jij doet" column is a text the kit shows (nl)."""
    from kit.locale import catalogue

    shown = {text.strip().casefold() for text in catalogue("nl").values()}
    rows, _total = schedule(page)
    for name, _minutes, what_you_do in rows:
        for label in re.findall(r"\*\*([^*]+)\*\*", what_you_do):
            assert label.strip().casefold() in shown, (page.name, name, label)


def test_the_own_case_sits_in_the_middle_of_the_eigen_situatie_draaiboek():
    """Seed 003: inventory, then the team's own case as a card, then a contrast."""
    rows, _total = schedule(GUIDE / "draaiboek-eigen-situatie.md")
    names = [name.casefold() for name, _m, _do in rows]
    order = [
        next(i for i, n in enumerate(names) if word in n)
        for word in ("inventaris", "eigen kaart", "contrastkaart")
    ]
    assert order == sorted(order)
    assert order[0] > 0, "an opening comes first"
    assert order[-1] < len(names) - 1, "a closing comes last"


def test_the_moreel_beraad_lets_the_group_add_its_own_option():
    page = GUIDE / "draaiboek-moreel-beraad.md"
    rows, _total = schedule(page)
    phases = " ".join(f"{name} {do}" for name, _m, do in rows).casefold()
    assert "eigen weg" in phases
    assert "opnieuw kiezen" in phases
    assert "## Een optie toevoegen tijdens het spel" in page.read_text("utf-8")


def test_the_safety_chapter_covers_what_a_trainer_needs_before_a_session():
    anchors = slugs(SAFETY)
    for needed in (
        "afspraken-met-de-opdrachtgever",
        "de-spelregels",
        "script",
        "wat-de-opdrachtgever-en-de-leidinggevende-te-zien-krijgen",
        "als-iemand-een-echte-misstand-noemt",
        "emotie-in-de-zaal",
        "nazorg",
        "werken-met-een-ervaringsdeskundige",
        "betalen",
    ):
        assert needed in anchors, needed
    text = SAFETY.read_text(encoding="utf-8")
    for words in ("Passen mag", "blijft hier", "Huis voor Klokkenluiders", "uitkering"):
        assert words in text, words
    for page in ("README.md", "snelstart.md", "draaiboek-start.md"):
        linked = {resolve(x)[0] for x in LINKS if x.page == GUIDE / page}
        assert SAFETY.relative_to(REPO).as_posix() in linked, page


CARD_MENTION = re.compile(r"\*(?P<title>[^*]+)\*\s*\(`(?P<id>[a-z][a-z0-9_]*)`\)")


def test_cards_the_guide_names_are_in_the_starter_deck():
    """ "*Title* (`card_id`)" in the guide names a card that exists, by its title."""
    deck = yaml.safe_load(
        (REPO / "data" / "decks" / "starter.yaml").read_text(encoding="utf-8")
    )
    titles = {card["id"]: card["title"] for card in deck["cards"]}
    for page in PAGES:
        for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            for mention in CARD_MENTION.finditer(line):
                where = f"{page.relative_to(REPO)}:{n}"
                assert mention["id"] in titles, f"{where}: no card {mention['id']}"
                assert titles[mention["id"]] == mention["title"], where
