import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

import gen_utils as gu
from gen_utils.gan import discriminator_loss, generator_loss
from gen_utils.models import PatchGAN, UNet, count_parameters, dcgan_init, receptive_field
from gen_utils.plots import show_rows

chapter = gu.Chapter("10_pix2pix")
device = chapter.device
data = gu.load_images("mnist", fallback="fashion_mnist", value_range=(-1, 1), device=device)
print(data)
