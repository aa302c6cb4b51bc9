"""Exporters and the SQLite store: round trips, atomicity and concurrent writers."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import rekrytera
from rekrytera import RekryteraError
from rekrytera.cli import main
from rekrytera.exporters import SCHEMA_VERSION, Store, choose_exporter
from rekrytera.model import Identity, Recruitment
from rekrytera.plugins import PluginError
from rekrytera.testing import recruitments

from .test_plugins import registry_with

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))


def examples() -> list[Recruitment]:
    return [rekrytera.load(p) for p in EXAMPLES]


class TestChoosing:
    @pytest.mark.parametrize(
        ("destination", "name"),
        [
            ("a.json", "json"),
            ("a.TOML", "toml"),
            ("out.csv", "csv"),
            ("out.csv/", "csv"),
            ("s.sqlite", "sqlite"),
            ("s.db", "sqlite"),
        ],
    )
    def test_by_suffix(self, destination: str, name: str) -> None:
        """The destination's suffix picks the exporter."""
        assert choose_exporter(destination).name == name

    def test_by_name(self) -> None:
        """A named format wins over the suffix."""
        assert choose_exporter("whatever.txt", "json").name == "json"

    def test_unknown(self) -> None:
        """An unknown suffix or name says what exists."""
        with pytest.raises(
            RekryteraError, match=r"cannot tell the export format of x\.xyz: use one of \.csv"
        ):
            choose_exporter("x.xyz")
        with pytest.raises(
            RekryteraError, match="unknown export format 'xml'; available: csv, json"
        ):
            choose_exporter("x", "xml")


