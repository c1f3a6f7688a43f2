import math

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

import gen_utils as gu
from gen_utils.models import mlp
from gen_utils.plots import show_images

chapter = gu.Chapter("06_gan")
device = chapter.device
