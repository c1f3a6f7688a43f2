STYLE = 10
SEMI_EPOCHS = gu.budget(full=2, fast=1)             # 2 epochs x 8 runs keep the chapter within 15 CPU minutes
STEPS_PER_EPOCH = len(data.x_train) // 100


def train_categorical_aae(name, n_categories=10, n_labels=0, seed=0, adversarial_lr=1e-4, epochs=SEMI_EPOCHS,
                          adversarial=True, rec_lr=1e-3, input_noise=0.0, beta1=0.5):
    """AAE with a categorical code (and a style code); n_labels > 0 adds the semi-supervised phase and
    adversarial=False drops the two adversarial phases (an ablation). Returns the encoder and its history
    (test scores after every epoch in history.checks). `input_noise`: Gaussian noise of that standard deviation on
    every input of both discriminators; the phases' learning rates are their only weights (separate Adam optimisers)."""
    torch.manual_seed(seed)
    enc = MLPEncoder(n_categories + STYLE, data.image_shape).to(device)
    dec = MLPDecoder(n_categories + STYLE, data.image_shape).to(device)
    d_cat = CodeDiscriminator(n_categories, hidden=(512, 512)).to(device)
    d_style = CodeDiscriminator(STYLE, hidden=(512, 512)).to(device)
    opt_ae = torch.optim.Adam([*enc.parameters(), *dec.parameters()], lr=rec_lr)
    opt_d = torch.optim.Adam([*d_cat.parameters(), *d_style.parameters()], lr=adversarial_lr, betas=(beta1, 0.999))
    opt_g = torch.optim.Adam(enc.parameters(), lr=adversarial_lr, betas=(beta1, 0.999))

    def noisy(t):
        return t + input_noise * torch.randn_like(t) if input_noise else t

    def split(x):
        out = enc(x)
        return torch.softmax(out[:, :n_categories], 1), out[:, n_categories:], out[:, :n_categories]

    def reconstruction(x):
        y, z, _ = split(x)
        return bernoulli_nll(dec(torch.cat([y, z], 1)), x).mean()

    def discriminators(x):
        y, z, _ = split(x)
        cat_prior = F.one_hot(torch.randint(n_categories, (len(x),), device=device), n_categories).float()
        r1, f1 = d_cat(noisy(cat_prior)), d_cat(noisy(y.detach()))
        r2, f2 = d_style(noisy(torch.randn_like(z))), d_style(noisy(z.detach()))
        ones, zeros = torch.ones_like(r1), torch.zeros_like(r1)
        return bce(r1, ones) + bce(f1, zeros) + bce(r2, ones) + bce(f2, zeros)

    def generator(x):
        y, z, _ = split(x)
        f1, f2 = d_cat(noisy(y)), d_style(noisy(z))
        return bce(f1, torch.ones_like(f1)) + bce(f2, torch.ones_like(f2))

    updates = [gu.Update("rec", opt_ae, reconstruction)]
    if adversarial:
        updates += [gu.Update("D", opt_d, discriminators), gu.Update("G", opt_g, generator)]
    x_lab, y_lab = labelled_subset(n_labels) if n_labels else (None, None)
    if n_labels:
        opt_c = torch.optim.Adam(enc.parameters(), lr=1e-3)

        def classification(_):
            j = torch.randint(len(x_lab), (100,), device=device)
            return F.cross_entropy(split(x_lab[j])[2], y_lab[j])

        updates.append(gu.Update("clf", opt_c, classification))
    history = gu.fit({"enc": enc, "dec": dec, "d_cat": d_cat, "d_style": d_style}, updates, data.x_train,
                     epochs=epochs, batch_size=100, seed=seed, desc=name, callback=lambda step: scores_of(enc, n_categories, x_lab, y_lab),
                     callback_every=STEPS_PER_EPOCH,
                     checkpoint=gu.checkpoint_path(f"ch05_{name.replace(' ', '_')}_lr{adversarial_lr:g}_s{seed}"))
    return enc, history


def labelled_subset(n_labels):
    """The first n_labels / 10 training images of each class: a balanced labelled set."""
    per_class = n_labels // 10
    idx = torch.cat([(data.y_train == c).nonzero()[:per_class, 0] for c in range(10)])
    return data.x_train[idx], data.y_train[idx]


def predicted_category(enc, x, n_categories):
    return gu.map_batches(lambda b: enc(b)[:, :n_categories].argmax(1), x)


def scores_of(enc, n_categories, x_lab=None, y_lab=None):
    """Test error of the categories (each named by the majority label of its training images), how many are used,
    and the error on the labelled images, if any."""
    train_cat = predicted_category(enc, data.x_train, n_categories)
    names = torch.stack([torch.bincount(data.y_train[train_cat == k], minlength=10).argmax()
                         if (train_cat == k).any() else torch.tensor(0, device=device) for k in range(n_categories)])
    error = (names[predicted_category(enc, data.x_test, n_categories)] != data.y_test).float().mean().item()
    labelled = {} if x_lab is None else {"labelled error": (names[predicted_category(enc, x_lab, n_categories)] != y_lab).float().mean().item()}
    return {"error": error, "used": float(torch.unique(train_cat).numel()), **labelled}


def supervised_only(n_labels, seed, steps):
    """The same encoder trained as a classifier on the labelled images alone; its test error."""
    torch.manual_seed(seed)
    clf = MLPEncoder(10 + STYLE, data.image_shape).to(device)
    x_lab, y_lab = labelled_subset(n_labels)
    gu.fit(clf, gu.Update("clf", torch.optim.Adam(clf.parameters(), lr=1e-3), lambda b: F.cross_entropy(clf(b[0])[:, :10], b[1])),
           (x_lab, y_lab), steps=steps, batch_size=min(100, n_labels), seed=seed, progress=False)
    return (predicted_category(clf, data.x_test, 10) != data.y_test).float().mean().item()


