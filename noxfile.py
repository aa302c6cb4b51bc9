"""Every check the project runs: ``nox`` runs them all, ``nox -s tests`` one of them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = not os.environ.get("CI")
nox.options.sessions = ["tests", "tests_oldest_deps", "plugins", "lint", "typing", "docs"]

PYPROJECT = nox.project.load_toml("pyproject.toml")
SUPPORTED = ["3.11", "3.12", "3.13"]


def _runs(version: str) -> bool:
    exe = shutil.which(f"python{version}")
    if exe is None:
        return False
    # pyenv puts shims on PATH for versions that are not active; they fail when run.
    return subprocess.run([exe, "-c", ""], capture_output=True).returncode == 0


# Only interpreters that exist on this machine: under CI=true nox fails on a
# missing one, and a fresh machine may have a single Python 3.11+.
PYTHONS = [v for v in SUPPORTED if _runs(v)] or [f"{sys.version_info[0]}.{sys.version_info[1]}"]
DEFAULT = PYTHONS[0]


def _install_groups(session: nox.Session, *groups: str) -> None:
    for group in groups:
        session.install(*nox.project.dependency_groups(PYPROJECT, group))


def _ensure_chromium(session: nox.Session) -> None:
    """The browser tests (the memo, the workspace) need Debian's chromium; CI installs it."""
    if shutil.which("chromium"):
        return
    if not os.environ.get("CI"):
        session.warn("chromium is not installed: the browser tests will be skipped")
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        session.error("CI needs Debian's chromium for the browser tests, and cannot install it")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", "-qq", external=True, env=env)
    session.run("apt-get", "install", "-y", "-qq", "chromium", external=True, env=env)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The test suite under coverage (branch coverage reported)."""
    _ensure_chromium(session)
    _install_groups(session, "tests")
    session.install(".[analysis,web]")
    session.run("coverage", "erase")
    session.run(
        "coverage",
        "run",
        "-m",
        "pytest",
        *session.posargs,
        env={"COVERAGE_FILE": ".coverage"},
    )
    session.run("coverage", "combine", "--quiet", success_codes=[0, 1])
    session.run("coverage", "report")


def _lower_bounds(requirements: list[str]) -> list[str]:
    """Each requirement pinned to its lower bound: ``attrs>=23.1`` becomes ``attrs==23.1``."""
    return [r.replace(">=", "==") for r in requirements if ">=" in r and "," not in r]


@nox.session(python=DEFAULT)
def tests_oldest_deps(session: nox.Session) -> None:
    """The test suite with the core's and the analysis extra's lowest allowed versions."""
    _ensure_chromium(session)
    project = PYPROJECT["project"]
    extras = project["optional-dependencies"]
    pins = _lower_bounds(project["dependencies"] + extras["analysis"] + extras["web"])
    # One resolve, so the test tools fit the pins. Newer pyarrow (26 here) needs
    # NumPy 2 at import without saying so in its metadata; 19 works with 1.24.
    # Starlette's test client at the lowest Starlette uses an anyio alias that
    # anyio deprecated later: anyio as it was when that Starlette came out.
    session.install(
        *pins,
        *nox.project.dependency_groups(PYPROJECT, "tests"),
        "pyarrow<20",
        "anyio<4.7",
    )
    session.install("--no-deps", ".")
    session.run("pytest", *session.posargs)


PLUGINS = sorted(p for p in Path("plugins").iterdir() if (p / "pyproject.toml").is_file())


@nox.session(python=DEFAULT)
def plugins(session: nox.Session) -> None:
    """Each plugin distribution, installed for real, tested through its entry point.

    Then a plugin made by ``rekrytera new-plugin`` with every hook: installed,
    its own tests, ``mypy --strict`` and ruff, as a municipality would run them.
    """
    _install_groups(session, "plugins", "typing", "lint")
    session.install(".[analysis]")
    for plugin in PLUGINS:
        session.install(str(plugin))
    for plugin in PLUGINS:
        session.run("pytest", str(plugin / "tests"), "-p", "no:cacheprovider")
    # Outside .nox/, which ruff (rightly) never looks into.
    work = Path(tempfile.mkdtemp(prefix="rekrytera-new-plugin-"))
    try:
        made = work / "rekrytera-ek"
        hooks = "method,exporter,anonymiser,policy,catalogue,importer"
        session.run("rekrytera", "new-plugin", "ek", "--hooks", hooks, "-o", str(made))
        session.install(str(made))
        with session.chdir(made):
            session.run("pytest", "-p", "no:cacheprovider")
            session.run("mypy", "src", "tests")
            session.run("ruff", "check", ".")
            session.run("ruff", "format", "--check", ".")
    finally:
        shutil.rmtree(work, ignore_errors=True)


@nox.session(python=DEFAULT)
def spark(session: nox.Session) -> None:
    """The published SQL (docs/reference/sql/balanced.sql) on Spark SQL, in local mode.

    Not run by default: pyspark is about 450 MB and needs Java 17 or later.
    The tests session runs the same file on DuckDB and SQLite.
    """
    if shutil.which("java") is None:
        session.error("Spark needs Java 17 or later on PATH")
    _install_groups(session, "tests")
    session.install(".[arrow]", "pyspark>=4")
    session.run(
        "pytest", "tests/test_sql.py", "-p", "no:cacheprovider", *session.posargs,
        env={"REKRYTERA_NEEDS_SPARK": "1"},
    )  # fmt: skip


@nox.session(python=DEFAULT)
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    _install_groups(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=DEFAULT)
def messages(session: nox.Session) -> None:
    """Extract the messages from the code and merge them into the Swedish catalogue.

    Not run by default: run it after changing a message, translate what it
    marks new or fuzzy in src/rekrytera/locale/sv/LC_MESSAGES/rekrytera.po,
    and test_messages.py checks the result.
    """
    session.install("babel>=2.12")
    pot = Path(session.create_tmp()) / "rekrytera.pot"
    keywords = ["-k", "N_", "-k", "ngettext:1,2"]
    session.run(
        "pybabel", "extract", "--no-location", "--omit-header", *keywords,
        "-o", str(pot), "src/rekrytera",
    )  # fmt: skip
    session.run(
        "pybabel", "update", "--width", "100", "--ignore-obsolete",
        "-i", str(pot), "-d", "src/rekrytera/locale", "-D", "rekrytera",
    )  # fmt: skip


@nox.session(python=DEFAULT)
def typing(session: nox.Session) -> None:
    """mypy --strict on the library, the plugin distributions, the benchmarks and the tests."""
    # The tests' own dependencies too: most ship their types, and the tests use them.
    _install_groups(session, "typing", "tests")
    session.install(".[analysis,duckdb,web]")  # duckdb ships its own types
    session.run("mypy", "src/", "benchmarks/", "tests/", *(str(p / "src") for p in PLUGINS))


@nox.session(python=DEFAULT)
def docs(session: nox.Session) -> None:
    """Sphinx html and doctest, warnings as errors."""
    _install_groups(session, "docs")
    session.install(".[duckdb,web]")
    out = Path(session.create_tmp())
    for builder in ("html", "doctest"):
        session.run(
            "sphinx-build",
            "-W",
            "--keep-going",
            "-n",
            "-b",
            builder,
            "docs",
            str(out / builder),
        )
