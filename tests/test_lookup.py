"""One way to say "unknown name": UnknownName, with what there is and what was meant."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

import rekrytera
from rekrytera import catalogue, simulate
from rekrytera.exceptions import InvalidOption, RekryteraError, UnknownName, lookup
from rekrytera.exporters import choose_exporter

SOCIAL = Path(__file__).parent.parent / "examples" / "socialsekreterare-barn-unga.toml"


class TestLookup:
    def test_found(self) -> None:
        """A known name gives its value."""
        assert lookup("method", "borda", {"balanced": 1, "borda": 2}) == 2

    def test_did_you_mean(self) -> None:
        """A near miss names the likely one, and every name there is."""
        with pytest.raises(UnknownName) as info:
            lookup("method", "balansed", {"borda": 2, "balanced": 1})
        assert str(info.value) == (
            "unknown method 'balansed' (did you mean 'balanced'?); available: balanced, borda"
        )
        assert (info.value.kind, info.value.name, info.value.available) == (
            "method",
            "balansed",
            ["balanced", "borda"],
        )

    @pytest.mark.usefixtures("english")
    def test_nothing_close(self) -> None:
        """Without a near miss there is no guess; with nothing registered it says so."""
        with pytest.raises(UnknownName, match=r"^unknown method 'xyz'; available: a$"):
            lookup("method", "xyz", {"a": 1})
        with pytest.raises(UnknownName, match=r"available: none$"):
            lookup("method", "xyz", {})

    def test_is_every_kind_of_error_callers_catch(self) -> None:
        """UnknownName is an InvalidOption, a RekryteraError and a ValueError, and pickles."""
        error = UnknownName("template", "x", ["a"])
        assert isinstance(error, InvalidOption | RekryteraError | ValueError)
        again = pickle.loads(pickle.dumps(error))
        assert (type(again), str(again)) == (UnknownName, str(error))


@pytest.mark.parametrize(
    ("call", "kind"),
    [
        (lambda: rekrytera.score(rekrytera.load(SOCIAL), "balansed"), "scoring method"),
        (
            lambda: rekrytera.anonymise(rekrytera.load(SOCIAL), b"k" * 32, anonymiser="x"),
            "anonymiser",
        ),
        (lambda: choose_exporter("out.x", "xlsxx"), "export format"),
        (lambda: catalogue.template("socialsekreterare"), "template"),
        (
            lambda: list(simulate.simulate(1, settings=simulate.Settings(templates=["nej"]))),
            "template",
        ),
    ],
)
def test_every_lookup_uses_it(call: Callable[[], object], kind: str) -> None:
    """Methods, anonymisers, exporters and templates all answer an unknown name alike."""
    with pytest.raises(UnknownName) as info:
        call()
    assert info.value.kind == kind
