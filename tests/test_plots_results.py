import json

import matplotlib
import pytest
import torch

matplotlib.use("Agg")

import gen_utils as gu  # noqa: E402
from gen_utils import plots  # noqa: E402


def test_image_grid_scales_both_pixel_ranges_to_unit():
    x = torch.rand(10, 1, 28, 28)
    g1 = plots.image_grid(x, nrow=5)
    g2 = plots.image_grid(x * 2 - 1, nrow=5)
    assert g1.shape == (3, 2 * 30 + 2, 5 * 30 + 2) and torch.allclose(g1, g2, atol=1e-6)
    assert plots.image_grid(x.view(10, 784)).shape == plots.image_grid(x).shape
    with pytest.raises(ValueError, match="square"):
        plots.image_grid(torch.rand(3, 10))


def test_figures_are_made():
    x = torch.rand(8, 1, 28, 28)
    assert plots.show_images(x, title="t").axes
    assert len(plots.show_rows({"a": x, "b": x}).axes) == 2
    fig = plots.latent_scatter(torch.randn(100, 2), torch.arange(100) % 10, [str(i) for i in range(10)])
    assert len(fig.axes[0].collections) == 10
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        plots.latent_scatter(torch.randn(10, 3))
    h = gu.History(steps=[1, 2], values={"loss": [2.0, 1.0]})
    assert len(h.plot().axes[0].lines) == 1
    assert len(plots.plot_history({"a": h, "b": h}, keys=["loss"]).axes[0].lines) == 2
    fig = plots.interpolation_strip(lambda z: torch.sigmoid(z).view(-1, 1, 2, 2), torch.zeros(4), torch.ones(4), n=5)
    assert fig.axes


def test_chapter_results_are_written_in_full_mode_only(tmp_path, monkeypatch):
    monkeypatch.setenv("GEN_UTILS_RESULTS", str(tmp_path))
    monkeypatch.setenv("GEN_UTILS_FAST", "1")
    ch = gu.Chapter("99_test")
    ch.record(error=torch.tensor(1.5), curve=[1, 2], bad=float("nan"))
    ch.save()
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setenv("GEN_UTILS_FAST", "0")
    data = ch.save()
    saved = json.loads((tmp_path / "99_test.json").read_text())
    assert saved == data and saved["numbers"] == {"error": 1.5, "curve": [1, 2], "bad": None}
    assert saved["mode"] == "full" and saved["wall_time_s"] >= 0 and "cpu" in saved["device"]
    assert [p.name for p in tmp_path.iterdir()] == ["99_test.json"]
    monkeypatch.setenv("GEN_UTILS_FAST", "0")
    monkeypatch.setenv("GEN_UTILS_BUDGET", "laptop")                 # a laptop run does not replace the book's
    assert ch.save()["mode"] == "laptop" and (tmp_path / "laptop" / "99_test.json").is_file()
    assert json.loads((tmp_path / "99_test.json").read_text())["mode"] == "full"


def test_results_folder_is_found_from_a_chapter_folder(tmp_path, monkeypatch):
    (tmp_path / "_toc.yml").write_text("root: x\n")
    (tmp_path / "book").mkdir()
    (tmp_path / "chapters").mkdir()
    monkeypatch.delenv("GEN_UTILS_RESULTS", raising=False)
    monkeypatch.chdir(tmp_path / "chapters")
    assert gu.results.results_dir() == tmp_path / "book" / "results"


def test_checkpoint_names_are_plain(monkeypatch, tmp_path):
    monkeypatch.setenv("GEN_UTILS_CHECKPOINTS", str(tmp_path))
    assert gu.checkpoint_path("ch01_ae") == tmp_path / "book" / "ch01_ae.pt"          # one folder per budget
    with pytest.raises(ValueError):
        gu.checkpoint_path("../x")


def test_prior_quantile_grid_decodes_every_code_once():
    seen = []

    def decode(z):
        seen.append(z)
        return torch.sigmoid(z.sum(1)).view(-1, 1, 1, 1).expand(-1, 1, 4, 4)

    plots.prior_quantile_grid(decode, n=5)
    z = seen[0]
    assert z.shape == (25, 2) and torch.allclose(z[:, 0].view(5, 5)[0], z[:5, 0])
    assert z[0, 1] > z[-1, 1]  # the top row has the largest second coordinate
    assert torch.allclose(z.mean(0), torch.zeros(2), atol=1e-6)
    with pytest.raises(ValueError):
        plots.prior_quantile_grid(decode, outer=0.3)


def test_encoded_grids_round_trip_through_json():
    x = torch.rand(6, 1, 28, 28)
    encoded = plots.encode_grid(x, nrow=3, value_range=(0, 1))
    back = plots.decode_grid(json.loads(json.dumps({"g": encoded}))["g"])
    expected = plots.image_grid(x, nrow=3, value_range=(0, 1))[:1]    # make_grid repeats grey into 3 channels
    assert back.shape == expected.shape == (1, 2 * 30 + 2, 3 * 30 + 2)
    assert (back - expected).abs().max() <= 0.5 / 255 + 1e-6      # 8-bit rounding only
    assert len(encoded) < 20_000
    colour = plots.decode_grid(plots.encode_grid(torch.rand(2, 3, 8, 8), value_range=(0, 1)))
    assert colour.shape[0] == 3
    plots.show_grid(back, title="round trip")
    with pytest.raises(ValueError, match="encode_grid"):
        plots.decode_grid("not base64 at all!")


def test_load_results_keeps_full_chapter_runs_and_names_a_corrupt_file(tmp_path):
    (tmp_path / "01_a.json").write_text(json.dumps({"chapter": "01_a", "mode": "full", "numbers": {"x": 1}}))
    (tmp_path / "02_b.json").write_text(json.dumps({"chapter": "02_b", "mode": "fast", "numbers": {}}))
    (tmp_path / "throughput.json").write_text(json.dumps({"speedup": 3}))
    assert list(gu.results.load_results(tmp_path)) == ["01_a"]
    (tmp_path / "03_c.json").write_text("{not json")
    with pytest.raises(ValueError, match="03_c.json"):
        gu.results.load_results(tmp_path)


def test_sharp_figures_asks_the_inline_backend_for_retina_pngs_and_only_in_ipython(monkeypatch):
    import IPython
    import matplotlib_inline.backend_inline as inline

    from gen_utils import notebook

    asked = []
    monkeypatch.setattr(inline, "set_matplotlib_formats", lambda *formats: asked.append(formats))
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    assert notebook.sharp_figures() is False and asked == []                # plain Python: nothing to do
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())
    assert notebook.sharp_figures() is True and asked == [("retina",)]
