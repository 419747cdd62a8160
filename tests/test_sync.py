"""One workspace on two machines through a bare git repository: ``ritmas init --git``, ``sync``.

Every test runs git with a hostile global config of its own (signing that always fails, hooks
that always fail, ``merge.ff = only``, ``pull.rebase``, no identity) and no system config, so
what passes here passes whatever the user's git setup is.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import SMALL_CATALOGUE, RunRitmas

from tui.core import actions
from tui.core.session import Session
from tui.core.state import Column
from tui.core.workspace import Workspace

TODAY = "2026-11-26"
WEEK = "2026-W48"
COMMON = ("--today", TODAY, "--profile", "all")

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture(autouse=True)
def hostile_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for name in ("pre-commit", "commit-msg", "pre-push", "pre-merge-commit", "post-checkout"):
        hook = hooks / name
        hook.write_text("#!/bin/sh\necho hook ran >&2\nexit 1\n")
        hook.chmod(0o755)
    config = tmp_path / "gitconfig"
    config.write_text(
        "[commit]\n\tgpgsign = true\n[gpg]\n\tprogram = false\n"
        f"[core]\n\thooksPath = {hooks}\n[merge]\n\tff = only\n[pull]\n\trebase = true\n"
        "[user]\n\tuseConfigOnly = true\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "EMAIL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("GIT_COMMITTER_EMAIL", raising=False)
    return config


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """git as a person types it (the hostile config applies), with an identity of its own."""
    ident = ["-c", "user.name=Tester", "-c", "user.email=t@example.org"]
    safe = ["-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null"]
    return subprocess.run(
        ["git", *ident, *safe, *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=check,
        env=dict(os.environ),
    )


class Machine:
    """One clone of the shared workspace, driven through the real ``ritmas`` command."""

    def __init__(self, root: Path, run: RunRitmas) -> None:
        self.root = root
        self.run = run

    def ritmas(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        done = self.run(*args, "--workspace", self.root, *COMMON)
        if ok:
            assert done.returncode == 0, done.stderr
        return done  # type: ignore[return-value]

    def sync(self, ok: bool = True):  # type: ignore[no-untyped-def]
        return self.ritmas("sync", ok=ok)

    def cards(self) -> list[dict[str, object]]:
        return json.loads(self.ritmas("list", "--json").stdout)

    def card(self, card_id: str) -> dict[str, object]:
        return next(c for c in self.cards() if c["id"] == card_id)

    def session(self) -> Session:
        return Session(Workspace(self.root), datetime.fromisoformat(TODAY).date(), profile=None)

    def state(self, key: str = WEEK) -> dict[str, object]:
        return json.loads((self.root / "state" / f"{key}.json").read_text(encoding="utf-8"))

    def in_process(self, what: str, card_id: str, *args: object) -> None:
        """An action the command line has no command for (a note), or one at a chosen time."""
        session = self.session()
        board = session.board(session.this_week)
        card = board.card(card_id)
        assert card is not None, card_id
        getattr(actions, what)(session.store, card, *args)


def no_conflict_markers(*machines: Machine) -> None:
    for machine in machines:
        for path in (machine.root / "state").glob("*.json"):
            text = path.read_text(encoding="utf-8")
            assert "<<<<<<<" not in text and ">>>>>>>" not in text, path
            json.loads(text)


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    bare = tmp_path / "shared.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    return bare


@pytest.fixture
def pair(tmp_path: Path, remote: Path, run_ritmas: RunRitmas) -> tuple[Machine, Machine]:
    """Machine A shares its existing workspace; machine B clones it."""
    a_root = tmp_path / "a"
    (a_root / "state").mkdir(parents=True)
    (a_root / "catalogue.toml").write_text(SMALL_CATALOGUE, encoding="utf-8")
    done = run_ritmas("init", a_root, "--git", remote)
    assert done.returncode == 0, done.stderr
    assert "shared through" in done.stdout and "sent to origin" in done.stdout
    done = run_ritmas("init", tmp_path / "b", "--git", remote)
    assert done.returncode == 0, done.stderr
    assert "cloned" in done.stdout
    return Machine(a_root, run_ritmas), Machine(tmp_path / "b", run_ritmas)


def test_a_new_shared_workspace_commits_only_its_own_files(pair: tuple[Machine, Machine]) -> None:
    a, b = pair
    assert (b.root / "catalogue.toml").read_text(encoding="utf-8") == SMALL_CATALOGUE
    tracked = git(b.root, "ls-files").stdout.split()
    assert tracked == [".gitattributes", ".gitignore", "catalogue.toml"]
    assert "state/*.json text eol=lf" in (b.root / ".gitattributes").read_text()
    info = git(b.root, "rev-parse", "--git-path", "info/attributes").stdout.strip()
    assert "state/*.json merge=ritmas" in (b.root / info).read_text()
    # The hostile config asked for signing and hooks that fail, and set no identity.
    author = git(a.root, "log", "-1", "--format=%an <%ae>").stdout
    assert author.startswith("Ritmas (")
    a.ritmas("tick", "ketvircio-planas", "1")
    (a.root / "state" / ".ritmas.lock").touch()
    (a.root / "state" / f"{WEEK}.json.v0.bak").write_text("{}")
    a.sync()
    tracked = [p for p in git(a.root, "ls-files").stdout.split() if p != "ritmas.toml"]
    assert f"state/{WEEK}.json" not in tracked  # quarterly: it lives in the quarter's file
    assert tracked == [".gitattributes", ".gitignore", "catalogue.toml", "state/2026-Q4.json"]


@pytest.mark.parametrize("first", ["a", "b"])
def test_two_machines_change_the_same_and_different_cards(
    pair: tuple[Machine, Machine], first: str
) -> None:
    a, b = pair
    # Some shared history first: a tick both machines have.
    a.ritmas("tick", "metine-ataskaita", "1")
    a.ritmas("move", "naujienlaiskis", "done")
    a.sync()
    b.sync()
    assert b.card("metine-ataskaita")["steps_done"] == 1
    assert b.card("naujienlaiskis")["column"] == "done"

    # Then, apart (and A offline for a while):
    a.ritmas("tick", "ketvircio-planas", "1")
    b.ritmas("tick", "ketvircio-planas", "2")
    a.ritmas("tick", "socialinis-irasas", "1")
    b.ritmas("tick", "socialinis-irasas", "1")  # the same tick on both: ticked once
    b.ritmas("untick", "metine-ataskaita", "1")  # must not come back
    a.in_process("set_note", "metine-ataskaita", "Ona: skaičiai pas buhalterę")
    b.in_process("set_note", "metine-ataskaita", "Jonas: paskambinti")
    zone = timezone(timedelta(hours=2))
    earlier = datetime(2026, 11, 26, 10, 0, tzinfo=zone)
    later = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)  # 11:30 at +02:00
    a.in_process("move", "pasiulymu-perziura", Column.DONE, earlier)
    b.in_process("move", "pasiulymu-perziura", Column.DOING, later)
    a.ritmas("move", "socialinis-irasas", "done")  # tally 1 of 2-3
    b.ritmas("move", "socialinis-irasas", "done")  # and one more on B: 2
    a.ritmas("assign", "ketvircio-planas", "ona")
    b.ritmas("assign", "socialinis-irasas", "jonas")
    a.ritmas("assign", "pasiulymu-perziura", "ona")
    b.ritmas("assign", "pasiulymu-perziura", "jonas")  # the same card: one of them, everywhere
    b.ritmas("send-back", "naujienlaiskis", "trūksta nuorodos")
    a.ritmas("tick", "naujienlaiskis", "1")
    added_a = a.ritmas("add", "Skambutis tiekėjui", "--area", "vadyba").stdout
    added_b = b.ritmas("add", "Sąskaita klientui", "--area", "vadyba").stdout

    offline = a.root.parent / "shared.git.away"
    (a.root.parent / "shared.git").rename(offline)
    done = a.sync(ok=False)
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1
    assert "could not reach origin" in done.stderr and "committed here" in done.stderr
    assert git(a.root, "status", "--porcelain").stdout == ""  # the commit is kept
    offline.rename(a.root.parent / "shared.git")

    second = b if first == "a" else a
    one = a if first == "a" else b
    one.sync()
    second.sync()
    one.sync()

    cards_a, cards_b = a.cards(), b.cards()
    assert cards_a == cards_b
    by_id = {c["id"]: c for c in cards_a}
    assert by_id["ketvircio-planas"]["steps_done"] == 2
    assert by_id["metine-ataskaita"]["steps_done"] == 0
    assert by_id["pasiulymu-perziura"]["column"] == "doing"  # the later move, in real time
    assert by_id["socialinis-irasas"]["tally"] == 2
    assert by_id["socialinis-irasas"]["steps_done"] == 0  # counting starts a fresh checklist
    assert by_id["ketvircio-planas"]["assignee"] == "ona"
    assert by_id["socialinis-irasas"]["assignee"] == "jonas"
    assert by_id["pasiulymu-perziura"]["assignee"] in ("ona", "jonas")
    assert by_id["naujienlaiskis"]["column"] == "doing"  # sent back, and the tick kept
    assert by_id["naujienlaiskis"]["steps_done"] == 1
    sent_back = a.state("2026-11")["occurrences"]["naujienlaiskis"]["history"]  # type: ignore[index]
    assert sent_back[-1]["note"] == "trūksta nuorodos"
    titles = {c["title"] for c in cards_a}
    assert {"Skambutis tiekėjui", "Sąskaita klientui"} <= titles
    assert added_a.split()[1] in by_id and added_b.split()[1] in by_id
    quarter = a.state("2026")["occurrences"]["metine-ataskaita"]  # type: ignore[index]
    assert "Ona: skaičiai" in quarter["note"] and "Jonas: paskambinti" in quarter["note"]
    assert a.state() == b.state() and a.state("2026") == b.state("2026")
    no_conflict_markers(a, b)
    # Nothing left to do: a further sync on each changes nothing.
    head = git(a.root, "rev-parse", "HEAD").stdout
    assert "up to date" in a.sync().stdout
    assert git(a.root, "rev-parse", "HEAD").stdout == head


def test_two_cards_added_under_one_key_on_two_machines_both_stay(
    pair: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = pair
    monkeypatch.setattr(actions, "new_card_key", lambda at: "n1126abcdef")
    at = datetime(2026, 11, 26, 9, tzinfo=UTC)
    for machine, title in ((a, "Skambutis"), (b, "Sąskaita")):
        session = machine.session()
        actions.add_card(session.store, WEEK, "vadyba", at, title=title)
    a.sync()
    b.sync()
    a.sync()
    titles = sorted(str(c["title"]) for c in a.cards() if str(c["id"]).startswith("n1126abcdef"))
    assert titles == ["Skambutis", "Sąskaita"]
    assert a.cards() == b.cards()


def test_git_itself_merges_state_files_through_the_driver(pair: tuple[Machine, Machine]) -> None:
    a, b = pair
    a.ritmas("tick", "socialinis-irasas", "1")
    a.sync()
    b.ritmas("tick", "socialinis-irasas", "3")
    git(b.root, "add", "-A")  # the state file, and the settings B wrote on its first action
    git(b.root, "commit", "-q", "-m", "b")
    git(b.root, "fetch", "-q", "origin")
    driver = f"{sys.executable} -m tui.merge_driver %O %A %B %P"
    done = git(
        b.root, "-c", f"merge.ritmas.driver={driver}", "merge", "--no-edit", "--ff", "FETCH_HEAD",
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert b.card("socialinis-irasas")["steps_done"] == 2
    assert b.state()["occurrences"]["socialinis-irasas"]["checked"] == [0, 2]  # type: ignore[index]
    no_conflict_markers(b)


def test_a_clone_left_conflicted_by_a_plain_git_pull_is_repaired_by_sync(
    pair: tuple[Machine, Machine],
) -> None:
    a, b = pair
    a.ritmas("tick", "socialinis-irasas", "1")
    a.in_process("set_note", "socialinis-irasas", "nuotrauka iš A")
    a.sync()
    b.ritmas("tick", "socialinis-irasas", "3")
    b.in_process("set_note", "socialinis-irasas", "tekstas iš B")
    git(b.root, "add", "-A")
    git(b.root, "commit", "-q", "-m", "by hand")
    pulled = git(b.root, "pull", "--no-rebase", "--ff", "--no-edit", "origin", "HEAD", check=False)
    assert "CONFLICT" in pulled.stdout, pulled.stdout + pulled.stderr  # git's line merge of JSON
    text = (b.root / "state" / f"{WEEK}.json").read_text(encoding="utf-8")
    assert "<<<<<<<" in text

    doctor = b.ritmas("doctor", "--repair", ok=False)
    assert doctor.returncode == 1
    assert "ritmas sync" in doctor.stdout and "moved aside" not in doctor.stdout
    assert "<<<<<<<" in (b.root / "state" / f"{WEEK}.json").read_text(encoding="utf-8")

    done = b.sync()
    assert "repaired 1 file" in done.stdout
    a.sync()
    record = b.state()["occurrences"]["socialinis-irasas"]  # type: ignore[index]
    assert record["checked"] == [0, 2]
    assert "nuotrauka iš A" in record["note"] and "tekstas iš B" in record["note"]
    assert a.cards() == b.cards()
    assert git(b.root, "status", "--porcelain").stdout == ""
    no_conflict_markers(a, b)


def test_a_catalogue_changed_on_both_machines_stops_the_sync_and_loses_nothing(
    pair: tuple[Machine, Machine],
) -> None:
    a, b = pair
    for machine, title in ((a, "Marketingas A"), (b, "Marketingas B")):
        path = machine.root / "catalogue.toml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('title = "Marketingas"', f'title = "{title}"'), "utf-8")
    a.sync()
    b.ritmas("tick", "socialinis-irasas", "2")
    done = b.sync(ok=False)
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1
    assert "catalogue.toml changed here and on another machine" in done.stderr
    assert "Marketingas B" in (b.root / "catalogue.toml").read_text(encoding="utf-8")
    assert git(b.root, "status", "--porcelain").stdout == ""  # committed, no merge under way
    assert git(b.root, "rev-parse", "-q", "--verify", "MERGE_HEAD", check=False).returncode
    assert b.card("socialinis-irasas")["steps_done"] == 1


def test_a_damaged_state_file_is_never_committed(pair: tuple[Machine, Machine]) -> None:
    a, _b = pair
    a.ritmas("tick", "socialinis-irasas", "2")
    a.sync()
    head = git(a.root, "rev-parse", "HEAD").stdout
    (a.root / "state" / f"{WEEK}.json").write_text('{"schema": 1, "period": ', "utf-8")
    done = a.sync(ok=False)
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert f"{WEEK}.json" in done.stderr and "ritmas doctor" in done.stderr
    assert git(a.root, "rev-parse", "HEAD").stdout == head


def test_a_state_file_of_a_newer_schema_stops_the_sync(pair: tuple[Machine, Machine]) -> None:
    a, b = pair
    newer = {"schema": 99, "period": WEEK, "occurrences": {}, "cards": {}}
    (a.root / "state" / f"{WEEK}.json").write_text(json.dumps(newer), "utf-8")
    done = a.sync(ok=False)
    assert done.returncode == 1
    assert "update Ritmas on this machine" in done.stderr
    # A newer Ritmas elsewhere pushed it: this machine stops before merging anything.
    git(a.root, "add", "state")
    git(a.root, "commit", "-q", "-m", "from a newer Ritmas")
    git(a.root, "push", "-q", "origin", "HEAD")
    b.ritmas("tick", "socialinis-irasas", "1")
    done = b.sync(ok=False)
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "update Ritmas on this machine" in done.stderr
    assert b.state()["schema"] == 1
    assert git(b.root, "status", "--porcelain").stdout == ""


def test_without_git_or_a_repository_sync_says_so_in_one_line(
    small_workspace: Path, run_ritmas: RunRitmas, tmp_path: Path
) -> None:
    done = run_ritmas("sync", "--workspace", small_workspace)
    assert done.returncode == 2
    assert done.stderr_lines == [
        f"ritmas: {small_workspace}: not a git repository (to share it: "
        f"`ritmas init {small_workspace} --git REMOTE`)"
    ]
    no_git = tmp_path / "bin"
    no_git.mkdir()
    done = run_ritmas("sync", "--workspace", small_workspace, env={"PATH": str(no_git)})
    assert done.returncode == 2
    assert done.stderr_lines == ["ritmas: git is not installed (or not on PATH); sync needs it"]


def test_a_missing_remote_is_one_line(pair: tuple[Machine, Machine]) -> None:
    a, _b = pair
    done = a.ritmas("sync", "--remote", "backup", ok=False)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"ritmas: {a.root}: no remote 'backup' (add one: `git -C {a.root} remote add backup URL`)"
    )


async def test_the_board_syncs_at_start_in_a_worker_when_the_settings_ask(
    pair: tuple[Machine, Machine],
) -> None:
    from tui.ui.app import make_app

    a, b = pair
    b.ritmas("tick", "socialinis-irasas", "2")
    b.sync()
    settings = a.root / "ritmas.toml"
    old = settings.read_text(encoding="utf-8") if settings.exists() else ""
    settings.write_text(old + 'sync = "on_start_and_quit"\n', encoding="utf-8")
    session = Session(Workspace(a.root), datetime.fromisoformat(TODAY).date(), profile=None)
    app = make_app(session, lang="en", watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        workers = [w for w in app.workers if w.group == "sync"]
        assert len(workers) == 1 and workers[0].name != "store"
        await workers[0].wait()
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        assert any("brought 1 changed file from origin" in m for m in shown), shown
    assert a.state()["occurrences"]["socialinis-irasas"]["checked"] == [1]  # type: ignore[index]
    assert "sync" in git(a.root, "log", "-1", "--format=%s").stdout.lower()
