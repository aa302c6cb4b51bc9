"""The Parquet dataset: written streaming, read as Arrow columns, readable by other engines."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rekrytera
from rekrytera import analysis
from rekrytera.analysis import Dataset, InvalidSources
from rekrytera.cli import main
from rekrytera.model import Recruitment, Scale
from rekrytera.simulate import simulate
from rekrytera.testing import recruitments

from ._people import people
from .test_analysis import distinct, same_dataset, same_tables

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))


def by_id(recs: list[Recruitment]) -> list[Recruitment]:
    """A dataset's recruitments come in the order of their ids."""
    return sorted(recs, key=lambda r: r.id)


class TestRoundTrip:
    @settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(st.lists(recruitments(), max_size=4))
    def test_dataset_equals_recruitments(
        self, tmp_path_factory: pytest.TempPathFactory, recs: list[Recruitment]
    ) -> None:
        """Written and read back, any valid recruitments give the dataset they give in memory."""
        recs = distinct(recs)
        path = tmp_path_factory.mktemp("ds") / "data"
        # Generated attributes are any text: partition by the recruitment's id.
        assert analysis.write_dataset(recs, path, partition_by=("id",)) == (
            len(recs),
            sum(len(r.scores) for rec in recs for r in rec.ratings),
        )
        same_dataset(
            analysis.load(path), Dataset.from_recruitments(by_id(recs)), any_score_order=True
        )

    def test_examples_and_simulated(self, tmp_path: Path) -> None:
        """The bundled examples and a simulated corpus analyse the same from the dataset."""
        recs = [rekrytera.load(p) for p in EXAMPLES] + list(simulate(60, seed=3))
        analysis.write_dataset(recs, tmp_path / "d")
        got, expected = analysis.load(tmp_path / "d"), Dataset.from_recruitments(by_id(recs))
        same_dataset(got, expected, any_score_order=True)
        for by in (None, "kommungrupp"):
            same_tables(analysis.summarise(got, by), analysis.summarise(expected, by))
        same_tables(analysis.agreement(got), analysis.agreement(expected))
        same_tables(analysis.scores(got), analysis.scores(expected))
        same_tables(analysis.sensitivity(got), analysis.sensitivity(expected))

    def test_partitions(self, tmp_path: Path) -> None:
        """Every table is partitioned Hive-style; a missing value has Hive's folder name."""
        recs = list(simulate(5, seed=1))
        recs[0] = attrs.evolve(
            recs[0], info=attrs.evolve(recs[0].info, attributes={"ar": "2026 / vår"})
        )
        analysis.write_dataset(recs, tmp_path / "d")
        folders = {
            p.relative_to(tmp_path / "d").parent.as_posix()
            for p in (tmp_path / "d").rglob("*.parquet")
        }
        assert "scores/ar=2026%20%2F%20v%C3%A5r/kommungrupp=__HIVE_DEFAULT_PARTITION__" in folders
        assert {f.split("/")[0] for f in folders} == set(analysis._write.TABLES)
        manifest = json.loads((tmp_path / "d" / "dataset.json").read_text())
        assert manifest["version"] == analysis.VERSION == 1
        assert manifest["partition_by"] == ["ar", "kommungrupp"]
        # Every file says what it is.
        file = next((tmp_path / "d" / "scores").rglob("*.parquet"))
        assert pq.read_schema(file).metadata[b"rekrytera.version"] == b"1"

    def test_nothing_personal(self, tmp_path: Path) -> None:
        """No name, contact detail or application text reaches the dataset."""
        rec = rekrytera.load(EXAMPLES[0])
        analysis.write_dataset([rec], tmp_path / "d")
        written = b"".join(
            repr(pq.ParquetFile(p).read().to_pylist()).encode()
            for p in (tmp_path / "d").rglob("*.parquet")
        )
        identities = [x.identity for x in people(rec)]
        values = [
            v
            for identity in identities
            if identity
            for v in attrs.asdict(identity).values()
            if isinstance(v, str) and len(v) > 3
        ]
        assert values
        for value in values:
            assert value.encode() not in written, value

    def test_many_score_values_across_batches(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Scores are kept as levels; read in small batches, new values renumber the old.

        More than 256 distinct values widen the levels' column past one byte,
        and a value that sorts among those already read renumbers them.
        """
        from rekrytera.analysis import _read

        monkeypatch.setattr(_read, "BATCH", 97)
        recs = []
        for n, rec in enumerate(simulate(6, seed=4)):
            profile = attrs.evolve(rec.profile, scale=Scale(min=0, max=1000))
            ratings = tuple(
                attrs.evolve(
                    r,
                    scores={
                        k: (7919 * (i + 31 * n) + j) % 1000 + 0.5 for j, k in enumerate(r.scores)
                    },
                )
                for i, r in enumerate(rec.ratings)
            )
            recs.append(attrs.evolve(rec, profile=profile, ratings=ratings))
        analysis.write_dataset(recs, tmp_path / "d")
        got, expected = analysis.load(tmp_path / "d"), Dataset.from_recruitments(by_id(recs))
        assert len(expected.levels) > 256
        assert got.score_level.dtype == np.uint16
        same_dataset(got, expected, any_score_order=True)
        same_tables(analysis.scores(got), analysis.scores(expected))


class TestStreaming:
    def test_a_generator_is_taken_one_at_a_time(self, tmp_path: Path) -> None:
        """The writer never holds the corpus: each recruitment is gone before the next but one.

        Had the writer made a list of them first (or kept them), the earlier
        ones would still be alive when the later ones are asked for.
        """
        made: list[weakref.ref[Recruitment]] = []
        alive: list[int] = []

        def corpus() -> Iterator[Recruitment]:
            for rec in simulate(30, seed=2):
                gc.collect()
                alive.append(sum(ref() is not None for ref in made))
                made.append(weakref.ref(rec))
                yield rec
                del rec

        analysis.write_dataset(corpus(), tmp_path / "d")
        assert len(made) == 30
        assert max(alive) <= 1, alive

    def test_failure_leaves_nothing(self, tmp_path: Path) -> None:
        """A failure while writing leaves no dataset and no temporary folder behind."""

        def broken() -> Iterator[Recruitment]:
            yield from simulate(3, seed=1)
            raise RuntimeError("the source broke")

        with pytest.raises(RuntimeError):
            analysis.write_dataset(broken(), tmp_path / "d")
        assert list(tmp_path.iterdir()) == []

    def test_existing_dataset_is_kept_without_force(self, tmp_path: Path) -> None:
        """An existing dataset is replaced only with force, and then whole."""
        analysis.write_dataset(simulate(3, seed=1), tmp_path / "d")
        before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
        with pytest.raises(rekrytera.RekryteraError, match="already exists"):
            analysis.write_dataset(simulate(4, seed=2), tmp_path / "d")
        assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
        analysis.write_dataset(simulate(4, seed=2), tmp_path / "d", force=True)
        assert len(analysis.load(tmp_path / "d")) == 4
        assert [p.name for p in tmp_path.iterdir()] == ["d"]

    def test_small_limits(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """With tiny row groups, buffers, files and open-file limits the data is the same.

        The limits that bound the writer's memory (a full row group, the
        fullest buffers first when all hold too much, a new file after so
        many row groups, the least recently used file closed) change how
        the rows are laid out, never which rows there are.
        """
        from rekrytera.analysis import _write

        for name, value in (
            ("ROW_GROUP", 50),
            ("BUFFERED_ROWS", 120),
            ("GROUPS_PER_FILE", 3),
            ("OPEN_FILES", 4),
        ):
            monkeypatch.setattr(_write, name, value)
        recs = list(simulate(25, seed=6))
        analysis.write_dataset(recs, tmp_path / "d")
        files = list((tmp_path / "d" / "scores").rglob("*.parquet"))
        groups = [pq.ParquetFile(f).metadata.num_row_groups for f in files]
        assert max(groups) <= 3
        assert len(files) > len({f.parent for f in files})  # a partition got a second file
        same_dataset(
            analysis.load(tmp_path / "d"),
            Dataset.from_recruitments(by_id(recs)),
            any_score_order=True,
        )

    def test_too_long_a_partition_value(self, tmp_path: Path) -> None:
        rec = next(simulate(1, seed=1))
        rec = attrs.evolve(rec, info=attrs.evolve(rec.info, attributes={"ar": "å" * 40}))
        with pytest.raises(rekrytera.RekryteraError, match=r"sim-.*'ar' is too long"):
            analysis.write_dataset([rec], tmp_path / "d")
        assert list(tmp_path.iterdir()) == []


def rewrite(path: Path, table: str, change: object) -> None:
    """Apply *change* (a function of a pyarrow table) to every file of *table*."""
    for file in (path / table).rglob("*.parquet"):
        pq.write_table(change(pq.ParquetFile(file).read()), file)  # type: ignore[operator]


class TestBadDatasets:
    @pytest.fixture
    def data(self, tmp_path: Path) -> Path:
        analysis.write_dataset(simulate(4, seed=5), tmp_path / "d", partition_by=())
        return tmp_path / "d"

    def set_column(self, data: Path, table: str, name: str, values: object) -> None:
        def change(t: object) -> object:
            i = t.column_names.index(name)  # type: ignore[attr-defined]
            column = t.column(name)  # type: ignore[attr-defined]
            return t.set_column(i, name, pa.array(values(column.to_pylist()), type=column.type))  # type: ignore[attr-defined, operator]

        rewrite(data, table, change)

    def test_unknown_candidate(self, data: Path) -> None:
        self.set_column(data, "scores", "candidate", lambda v: ["okänd", *v[1:]])
        with pytest.raises(InvalidSources) as e:
            analysis.load(data)
        assert e.value.lines() == [f"{data}#sim-000000: scores.okänd: not a candidate"]

    def test_off_the_scale(self, data: Path) -> None:
        self.set_column(data, "scores", "score", lambda v: [v[0] + 100, *v[1:]])
        with pytest.raises(InvalidSources, match="a score off the scale"):
            analysis.load(data)

    def test_twice_in_a_rating(self, data: Path) -> None:
        self.set_column(data, "scores", "competence", lambda v: [v[1], *v[1:]])
        with pytest.raises(InvalidSources, match="a competence scored twice in one rating"):
            analysis.load(data)

    def test_arrow_allocator_given_back(self, data: Path) -> None:
        """Reading lets Arrow allocate with malloc, and restores its default, failing or not."""
        before = pa.default_memory_pool().backend_name
        seen = []
        original = analysis._read._Reader.scores

        def scores(reader: object) -> None:
            seen.append(pa.default_memory_pool().backend_name)
            original(reader)  # type: ignore[arg-type]

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(analysis._read._Reader, "scores", scores)
            analysis.load(data)
            self.set_column(data, "scores", "score", lambda v: [v[0] + 100, *v[1:]])
            with pytest.raises(InvalidSources):
                analysis.load(data)
        assert seen == ["system", "system"]
        assert pa.default_memory_pool().backend_name == before

    def test_newer_version(self, data: Path) -> None:
        manifest = json.loads((data / "dataset.json").read_text())
        (data / "dataset.json").write_text(json.dumps({**manifest, "version": 2}))
        with pytest.raises(
            rekrytera.RekryteraError, match="version 2; this rekrytera reads version 1"
        ):
            analysis.load(data)

    def test_not_with_other_sources(self, data: Path) -> None:
        with pytest.raises(rekrytera.RekryteraError, match="analysed on its own"):
            analysis.load(data, EXAMPLES[0])

    def test_command_line(self, data: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """From the command line, one line per problem and exit code 2."""
        self.set_column(data, "scores", "candidate", lambda v: ["okänd", *v[1:]])
        assert main(["analyse", str(data)]) == 2
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 1, err
        assert "okänd" in err[0]


class TestKeepRecruitments:
    def test_only_when_asked(self) -> None:
        ds = analysis.load(*EXAMPLES)
        with pytest.raises(rekrytera.RekryteraError, match="keep_recruitments=True"):
            ds.recruitments  # noqa: B018
        kept = analysis.load(*EXAMPLES, keep_recruitments=True)
        assert [r.id for r in kept.recruitments] == list(kept.ids)
        assert all(not r.ratings for r in kept.recruitments)


class TestCommandLine:
    def test_simulate_then_analyse(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A simulated dataset analyses to the very figures of the same corpus as JSON files."""
        args = ["simulate", "--recruitments", "40", "--seed", "7", "--to"]
        assert main([*args, str(tmp_path / "d"), "--format", "dataset"]) == 0
        assert main([*args, str(tmp_path / "j")]) == 0
        capsys.readouterr()
        for table in ("summary", "recruitments", "sensitivity", "candidates"):
            assert (
                main(["analyse", str(tmp_path / "d"), "--table", table, "--by", "kommungrupp"]) == 0
            )
            from_dataset = capsys.readouterr().out
            assert (
                main(["analyse", str(tmp_path / "j"), "--table", table, "--by", "kommungrupp"]) == 0
            )
            assert from_dataset == capsys.readouterr().out, table

    def test_simulate_refuses_an_existing_dataset(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        args = [
            "simulate",
            "--recruitments",
            "2",
            "--format",
            "dataset",
            "--to",
            str(tmp_path / "d"),
        ]
        assert main(args) == 0
        assert main(args) == 2
        assert "--force" in capsys.readouterr().err
        assert main([*args, "--force"]) == 0


def first_score(text: str) -> str:
    """The competence of a recruitment file's first score."""
    start = text.index("[ratings.scores]\n") + len("[ratings.scores]\n")
    return text[start:].split("=")[0].strip()


def off_the_scale(text: str) -> str:
    """A recruitment file's text with its first score set to 9, off the scale."""
    start = text.index("[ratings.scores]\n") + len("[ratings.scores]\n")
    end = text.index("\n", start)
    key = text[start:end].split("=")[0]
    return f"{text[:start]}{key}= 9{text[end:]}"


class TestFromSources:
    """``analysis.recruitments`` and ``rekrytera dataset``: files, folders and stores."""

    def test_read_one_at_a_time(self, tmp_path: Path) -> None:
        """A file is read when its turn comes: a change made after the first is seen."""
        for i, path in enumerate(EXAMPLES):
            (tmp_path / f"{i}-{path.name}").write_bytes(path.read_bytes())
        found = analysis.recruitments(tmp_path)
        first = next(found)
        assert first.id == rekrytera.load(EXAMPLES[0]).id
        later = tmp_path / f"2-{EXAMPLES[2].name}"
        later.write_text(off_the_scale(later.read_text(encoding="utf-8")), encoding="utf-8")
        with pytest.raises(InvalidSources) as caught:
            list(found)
        assert list(caught.value.invalid) == [str(later)]

    def test_folder_and_store_as_one_dataset(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Files and a store give the dataset their recruitments give, printed alike."""
        folder, store = tmp_path / "files", tmp_path / "s.sqlite"
        folder.mkdir()
        recs = [rekrytera.load(p) for p in EXAMPLES] + list(simulate(6, seed=3))
        rekrytera.export(recs[:5], folder, format="json")
        rekrytera.export(recs[5:], store)
        assert (
            main(["--lang", "en", "dataset", str(folder), str(store), "--to", str(tmp_path / "d")])
            == 0
        )
        assert (
            capsys.readouterr().out
            == f"{tmp_path / 'd'}: 9 recruitments, {sum(len(r.scores) for rec in recs for r in rec.ratings)} scores\n"
        )
        same_tables(
            analysis.scores(analysis.load(tmp_path / "d")),
            analysis.scores(Dataset.from_recruitments(by_id(recs))),
        )
        assert (tmp_path / "d" / "scores" / "ar=2026").is_dir()
        assert main(["dataset", str(store), "--to", str(tmp_path / "e"), "--partition-by", ""]) == 0
        assert not any("=" in p.name for p in (tmp_path / "e" / "scores").iterdir())
        # A dataset is no source of recruitments: one line, exit 2.
        assert (
            main(["--lang", "en", "dataset", str(tmp_path / "e"), "--to", str(tmp_path / "f")]) == 2
        )
        assert capsys.readouterr().err.endswith(
            "Parquet holds columns, not recruitments; give recruitment files, folders of them or stores\n"
        )

    def test_invalid_sources_write_nothing(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Every problem is listed, exit 2, and neither the target nor a trace of it is left."""
        good, twin, bad = tmp_path / "a.toml", tmp_path / "b.toml", tmp_path / "c.toml"
        text = EXAMPLES[0].read_text(encoding="utf-8")
        good.write_text(text, encoding="utf-8")
        twin.write_text(text, encoding="utf-8")
        rec = rekrytera.load(EXAMPLES[0])
        bad.write_text(
            off_the_scale(text.replace(f'id = "{rec.id}"', 'id = "annan"', 1)),
            encoding="utf-8",
        )
        target = tmp_path / "out" / "d"
        assert main(["--lang", "en", "dataset", str(tmp_path), "--to", str(target)]) == 2
        err = capsys.readouterr().err.splitlines()
        assert err[0] == f"{twin}: recruitment.id: {rec.id!r} is also the id of {good}"
        assert err[1:] == [
            f"{bad}: ratings[0].scores.{first_score(text)}: 9 is outside the scale 1–5"
        ]
        assert list((tmp_path / "out").iterdir()) == []
        # An existing dataset survives a failed --force.
        assert main(["dataset", str(good), "--to", str(target)]) == 0
        before = sorted(p.relative_to(target) for p in target.rglob("*"))
        assert main(["dataset", str(tmp_path), "--to", str(target), "--force"]) == 2
        assert sorted(p.relative_to(target) for p in target.rglob("*")) == before
        assert [p.name for p in (tmp_path / "out").iterdir()] == ["d"]


def test_without_the_extras(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without numpy or msgspec, both commands that write a dataset name the arrow extra."""
    monkeypatch.setitem(sys.modules, "rekrytera.analysis", None)  # an import of it fails
    monkeypatch.delattr(rekrytera, "analysis", raising=False)
    for args in (
        ["simulate", "--recruitments", "1", "--format", "dataset"],
        ["dataset", str(EXAMPLES[0])],
    ):
        assert main(["--lang", "en", *args, "--to", str(tmp_path / "d")]) == 2
        assert capsys.readouterr().err == (
            "rekrytera: writing a Parquet dataset needs pyarrow: pip install 'rekrytera[arrow]'\n"
        )
    assert not (tmp_path / "d").exists()


def test_plain_duckdb_sql_reads_the_dataset(tmp_path: Path) -> None:
    """Another engine reads the dataset with SQL alone, as the schema page shows."""
    pytest.importorskip("duckdb")
    recs = list(simulate(20, seed=4))
    analysis.write_dataset(recs, tmp_path / "d")
    script = f"""
import json, sys
import duckdb
root = {str(tmp_path / "d")!r}
rows = duckdb.sql(f'''
    SELECT s.recruitment, count(*) AS scores, count(DISTINCT s.candidate) AS rated,
           any_value(r.ar) AS ar
    FROM read_parquet('{{root}}/scores/**/*.parquet', hive_partitioning = true) s
    JOIN read_parquet(
        '{{root}}/recruitments/**/*.parquet', hive_partitioning = true,
        hive_types_autocast = false
    ) r
      USING (recruitment)
    JOIN read_parquet('{{root}}/panel/**/*.parquet') p USING (recruitment, panelist)
    WHERE p.perspective IS NOT NULL
    GROUP BY s.recruitment ORDER BY s.recruitment
''').fetchall()
assert not any(m.startswith("rekrytera") for m in sys.modules)
print(json.dumps(rows))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    expected = [
        [
            rec.id,
            sum(len(r.scores) for r in rec.ratings),
            len({r.candidate for r in rec.ratings}),
            rec.info.attributes["ar"],
        ]
        for rec in by_id(recs)
        if rec.ratings
    ]
    assert json.loads(out.stdout) == expected


def test_level_counts_fit_their_type() -> None:
    """Level counts use the smallest unsigned type that holds twice the largest count."""
    from rekrytera.analysis._reduce import _small

    assert [_small(n) for n in (0, 255, 256, 65535, 65536)] == [
        np.uint8,
        np.uint8,
        np.uint16,
        np.uint16,
        np.uint32,
    ]
