Z, N_CLASSES = 100, len(data.classes)
bce = F.binary_cross_entropy_with_logits


class PaperGenerator(nn.Module):
    """z -> 200 and y -> 1000 ReLU units, joined -> 1200 ReLU units -> 784 sigmoid units; dropout 0.5 on the hidden layers."""

    def __init__(self):
        super().__init__()
        self.z_in, self.y_in = nn.Linear(Z, 200), nn.Linear(N_CLASSES, 1000)
        self.joint, self.out = nn.Linear(1200, 1200), nn.Linear(1200, data.dim)
        self.drop = nn.Dropout(0.5)

    def forward(self, z, y):
        h = torch.cat([F.relu(self.z_in(z)), F.relu(self.y_in(F.one_hot(y, N_CLASSES).float()))], 1)
        h = self.drop(F.relu(self.joint(self.drop(h))))
        return torch.sigmoid(self.out(h)).view(-1, *data.image_shape)


class PaperDiscriminator(nn.Module):
    """x -> maxout 240x5, y -> maxout 50x5, joined -> maxout 240x4 -> one logit; dropout 0.5 on the hidden layers."""

    def __init__(self):
        super().__init__()
        self.x_in, self.y_in = gu.models.Maxout(data.dim, 240, 5), gu.models.Maxout(N_CLASSES, 50, 5)
        self.joint, self.out = gu.models.Maxout(290, 240, 4), nn.Linear(240, 1)
        self.drop = nn.Dropout(0.5)

    def forward(self, x, y):
        h = torch.cat([self.x_in(x.flatten(1)), self.y_in(F.one_hot(y, N_CLASSES).float())], 1)
        return self.out(self.drop(self.joint(self.drop(h)))).squeeze(1)


def unit_cube(n, generator=None):
    """z ~ Unif(0, 1)^Z, the paper's noise."""
    return torch.rand(n, Z, device=device, generator=generator)


def paper_cgan(seed):
    """Both networks from `seed`, initialised as chapter 6 initialises the GAN paper's."""
    torch.manual_seed(seed)
    G, D = PaperGenerator(), PaperDiscriminator()
    for net, r in ((G, 0.05), (D, 0.005)):
        for m in net.modules():
            if isinstance(m, nn.Linear):
                nn.init.uniform_(m.weight, -r, r)
                nn.init.zeros_(m.bias)
    with torch.no_grad():
        G.out.bias.copy_(torch.logit(data.train_mean.flatten().clamp(1e-3, 1 - 1e-3)))
    return G.to(device), D.to(device)


def conditional_gan_updates(G, D):
    """The conditional game in one step of the paper's SGD, as chapter 6 trains the GAN: half the discriminator's two
    cross-entropies on (x, y) pairs and on generated images asked for the batch's labels, and the non-saturating
    generator loss, both gradients taken at the same (G, D); D is held fixed in G's objective."""
    opt, schedule = gu.gan.paper_sgd([*D.parameters(), *G.parameters()], decay=1.00004)

    def loss(batch):
        x, y = batch
        fake = G(unit_cube(len(x)), y)
        real_logit, fake_logit = D(x, y), D(fake.detach(), y)
        d_obj = 0.5 * (bce(real_logit, torch.ones_like(real_logit)) + bce(fake_logit, torch.zeros_like(fake_logit)))
        g_logit = gu.gan.held_fixed(D, fake, y)                  # D held fixed in G's objective (chapter 6)
        g_obj = bce(g_logit, torch.ones_like(g_logit))
        return d_obj + g_obj, {"D": d_obj, "G": g_obj, "D(x|y)": torch.sigmoid(real_logit).mean(),
                               "D(G(z|y)|y)": torch.sigmoid(fake_logit).mean()}

    return gu.Update("D and G", opt, loss, after_step=schedule)


G, D = paper_cgan(0)
counts = {"generator": gu.models.count_parameters(G), "discriminator": gu.models.count_parameters(D)}
assert counts == {"generator": 20_200 + 11_000 + 1_441_200 + 941_584, "discriminator": 942_000 + 2_750 + 279_360 + 241}
gu.report(f"Generator: {counts['generator']:,} parameters; discriminator: {counts['discriminator']:,} (the paper's layer "
          "sizes: 100·200 + 200 + 10·1000 + 1000 + 1200·1200 + 1200 + 1200·784 + 784 and "
          "784·1200 + 1200 + 10·250 + 250 + 290·960 + 960 + 240 + 1).")
