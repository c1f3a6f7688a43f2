BOOK = EPOCHS >= 100                                          # the book budget's runs, trained or shipped
early = {s: min(r["history"]["D(G(z))"][:max(len(r["history"]["D(G(z))"]) // 20, 1)]) for s, r in gan_runs.items()}
if BOOK:        # the sentences of the text, checked against the runs they describe
    assert max(early.values()) < 0.1, f"the text says the discriminator wins early on the images: {early}"
    pass  # TODO: the MNIST reading's claims
