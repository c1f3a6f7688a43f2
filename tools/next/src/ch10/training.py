STEPS = gu.budget(book=5_000, laptop=250, fast=10)
SEEDS = (0, 1, 2)
LAMBDA = 100.0
CODE = 64
classifier = gu.classifier.load_classifier(data)
to01 = lambda t: (t + 1) / 2                                        # noqa: E731
test_features, _ = gu.metrics.classifier_embedding(classifier, data.x_test, value_range=(-1, 1))  # once for all runs


def sharpness(images):
    """Mean Sobel gradient magnitude of [0, 1] images."""
    kx = torch.tensor([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]], device=images.device) / 4
    g = F.conv2d(to01(images), torch.stack([kx, kx.T])[:, None], padding=1)
    return g.pow(2).sum(1).sqrt().mean().item()


def edge_iou(images, target_edges):
    """Mean over images of |A ∩ B| / |A ∪ B| for the edge pixels A of the images and B of their inputs."""
    a, b = gu.data.edge_map(images) > 0, target_edges > 0
    return ((a & b).flatten(1).sum(1) / (a | b).flatten(1).sum(1).clamp(min=1)).mean().item()


def shown_bytes(images):
    """Images in [-1, 1] as 0-255 integers, one list per image: what the record keeps to draw them again."""
    return (to01(images.float().cpu()) * 255).round().to(torch.uint8).flatten(1).tolist()


def evaluate(G, D, mode, seed):
    """Measured right after training and stored with the run: on the 10,000 test pairs, G with dropout on and batch
    statistics (the paper's test mode); the discriminator's accuracy on real and generated test pairs."""
    torch.manual_seed(seed)
    G.train()
    with torch.no_grad():
        out = gu.map_batches(G, edges["test"])
        again = torch.stack([gu.map_batches(G, edges["test"][:1000]) for _ in range(5)])   # five dropout draws
    G.eval()
    features, probs = gu.metrics.classifier_embedding(classifier, out, value_range=(-1, 1))
    result = {"L1": (out - data.x_test).abs().mean().item(),
              "label accuracy": (probs.argmax(1) == data.y_test).float().mean().item(),
              "fd": gu.metrics.frechet_distance(features, test_features), "sharpness": sharpness(out),
              "edge IoU": edge_iou(out, edges["test"]), "dropout spread": again.std(0).mean().item(),
              "shown": shown_bytes(out[:10])}
    if mode != "L1":                                         # D's mean logit over its patches, per image
        per_image = lambda y, *c: D(c[0] if c else None, y).mean((1, 2, 3))          # noqa: E731
        condition = (edges["test"],) if mode.endswith("cGAN") else ()
        with gu.models.layers.evaluating(D):
            real, fake = gu.map_batches(per_image, data.x_test, *condition), gu.map_batches(per_image, out, *condition)
        result["D accuracy"] = 0.5 * ((real > 0).float().mean() + (fake < 0).float().mean()).item()
    return result


def train(mode="L1+cGAN", skips=True, patch=8, seed=0):
    """One pix2pix run: G a U-Net (or, skips=False, the encoder-decoder), D a PatchGAN, `mode` the generator's loss."""
    torch.manual_seed(seed)
    G = UNet(skips=skips, code=CODE, width=WIDTH).to(device)
    conditional = mode.endswith("cGAN")
    D = PatchGAN(in_channels=2 if conditional else 1, patch=patch, width=WIDTH).to(device)
    dcgan_init(G), dcgan_init(D)
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    adversarial, uses_l1 = mode != "L1", mode.startswith("L1")

    def judge(x, image):                                         # D(x, y) for a cGAN, D(y) for a GAN
        return D(x if conditional else None, image)

    def d_step(batch):
        x, y = batch
        real, fake = judge(x, y), judge(x, G(x).detach())
        return 0.5 * discriminator_loss(real, fake), {"D(real)": torch.sigmoid(real).mean(), "D(fake)": torch.sigmoid(fake).mean()}

    def g_step(batch):
        x, y = batch
        out = G(x)
        l1 = (out - y).abs().mean()                                  # L_L1, per pixel
        loss = LAMBDA * l1 if uses_l1 else 0 * l1
        if adversarial:
            loss = loss + generator_loss(judge(x, out))              # -log D(x, G(x)), or -log D(G(x))
        return loss, {"L1": l1}

    updates = ([gu.Update("D", opt_d, d_step)] if adversarial else []) + [gu.Update("G", opt_g, g_step)]
    name = f"{mode}_{'unet' if skips else 'encdec'}_p{patch}_s{seed}".replace("+", "_")
    history = gu.fit({"G": G, "D": D}, updates, (edges["train"], data.x_train), steps=STEPS, batch_size=64, seed=seed,
                     desc=name, checkpoint=gu.checkpoint_path(f"ch10_{name}"), keep=["G"],
                     evaluate=lambda: evaluate(G, D, mode, seed))
    return G, history


RUNS = {"L1": dict(mode="L1"), "GAN": dict(mode="GAN"), "cGAN": dict(mode="cGAN"), "L1+GAN": dict(mode="L1+GAN"),
        "L1+cGAN": dict(), "L1+cGAN, 1×1 (PixelGAN)": dict(patch=1), "L1+cGAN, 16×16": dict(patch=16),
        "L1+cGAN, 34×34 (ImageGAN)": dict(patch=34), "encoder-decoder, L1": dict(mode="L1", skips=False),
        "encoder-decoder, L1+cGAN": dict(skips=False)}
models = {(name, seed): train(**kw, seed=seed) for name, kw in RUNS.items() for seed in SEEDS}
