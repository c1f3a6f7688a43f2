"""Models as plain ``nn.Module`` s, shared by the chapters."""
from .autoencoders import (AutoEncoder, ConvDecoder, ConvEncoder, MLPDecoder, MLPEncoder,
                           make_autoencoder)
from .discriminators import CodeDiscriminator
from .layers import count_parameters, mlp
from .pca import PCA
from .vae import VAE, make_vae

__all__ = ["AutoEncoder", "CodeDiscriminator", "ConvDecoder", "ConvEncoder", "MLPDecoder", "MLPEncoder", "PCA",
           "VAE", "count_parameters", "make_autoencoder", "make_vae", "mlp"]
