"""Models as plain ``nn.Module`` s, shared by the chapters."""
from . import autoregressive, denoiser, flows, wavegan
from .autoencoders import (AutoEncoder, ConvDecoder, ConvEncoder, MLPDecoder, MLPEncoder,
                           make_autoencoder)
from .denoiser import SmallUNet, timestep_embedding
from .dcgan import DCGANDiscriminator, DCGANGenerator, dcgan_init, interpolate_latents
from .discriminators import CodeDiscriminator
from .layers import Maxout, count_parameters, mlp
from .pca import PCA
from .pix2pix import PatchDiscriminator, PatchGAN, UNet, receptive_field
from .spectral import SpectralNorm, power_iteration, spectral_norm
from .vae import VAE, make_vae
from .wavegan import WaveGANCritic, WaveGANGenerator

__all__ = ["AutoEncoder", "autoregressive", "CodeDiscriminator", "ConvDecoder", "ConvEncoder", "DCGANDiscriminator",
           "DCGANGenerator", "denoiser", "flows", "MLPDecoder", "MLPEncoder", "Maxout", "PCA", "PatchDiscriminator", "PatchGAN", "SmallUNet",
           "SpectralNorm", "UNet", "VAE", "WaveGANCritic", "WaveGANGenerator", "count_parameters", "dcgan_init", "interpolate_latents", "make_autoencoder",
           "make_vae", "mlp", "power_iteration", "receptive_field", "spectral_norm", "timestep_embedding", "wavegan"]
