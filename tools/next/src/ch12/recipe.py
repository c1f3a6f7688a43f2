Z, CLIP, WIDTH, BATCH = 100, 0.01, 64, 64
WARMUP_CRITIC = 100             # critic steps per generator step while the critic catches up


def critic_schedule(step):
    """The authors' n_critic: WARMUP_CRITIC for the first 25 generator steps and every 500th, else 5."""
    return WARMUP_CRITIC if step < 25 or step % 500 == 0 else 5


def make_wgan(seed):
    torch.manual_seed(seed)
    G = DCGANGenerator(Z, data.image_shape, width=WIDTH).to(device)
    critic = DCGANDiscriminator(data.image_shape, width=WIDTH).to(device)     # batch norm, as the authors' critic
    dcgan_init(G), dcgan_init(critic)
    return G, critic


def wgan_updates(G, critic):
    """The critic's steps (each followed by clipping) on the authors' schedule, then the generator's step."""
    opt_critic = torch.optim.RMSprop(critic.parameters(), lr=5e-5)
    opt_g = torch.optim.RMSprop(G.parameters(), lr=5e-5)

    def clip_weights():
        """Keep every critic parameter, batch norm's included, in [-c, c]."""
        with torch.no_grad():
            for p in critic.parameters():
                p.clamp_(-CLIP, CLIP)

    def critic_step(x):
        fake = G(torch.randn(len(x), Z, device=device)).detach()
        loss = wasserstein_critic_loss(critic(x), critic(fake))       # -(E f(x) - E f(G(z)))
        return loss, {"W estimate": -loss}

    def generator_step(x):
        return -critic(G(torch.randn(len(x), Z, device=device))).mean()   # climb the critic's value

    clip_weights()
    return [gu.Update("critic", opt_critic, critic_step, repeats=critic_schedule, max_repeats=WARMUP_CRITIC,
                      after_step=clip_weights), gu.Update("G", opt_g, generator_step)]


steps_at = [critic_schedule(t) for t in range(2000)]
assert steps_at[:25] == [WARMUP_CRITIC] * 25 and steps_at[25:30] == [5] * 5 and steps_at[500] == steps_at[1000] == WARMUP_CRITIC
print(f"The first 2,000 generator steps take {sum(steps_at):,} critic steps ({sum(steps_at) / 2000:.2f} per generator step).")
