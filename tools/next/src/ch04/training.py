def vae_loss(vae, x, beta: float = 1.0):
    """Negative ELBO per image (averaged over the batch), and its two terms for the progress bar."""
    mu, logvar = vae.encode(x)                              # q(z|x) = N(mu, diag exp(logvar))
    z = mu + (0.5 * logvar).exp() * torch.randn_like(mu)    # reparameterisation: z = mu + sigma * eps
    rec = bernoulli_nll(vae.decode(z), x)                   # -log p(x|z), Bernoulli pixels
    kl = kl_diag_gaussians(mu, logvar)                      # KL(q(z|x) || N(0, I)), closed form
    return (rec + beta * kl).mean(), {"rec": rec.mean(), "kl": kl.mean()}


def iwae_schedule(opt, updates_per_epoch):
    """The IWAE paper's learning rate: stage i = 0, 1, 2, ... lasts 3^i epochs (from epoch (3^i - 1) / 2) at
    lr = 1e-4 round(10^(1 - i/7), 1): 1e-3, 7.2e-4, 5.2e-4, ... The count lives in the optimizer's state."""
    def after_update():
        for group in opt.param_groups:
            group["updates"] = group.get("updates", 0) + 1
            epoch, stage = group["updates"] // updates_per_epoch, 0
            while (3 ** (stage + 1) - 1) // 2 <= epoch:
                stage += 1
            group["lr"] = 1e-4 * round(10 ** (1 - stage / 7), 1)
    return after_update


EPOCHS = gu.budget(book=100, laptop=5, fast=1)              # the d = 2 and d = 20 VAEs, the plain auto-encoder
IWAE_EPOCHS = gu.budget(book=1_000, laptop=5, fast=1)       # the IWAE paper's schedule: its first 1,000 of 3,280 epochs
IWAE_BATCH = 20                                              # the paper's batch
TRAIN_IMAGES = 50_000     # an epoch of the schedule: the whole training split in every budget (fast mode caps the data)
assert chapter.fast or len(data.x_train) == TRAIN_IMAGES, f"{len(data.x_train)} training images, not {TRAIN_IMAGES}"
mean_logit = torch.logit(data.train_mean.flatten().clamp(1e-3, 1 - 1e-3))


def train_vae(kind: str, latent: int, beta: float = 1.0, epochs: int = EPOCHS, seed: int = 0, hidden=(512, 256),
              batch_size: int = 128, paper_schedule: bool = False, evaluate=None, check=None, checks: int = 20):
    """Train (or load) a VAE on dynamically binarised training images; the decoder's output biases start at the
    logit of each pixel's mean (an untrained decoder draws the mean image), as the IWAE code does. ``evaluate(vae)``
    runs once after training, ``check(vae)`` ``checks`` times during it; both are kept with the weights."""
    torch.manual_seed(seed)
    vae = gu.models.make_vae(kind, latent, data.image_shape, hidden=hidden).to(device)
    with torch.no_grad():
        vae.decoder.net[-1].bias.copy_(mean_logit)
    opt = torch.optim.Adam(vae.parameters(), lr=1e-3)
    after = iwae_schedule(opt, TRAIN_IMAGES // batch_size) if paper_schedule else None
    layers = "-".join(map(str, hidden))
    name = f"ch04_{kind}_{layers}_{latent}_beta{beta:g}_s{seed}"
    history = gu.fit(vae, gu.Update("-elbo", opt, lambda x: vae_loss(vae, x, beta), after_step=after), data.x_train,
                     epochs=epochs, batch_size=batch_size, seed=seed, transform=gu.data.binarize,
                     desc=f"{kind} {layers} VAE d={latent} beta={beta:g}", checkpoint=gu.checkpoint_path(name),
                     evaluate=(lambda: evaluate(vae)) if evaluate else None,
                     callback=(lambda step: check(vae)) if check else None,
                     callback_every=max(epochs * (len(data.x_train) // batch_size) // checks, 1))
    return vae, history
