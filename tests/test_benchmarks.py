"""The chapter-times report reads the results files and flags broken budgets."""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import chapter_times  # noqa: E402


def write(folder: Path, name: str, device: str, seconds: float, mode: str = "full") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(
        {"chapter": name, "mode": mode, "device": device, "wall_time_s": seconds, "numbers": {"x": 1}}))


def test_chapter_times_report_flags_budgets(tmp_path):
    write(tmp_path, "01_a", "cuda (NVIDIA H100)", 100)
    write(tmp_path / "cpu", "01_a", "cpu (2 threads)", 700)
    write(tmp_path, "02_b", "cpu (2 threads)", 1000)
    write(tmp_path, "03_c", "cpu (2 threads)", 10, mode="fast")          # ignored
    (tmp_path / "throughput_cpu.json").write_text(json.dumps({"ratio": 2.3}))  # not a chapter: ignored
    table = chapter_times.collect(tmp_path)
    assert {c: {k: (r["seconds"], r["device"]) for k, r in runs.items() if k != "record"} for c, runs in table.items()} \
        == {"01_a": {"gpu": (100.0, "cuda (NVIDIA H100)"), "cpu": (700.0, "cpu (2 threads)")},
            "02_b": {"cpu": (1000.0, "cpu (2 threads)")}}
    text, broken = chapter_times.report(table)
    assert ("| 01_a | cuda (NVIDIA H100), no provenance | 700 s (cpu (2 threads); timing record, book/results/cpu) "
            "| 100 s (cuda (NVIDIA H100)) |") in text
    assert broken == ["02_b: 1000 s on the CPU (budget 900 s)"]
    assert "no GPU run yet: 02_b" in text


def test_readme_tables_are_rewritten_between_markers(tmp_path):
    text = "intro\n<!-- chapter-times:start -->\nold\n<!-- chapter-times:end -->\nrest\n"
    assert chapter_times.replace_between(text, "chapter-times", "new") == \
        "intro\n<!-- chapter-times:start -->\nnew\n<!-- chapter-times:end -->\nrest\n"
    import pytest
    with pytest.raises(ValueError, match="markers"):
        chapter_times.replace_between("no markers", "throughput", "x")
    (tmp_path / "throughput_x.json").write_text(json.dumps({"device": "cpu", "gan": {
        "what": "DCGAN, 10 steps", "batch_size": 64, "tutorial_img_per_s": 1000, "gen_utils_img_per_s": 4000,
        "speedup": 4.0}}))
    assert "| cpu | DCGAN, 10 steps, batch 64 | 1,000 images/s | 4,000 images/s | 4.0× |" in \
        chapter_times.throughput_table(tmp_path)


def test_timing_records_fill_the_other_column_and_never_replace_the_record(tmp_path):
    write(tmp_path, "01_a", "cpu (2 threads)", 500)                 # the run the notebook shows
    write(tmp_path / "gpu", "01_a", "cuda (NVIDIA H100)", 20)        # a timed GPU run of the same source
    write(tmp_path / "gpu", "02_b", "cuda (NVIDIA H100)", 30)
    write(tmp_path, "02_b", "cuda (NVIDIA H100)", 90)                # the record wins for its own kind
    table = chapter_times.collect(tmp_path)
    assert (table["01_a"]["cpu"]["seconds"], table["01_a"]["cpu"]["source"]) == (500.0, "record")
    assert (table["01_a"]["gpu"]["seconds"], table["01_a"]["gpu"]["source"]) == (20.0, "timing record, book/results/gpu")
    assert table["02_b"]["gpu"]["seconds"] == 90.0 and table["02_b"]["record"]["seconds"] == 90.0
    data = json.loads((tmp_path / "01_a.json").read_text())
    data["provenance"] = {"commit": "abcdef1234", "dirty": True}
    (tmp_path / "01_a.json").write_text(json.dumps(data))
    text, _ = chapter_times.report(chapter_times.collect(tmp_path))
    assert "| 01_a | cpu (2 threads), commit abcdef1 (uncommitted changes) | 500 s (cpu (2 threads)) |" in text


def test_readme_reproduction_table_is_the_generated_one():
    """The README's table of papers' headlines is generated from the committed results files, never typed."""
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text()
    start, end = "<!-- reproductions:start -->\n", "\n<!-- reproductions:end -->"
    assert start in readme and end in readme, "README.md lost its reproductions markers"
    shown = readme.split(start, 1)[1].split(end, 1)[0]
    assert shown == chapter_times.reproductions_table(root / "book" / "results"), \
        "README's reproduction table differs from the results files: run python benchmarks/chapter_times.py --readme README.md"
