MNIST_STEPS = gu.budget(book=12_000, laptop=700, fast=10)
BATCH, LR, ALPHA, CHANNELS, BUFFER = 64, 1e-4, 0.1, 16, 8192
K, STEP, NOISE, CLIP, DATA_NOISE = 60, 10.0, 0.005, 0.03, 0.005
GRAD_NORM, LR_DECAY = 0.1, 0.97                    # the UvA tutorial: parameter gradients clipped, lr x 0.97 per epoch
TRAIN_IMAGES = 50_000     # an epoch of the lr decay: the whole training split in every budget (fast mode caps the data)


def decay_per_epoch(opt, updates_per_epoch):
    """lr = LR * LR_DECAY^(finished epochs), the tutorial's StepLR; the count lives in the optimizer's state."""
    def after_update():
        for group in opt.param_groups:
            group["updates"] = group.get("updates", 0) + 1
            group["lr"] = LR * LR_DECAY ** (group["updates"] // updates_per_epoch)
    return after_update


def short_run(net, x, steps):
    """Chapter 18's short-run sampler: Langevin steps with clipped gradients and little noise, clamped to [-1, 1]."""
    return ebm.langevin(net, x, steps, STEP, noise_std=NOISE, grad_clip=CLIP, value_range=(-1, 1))


def train_mnist(seed, alpha=ALPHA, steps=MNIST_STEPS):
    """Train (or load) one energy with contrastive divergence and a replay buffer."""
    torch.manual_seed(seed)
    net = ebm.EnergyCNN(CHANNELS, data.image_shape).to(device)
    buffer = ebm.ReplayBuffer(BUFFER, data.image_shape, value_range=(-1, 1), reinit=0.05, seed=seed).to(device)
    opt = torch.optim.Adam(net.parameters(), lr=LR, betas=(0.0, 0.999))

    def loss(x):
        x = (x + DATA_NOISE * torch.randn_like(x)).clamp(-1, 1)
        starts, slots = buffer.draw(len(x))
        x_model = short_run(net, starts, K)
        buffer.store(slots, x_model)
        e_data, e_model = net(torch.cat([x, x_model])).chunk(2)
        return cd_loss(e_data, e_model, alpha), {"E(data)": e_data.mean().detach(), "E(model)": e_model.mean().detach()}

    update = gu.Update("contrastive divergence", opt, loss, clip_grad_norm=GRAD_NORM,
                       after_step=decay_per_epoch(opt, TRAIN_IMAGES // BATCH))
    history = gu.fit({"energy": net, "buffer": buffer}, update, data.x_train,
                     steps=steps, batch_size=BATCH, seed=seed, desc=f"EBM, α = {alpha}, seed {seed}", cuda_graph=False,
                     log_every=max(1, steps // 40), checkpoint=gu.checkpoint_path(f"ch18_ebm_a{alpha}_s{seed}"))
    return net, buffer, history


nets, buffers, histories = {}, {}, {}
for seed in SEEDS:
    nets[seed], buffers[seed], histories[seed] = train_mnist(seed)
print(f"{gu.models.count_parameters(nets[0]):,} parameters")

fig, ax = plt.subplots(figsize=(8, 3.6))
for seed in SEEDS:
    h = histories[seed]
    ax.plot(h.steps, h["E(data)"], color=f"C{seed}", label=f"E(data), seed {seed}")
    ax.plot(h.steps, h["E(model)"], "--", color=f"C{seed}", label=f"E(samples), seed {seed}")
ax.set(xlabel="update", ylabel="mean energy of the batch", title="contrastive divergence on MNIST")
ax.legend(fontsize=7, ncol=3)
plt.show()