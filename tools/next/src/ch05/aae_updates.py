def aae_updates(enc, dec, disc, prior_sampler, decoder_input=lambda z, y: z, rec_lr=1e-3, adv_lr=1e-3, d_repeats=1,
                input_noise=0.0):
    """The three phases of one batch, as updates; batches are (images, labels). With separate Adam optimisers the
    learning rates are the phases' only weights. `input_noise`: the standard deviation of Gaussian noise added to
    every input of the discriminator (prior samples and codes alike)."""
    opt_ae = torch.optim.Adam([*enc.parameters(), *dec.parameters()], lr=rec_lr)
    opt_d = torch.optim.Adam(disc.parameters(), lr=adv_lr, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(enc.parameters(), lr=adv_lr, betas=(0.5, 0.999))

    def judge(z):
        return disc(z + input_noise * torch.randn_like(z)) if input_noise else disc(z)

    def reconstruction(batch):
        x, y = batch
        return bernoulli_nll(dec(decoder_input(enc(x), y)), x).mean()

    def discriminator(batch):
        x, y = batch
        real, fake = judge(prior_sampler(y)), judge(enc(x).detach())
        loss = bce(real, torch.ones_like(real)) + bce(fake, torch.zeros_like(fake))
        return loss, {"D(prior)": torch.sigmoid(real).mean(), "D(codes)": torch.sigmoid(fake).mean()}

    def generator(batch):
        fake = judge(enc(batch[0]))
        return bce(fake, torch.ones_like(fake))

    return [gu.Update("rec", opt_ae, reconstruction), gu.Update("D", opt_d, discriminator, repeats=d_repeats),
            gu.Update("G", opt_g, generator)]
