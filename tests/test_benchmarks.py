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
    assert table == {"01_a": {"gpu": (100.0, "cuda (NVIDIA H100)"), "cpu": (700.0, "cpu (2 threads)")},
                     "02_b": {"cpu": (1000.0, "cpu (2 threads)")}}
    text, broken = chapter_times.report(table)
    assert "| 01_a | 700 s (cpu (2 threads)) | 100 s (cuda (NVIDIA H100)) |" in text
    assert broken == ["02_b: 1000 s on the CPU (budget 900 s)"]
    assert "no GPU run yet: 02_b" in text