class TestFiles:
    @given(recruitments())
    @settings(max_examples=30)
    def test_json_and_toml_lossless(self, rec: Recruitment) -> None:
        """json and toml exports load back equal to the original."""
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            for suffix in ("json", "toml"):
                path = Path(tmp) / f"out.{suffix}"
                rekrytera.export(rec, path)
                assert rekrytera.load(path) == rec

    def test_several_to_a_directory(self, tmp_path: Path) -> None:
        """Several recruitments go to a directory, one file each."""
        recs = examples()
        rekrytera.export(recs, tmp_path / "dir", format="toml")
        assert sorted(p.name for p in (tmp_path / "dir").iterdir()) == sorted(
            f"{r.id}.toml" for r in recs
        )
        assert [rekrytera.load(tmp_path / "dir" / f"{r.id}.toml") for r in recs] == recs

    def test_failure_leaves_previous_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A failure half-way leaves the previous file intact and no temporary file."""
        target = tmp_path / "out.json"
        rekrytera.export(examples()[0], target)
        before = target.read_bytes()

        def fail(fd: int) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fsync", fail)
        with pytest.raises(RekryteraError, match=r"cannot write .*: the disk is full"):
            rekrytera.export(examples()[1], target)
        assert target.read_bytes() == before
        assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


class TestCsv:
    def test_tables(self, tmp_path: Path) -> None:
        """ratings.csv has a row per panelist × candidate × stage × phase × competence."""
        recs = examples()
        rekrytera.export(recs, tmp_path / "out.csv")
        raw = (tmp_path / "out.csv" / "ratings.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # so spreadsheets read it as UTF-8
        with (tmp_path / "out.csv" / "ratings.csv").open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == sum(len(r.scores) for rec in recs for r in rec.ratings)
        assert {"recruitment", "panelist", "perspective", "competence", "score"} <= set(rows[0])
        with (tmp_path / "out.csv" / "results.csv").open(encoding="utf-8-sig", newline="") as f:
            results = list(csv.DictReader(f))
        assert len(results) == sum(len(rec.candidates) for rec in recs)
        top = next(r for r in results if r["recruitment"] == "hbg-2026-017" and r["rank"] == "1")
        assert top["candidate"] == rekrytera.score(recs[2]).ranking[0].id

    def test_no_names_no_notes(self, tmp_path: Path) -> None:
        """The tables hold ids only: no names, contact details or notes."""
        recs = examples()
        rekrytera.export(recs, tmp_path / "out.csv")
        text = (tmp_path / "out.csv" / "ratings.csv").read_text(encoding="utf-8-sig")
        text += (tmp_path / "out.csv" / "results.csv").read_text(encoding="utf-8-sig")
        for rec in recs:
            for c in rec.candidates:
                if c.identity.name:
                    assert c.identity.name not in text
            for r in rec.ratings:
                if r.note:
                    assert r.note not in text

    def test_swedish_letters(self, tmp_path: Path, minimal_toml: str) -> None:
        """Swedish letters in keys survive."""
        text = minimal_toml.replace('key = "relationsskapande"', 'key = "förtroende"')
        rec = rekrytera.loads(text.replace("relationsskapande = 5", '"förtroende" = 5'))
        rekrytera.export(rec, tmp_path / "out.csv")
        assert "förtroende" in (tmp_path / "out.csv" / "ratings.csv").read_text(
            encoding="utf-8-sig"
        )


class TestSqlite:
    def test_round_trip_and_replace(self, tmp_path: Path) -> None:
        """Recruitments load back equal; exporting again replaces rather than duplicates."""
        recs = examples()
        path = tmp_path / "store.sqlite"
        rekrytera.export(recs, path)
        changed = attrs.evolve(recs[0], info=attrs.evolve(recs[0].info, title="Ny titel"))
        rekrytera.export(changed, path)
        with Store(path) as store:
            assert len(store) == 3
            assert store.get(changed.id) == changed
            assert store.query(
                "SELECT count(*) FROM ratings WHERE recruitment_id = ?", (changed.id,)
            ) == [(sum(len(r.scores) for r in changed.ratings),)]
            assert store.query("SELECT title FROM recruitments WHERE id = ?", (changed.id,)) == [
                ("Ny titel",)
            ]
            assert list(store) == sorted([changed, *recs[1:]], key=lambda r: r.id)
            with pytest.raises(KeyError):
                store.get("nope")

    @given(recruitments(max_candidates=4))
    @settings(max_examples=25)
    def test_lossless(self, rec: Recruitment) -> None:
        """Any valid recruitment comes back out of the store equal to what went in."""
        with Store(":memory:") as store:
            store.put(rec)
            assert store.get(rec.id) == rec

    def test_plain_sql(self, tmp_path: Path) -> None:
        """Researchers can query the tables with plain SQL, e.g. mean score by perspective."""
        path = tmp_path / "store.sqlite"
        rekrytera.export(examples(), path)
        db = sqlite3.connect(path)
        rows = db.execute(
            """SELECT p.perspective, count(*) FROM ratings r
               JOIN panelists p ON p.recruitment_id = r.recruitment_id AND p.id = r.panelist_id
               GROUP BY p.perspective ORDER BY 1"""
        ).fetchall()
        assert [r[0] for r in rows] == ["resident", "staff"]
        hired = db.execute(
            "SELECT recruitment_id, id FROM candidates WHERE hired = 1 ORDER BY 1"
        ).fetchall()
        assert hired == [("hbg-2026-017", "k2"), ("sos-2026-002", "e1")]
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)

    def test_failure_mid_export_keeps_previous(self, tmp_path: Path) -> None:
        """An exception half-way through an export leaves the store as it was."""
        path = tmp_path / "store.sqlite"
        rec = examples()[0]
        rekrytera.export(rec, path)
        changed = attrs.evolve(rec, ratings=rec.ratings[:3])

        def fail() -> None:
            raise RuntimeError("power cut")

        with Store(path) as store:
            store._before_commit = fail
            with pytest.raises(RuntimeError, match="power cut"):
                store.put(changed)
        with Store(path) as store:
            assert store.get(rec.id) == rec
            assert store.query("SELECT count(*) FROM ratings")[0][0] == sum(
                len(r.scores) for r in rec.ratings
            )
        assert sorted(
            p.name for p in tmp_path.iterdir() if not p.name.startswith("store.sqlite-")
        ) == ["store.sqlite"]

    def test_bulk_export_commits_whole_recruitments_in_batches(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A failure in a later batch keeps the batches before it, and nothing of its own."""
        from rekrytera.exporters import _builtin

        recs = [
            attrs.evolve(examples()[0], info=attrs.evolve(examples()[0].info, id=f"r{i}"))
            for i in range(5)
        ]
        per = sum(len(r.scores) for r in recs[0].ratings)
        monkeypatch.setattr(_builtin, "SQLITE_BATCH_SCORES", 2 * per)  # two per batch
        puts: list[str] = []
        real_put = Store.put

        def put(store: Store, rec: Recruitment, **kwargs: Any) -> None:
            puts.append(rec.id)
            if rec.id == "r3":
                raise RuntimeError("power cut")
            real_put(store, rec, **kwargs)

        monkeypatch.setattr(Store, "put", put)
        with pytest.raises(PluginError, match="power cut"):
            rekrytera.export(recs, tmp_path / "store.sqlite")
        monkeypatch.setattr(Store, "put", real_put)
        assert puts == ["r0", "r1", "r2", "r3"]
        with Store(tmp_path / "store.sqlite") as store:
            # r0 and r1 were committed together; r2 was in r3's batch, rolled back.
            assert store.ids() == ["r0", "r1"]
            assert store.query("SELECT count(*) FROM ratings")[0][0] == 2 * per
        monkeypatch.undo()
        rekrytera.export(recs, tmp_path / "store.sqlite")
        with Store(tmp_path / "store.sqlite") as store:
            assert store.ids() == [r.id for r in recs]
            assert store.query("SELECT count(*) FROM ratings")[0][0] == 5 * per

    def test_newer_schema_refused(self, tmp_path: Path) -> None:
        """A store written by a newer release is refused, not damaged."""
        path = tmp_path / "store.sqlite"
        db = sqlite3.connect(path)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        db.close()
        path.chmod(0o600)
        with pytest.raises(RekryteraError, match="newer than this release"):
            rekrytera.export(examples()[0], path)

    def test_concurrent_writers_lose_nothing(self, tmp_path: Path) -> None:
        """Two processes writing to one store at once, while a third reads: nothing is lost."""
        path = tmp_path / "store.sqlite"
        script = textwrap.dedent(
            """
            import sys, attrs, rekrytera
            from rekrytera.exporters import Store
            base = rekrytera.load(sys.argv[2])
            with Store(sys.argv[1]) as store:
                for i in range(int(sys.argv[4])):
                    rid = f"{sys.argv[3]}-{i}"
                    store.put(attrs.evolve(base, info=attrs.evolve(base.info, id=rid)))
            """
        )
        n = 15
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", script, str(path), str(EXAMPLES[i]), f"w{i}", str(n)]
            )
            for i in range(2)
        ]
        seen = 0
        while any(w.poll() is None for w in writers):
            with Store(path) as store:
                seen = max(seen, len(store))
        assert [w.wait() for w in writers] == [0, 0]
        with Store(path) as store:
            assert len(store) == 2 * n
            assert all(
                store.get(f"w0-{i}").profile == rekrytera.load(EXAMPLES[0]).profile
                for i in range(n)
            )


