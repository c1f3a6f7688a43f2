"""gen_utils: data, models, one training loop, metrics and plots for the course book on deep generative models."""
from . import (audio, batches, checkpoints, classifier, data, diffusion, energy, gan, losses, metrics, models, plots, pretrained,
               priors, reproductions, results, seeds, timing, train)
from .checkpoints import CheckpointError, checkpoint_path
from .config import budget, budget_name, data_root, device_name, fast_mode, get_device, seed_everything
from .data import DataError, DataNotFoundError, load_images
from .notebook import in_colab, report
from .results import Chapter
from .batches import map_batches
from .timing import seconds
from .train import History, Update, fit

__version__ = "0.1.0"

__all__ = ["audio", "batches", "seeds", "Chapter", "CheckpointError", "DataError", "DataNotFoundError", "History", "Update", "budget", "budget_name",
           "checkpoint_path", "checkpoints", "classifier", "data", "data_root", "diffusion", "energy", "device_name", "fast_mode", "fit", "gan",
           "get_device", "in_colab", "load_images", "losses", "map_batches", "metrics", "models", "plots", "pretrained", "priors",
           "report", "reproductions", "results", "seconds", "seed_everything", "timing", "train"]
