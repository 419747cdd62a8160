"""Running git for a shared workspace, the same way whatever the user's git setup is.

Every run: no commit signing and no hooks for Ritmas's own commits, a fallback identity when none
is configured, no prompt of any kind (``GIT_TERMINAL_PROMPT=0``, SSH in batch mode with a connect
timeout, no editor), English messages, and Ritmas's merge driver for state files passed on the
command line (``-c merge.ritmas.driver=...``), so nothing is written to the user's git config.
"""

from __future__ import annotations

import getpass
import os
import shlex
import socket
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from tui.i18n import Msg

DRIVER_NAME = "ritmas"
SSH_CONNECT_TIMEOUT_S = 10
NETWORK_TIMEOUT_S = 120.0  # a whole fetch or push; a stalled connection must not hang a sync
LOCAL_TIMEOUT_S = 60.0
_MAKES_COMMITS = frozenset({"commit", "merge"})
# What `.git/info/attributes` says: state files and settings merge through the driver.
DRIVER_ATTRIBUTES = (f"state/*.json merge={DRIVER_NAME}", f"/ritmas.toml merge={DRIVER_NAME}")


class GitError(Exception):
    """git could not do what was asked; one line for the user.

    ``kind``: ``missing`` (no git), ``not_repo``, ``offline`` (the remote could not be reached),
    ``failed`` (anything else).
    """

    def __init__(self, message: Msg, kind: str = "failed") -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind


def driver_command() -> str:
    """The merge driver as git runs it: this Python, so it works from any virtual environment."""
    return f"{shlex.quote(sys.executable)} -m tui.merge_driver %O %A %B %P"


def git_env(base: Mapping[str, str]) -> dict[str, str]:
    env = dict(base)
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GIT_EDITOR"] = "true"
    env["GIT_MERGE_AUTOEDIT"] = "no"
    env["LC_ALL"] = "C"  # messages Ritmas can read back; the user sees its own one-line summary
    env.pop("GIT_DIR", None)  # a hook or alias around us must not point git elsewhere
    env.pop("GIT_WORK_TREE", None)
    ssh = env.get("GIT_SSH_COMMAND") or "ssh"
    env["GIT_SSH_COMMAND"] = f"{ssh} -o BatchMode=yes -o ConnectTimeout={SSH_CONNECT_TIMEOUT_S}"
    return env


class Git:
    """git in one folder (``root``), with Ritmas's fixed options."""

    def __init__(self, root: Path, env: Mapping[str, str] | None = None) -> None:
        self.root = root
        self.env = git_env(os.environ if env is None else env)
        self._identity: list[str] | None = None

    def options(self) -> list[str]:
        return [
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
            "-c",
            f"core.hooksPath={os.devnull}",
            "-c",
            "color.ui=false",
            "-c",
            "core.quotepath=false",
            "-c",
            "merge.autoStash=false",
            "-c",
            f"merge.{DRIVER_NAME}.name=Ritmas state files",
            "-c",
            f"merge.{DRIVER_NAME}.driver={driver_command()}",
        ]

    def run(
        self,
        *args: str,
        check: bool = True,
        network: bool = False,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``git ARGS``; with ``check`` a failure raises :class:`GitError` (git's own last
        line of complaint, or ``offline`` for a remote that could not be reached)."""
        ident = self.identity() if args and args[0] in _MAKES_COMMITS else []
        command = ["git", *self.options(), *ident, *args]
        try:
            done = subprocess.run(
                command,
                cwd=cwd or self.root,
                env=self.env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=NETWORK_TIMEOUT_S if network else LOCAL_TIMEOUT_S,
                check=False,
            )
        except FileNotFoundError:
            raise GitError(Msg("sync.no_git"), "missing") from None
        except subprocess.TimeoutExpired:
            if network:
                raise GitError(Msg("sync.no_answer", command=args[0]), "offline") from None
            raise GitError(Msg("sync.did_not_finish", command=args[0])) from None
        if check and done.returncode != 0:
            raise GitError(complaint(args, done.stderr), "offline" if network else "failed")
        return done

    def out(self, *args: str) -> str:
        return self.run(*args).stdout.strip()

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).returncode == 0

    def identity(self) -> list[str]:
        """``-c user.name=... -c user.email=...`` for what the user's config does not set."""
        if self._identity is None:
            self._identity = []
            user = _login()
            fallback = {"name": f"Ritmas ({user})", "email": f"{user}@{_host()}"}
            for key, value in fallback.items():
                if not self.run("config", "--get", f"user.{key}", check=False).stdout.strip():
                    self._identity += ["-c", f"user.{key}={value}"]
        return self._identity

    def commit(self, message: str, *extra: str) -> None:
        self.run("commit", "--no-verify", "--quiet", "-m", message, *extra)


def complaint(args: Sequence[str], stderr: str) -> Msg:
    """git's most telling line of an error, prefixed with the subcommand (git's own words,
    in English: see ``LC_ALL`` in :func:`git_env`)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    telling = [line for line in lines if line.startswith(("fatal:", "error:"))] or lines
    if not telling:
        return Msg("sync.git_failed", command=args[0])
    reason = telling[-1]
    for prefix in ("fatal: ", "error: "):
        reason = reason.removeprefix(prefix)
    return Msg("sync.git_said", command=args[0], reason=reason)


def _login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "ritmas"


def _host() -> str:
    return socket.gethostname().split(".")[0] or "localhost"