class TestExportCommand:
    def test_many_files_one_store(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Several files go into one store in one call."""
        path = tmp_path / "all.sqlite"
        assert main(["export", *map(str, EXAMPLES), "--to", str(path)]) == 0
        with Store(path) as store:
            assert len(store) == len(EXAMPLES)

    @pytest.mark.usefixtures("english")
    def test_invalid_input_writes_nothing(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """One invalid file: exit 2, its problems on stderr, nothing written."""
        bad = tmp_path / "bad.toml"
        bad.write_text("schema = 1\n", encoding="utf-8")
        assert (
            main(["export", str(EXAMPLES[0]), str(bad), "--to", str(tmp_path / "out.sqlite")]) == 2
        )
        assert f"{bad}: recruitment: required but missing" in capsys.readouterr().err
        assert not (tmp_path / "out.sqlite").exists()

    @pytest.mark.usefixtures("english")
    def test_unknown_format(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown destination suffix is exit 2 with the known ones."""
        assert main(["export", str(EXAMPLES[0]), "--to", str(tmp_path / "out.xyz")]) == 2
        assert "use one of" in capsys.readouterr().err


class TestExporterPlugins:
    def test_failing_exporter_named(self, tmp_path: Path) -> None:
        """An exporter that raises is named, with its distribution."""

        @attrs.frozen
        class Broken:
            name: str = "broken"
            description: str = ""
            suffixes: tuple[str, ...] = (".broken",)

            def export(self, recruitments: object, destination: Path) -> None:
                raise ValueError("bad")

        class Plugin:
            @rekrytera.hookimpl
            def rekrytera_register_exporters(self) -> list[object]:
                return [Broken()]

        with pytest.raises(
            PluginError,
            match=r"exporter 'broken' \(plugin .* from registered in code\) failed: ValueError: bad",
        ):
            rekrytera.export(examples()[0], tmp_path / "x.broken", registry=registry_with(Plugin()))


FORMULAS = ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx")


class TestStoreSafety:
    def test_query_is_read_only(self, tmp_path: Path) -> None:
        """Store.query refuses writes, and the store can write again afterwards."""
        path = tmp_path / "s.sqlite"
        rec = examples()[0]
        with Store(path) as store:
            store.put(rec)
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                store.query("DELETE FROM recruitments")
            assert store.ids() == [rec.id]
            store.put(rec)  # writing still works
            assert store.query("SELECT count(*) FROM recruitments") == [(1,)]

    def test_in_memory_store_makes_no_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Store(":memory:") is SQLite's in-memory database: no file appears."""
        monkeypatch.chdir(tmp_path)
        with Store(":memory:") as store:
            store.put(examples()[0])
        assert list(tmp_path.iterdir()) == []

    def test_loose_permissions_warned(self, tmp_path: Path) -> None:
        """A store others can read is opened with a warning that says how to fix it."""
        from rekrytera.exporters import LoosePermissionsWarning

        path = tmp_path / "s.sqlite"
        Store(path).close()
        path.chmod(0o644)
        with pytest.warns(LoosePermissionsWarning, match="chmod 600"):
            Store(path).close()

    @pytest.mark.usefixtures("english")
    def test_loose_permissions_noted_by_the_command(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The command line shows the warning as one note, not a Python warning."""
        path = tmp_path / "s.sqlite"
        Store(path).close()
        path.chmod(0o644)
        assert main(["export", str(EXAMPLES[0]), "--to", str(path)]) == 0
        err = capsys.readouterr().err
        assert err.startswith(f"rekrytera: note: {path} can be read by others (mode 644)")
        assert err.count("\n") == 1


class TestSpreadsheetSafety:
    """No CSV cell runs as a formula in a spreadsheet (OWASP's rule), numbers stay numbers."""

    def test_safe_cell(self) -> None:
        """Each formula start gets an apostrophe; ordinary text is untouched."""
        from rekrytera._table import safe_cell

        for text in FORMULAS:
            assert safe_cell(text) == "'" + text
        assert safe_cell("Anna Andersson") == "Anna Andersson"
        assert safe_cell("") == ""

    @pytest.mark.parametrize("formula", FORMULAS[:4])
    def test_score_csv_names(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, formula: str
    ) -> None:
        """score --format csv --names: a name like a formula is neutralised, totals are not."""
        rec = rekrytera.load(EXAMPLES[0])
        first = rec.candidates[0]
        rec = attrs.evolve(
            rec,
            candidates=[
                attrs.evolve(c, identity=Identity(name=formula)) if c is first else c
                for c in rec.candidates
            ],
        )
        path = tmp_path / "r.json"
        rekrytera.dump(rec, path)
        assert main(["score", str(path), "--format", "csv", "--names"]) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        row = next(r for r in rows if r["candidate"] == first.id)
        assert row["name"] == "'" + formula
        assert all(not r["total"].startswith("'") for r in rows)

    def test_analyse_csv_attributes(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """analyse --format csv: an attribute value like a formula is neutralised."""
        rec = rekrytera.load(EXAMPLES[0])
        rec = attrs.evolve(rec, info=attrs.evolve(rec.info, attributes={"kommun": "=1+1"}))
        rekrytera.dump(rec, tmp_path / "r.json")
        assert main(["analyse", str(tmp_path), "--by", "kommun", "--format", "csv"]) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert rows[0]["kommun"] == "'=1+1"
