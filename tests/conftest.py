from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import rekrytera

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))

settings.register_profile("default", suppress_health_check=[HealthCheck.too_slow], deadline=None)
# CI runs the whole suite under coverage on two cores within a time budget:
# fewer examples per property there, the default 100 everywhere else.
settings.register_profile(
    "ci",
    suppress_health_check=[HealthCheck.too_slow],
    deadline=None,
    print_blob=True,
    max_examples=40,
)
settings.load_profile("ci" if __import__("os").environ.get("CI") else "default")


@pytest.fixture(params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def example(request: pytest.FixtureRequest) -> Path:
    """Each bundled example recruitment file."""
    path: Path = request.param
    return path


MINIMAL = """\
schema = 1

[recruitment]
id = "test-1"
title = "Socialsekreterare"

[profile]
stages = { interview = 0.7, work_sample = 0.3 }
# inv1 declared a conflict with k2 and rates k1: lawful only with per-candidate recusal.
recusal = "candidate"

[[profile.requirements]]
key = "socionomexamen"
label = "Socionomexamen"

[[profile.competences]]
key = "trygghet"
label = "Trygg och stabil"
weight = 3
stages = ["interview"]

[[profile.competences]]
key = "relationsskapande"
label = "Relationsskapande"

[[panel]]
id = "chef"
role = "hiring_manager"

[[panel]]
id = "inv1"
role = "resident"
conflicts = ["k2"]

[[panel]]
id = "stod"
role = "supporter"

[[candidates]]
id = "k1"
name = "Anna Andersson"
meets = ["socionomexamen"]

[[candidates]]
id = "k2"

[[ratings]]
panelist = "inv1"
candidate = "k1"
stage = "interview"
scores = { trygghet = 4, relationsskapande = 5 }

[[guide.questions]]
id = "q1"
competence = "trygghet"
text = "På vilket sätt är du trygg i dig själv?"

[[interviews]]
candidate = "k1"
panelists = ["chef", "inv1"]
asked = [{ question = "q1", by = "inv1" }]

[decision]
hired = ["k1"]
decided_by = "chef"
"""


@pytest.fixture
def minimal_toml() -> str:
    """A small valid recruitment that each bad-input test breaks in one place."""
    return MINIMAL


SOCIAL = Path(__file__).parent.parent / "examples" / "socialsekreterare-barn-unga.toml"
#: The examples' participation register (the residents' own data).
REGISTER = Path(__file__).parent.parent / "examples" / "pool" / "invanarpool.toml"

#: How the tests start Debian's chromium: headless, sandbox off (root in CI),
#: and nothing that reaches for the network, which is closed here.
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


class Clock:
    """A clock that tests move by hand (seconds since the epoch)."""

    def __init__(self, now: float = 1_780_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    """A hand-moved clock for the workspace's links and sessions."""
    return Clock()


@pytest.fixture
def open_store(tmp_path: Path) -> Path:
    """A store holding the social-secretary example before anyone rated: no ratings,
    rankings or decision, and the residents' preparation not yet read."""
    import attrs

    import rekrytera
    from rekrytera.exporters import Store
    from rekrytera.model import ChecklistItem, Register
    from rekrytera.participation import load_register

    rec = rekrytera.load(SOCIAL)
    rec = attrs.evolve(rec, ratings=[], rankings=[], decision=None)
    records = [
        attrs.evolve(
            p, checklist={k: v for k, v in p.checklist.items() if k != ChecklistItem.DOCUMENTS}
        )
        for p in load_register(REGISTER).of(rec.id)
    ]
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.put(rec)
        store.put_register(Register(participation=records))
    return path


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line in English (``REKRYTERA_LANG=en``), for tests of English messages.

    The command line speaks Swedish by default; tests that check the wording
    of a message in English say so with this fixture, and test_messages.py
    checks every command in both languages.
    """
    monkeypatch.setenv("REKRYTERA_LANG", "en")


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A directory on sys.path where tests install real distributions (dist-info + module)."""
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [m for m in sys.modules if m.startswith("rekrytera_test_")]:
        del sys.modules[name]


def install(
    site: Path, dist: str, module: str, code: str, groups: tuple[str, ...] = ("rekrytera",)
) -> None:
    """Install a minimal distribution with an entry point in each of *groups*."""
    info = site / f"{dist.replace('-', '_')}-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.2.3\n")
    points = "".join(f"[{group}]\n{module} = {module}\n\n" for group in groups)
    (info / "entry_points.txt").write_text(points)
    (site / f"{module}.py").write_text(textwrap.dedent(code))


def staff_only(rec: rekrytera.Recruitment) -> rekrytera.Recruitment:
    """*rec* without residents and supporters (and so without their ratings and interviews)."""
    import attrs

    from rekrytera.model import Role

    panel = [p for p in rec.panel if p.role not in (Role.RESIDENT, Role.SUPPORTER)]
    return attrs.evolve(
        rec,
        panel=panel,
        ratings=[r for r in rec.ratings if r.panelist in {p.id for p in panel}],
        interviews=[],
        rankings=[],
        suggestions=[x for x in rec.suggestions if x.by in {p.id for p in panel}],
    )
