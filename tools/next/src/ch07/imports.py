import math

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

import gen_utils as gu
from gen_utils.plots import show_images

chapter = gu.Chapter("07_conditional_gan")
device = chapter.device
data = gu.load_images("mnist", fallback="fashion_mnist", value_range=(0, 1), device=device)   # the paper's pixels
print(data)
