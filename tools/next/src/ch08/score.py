def score_terms(x):
    """H(y) of the judge's mean class probabilities, E_x H(y|x), the score they give, and the class shares."""
    probs = gu.metrics.classifier_embedding(classifier, x, value_range=(-1, 1))[1].double()
    shares = probs.mean(0)
    h_y = -(shares * shares.clamp_min(1e-12).log()).sum().item()
    h_y_x = -(probs * probs.clamp_min(1e-12).log()).sum(1).mean().item()
    unsure = (probs.max(1).values < 0.9).float().mean().item()
    score = float(torch.tensor(h_y - h_y_x).exp())
    assert abs(score - gu.metrics.classifier_score(probs)) < 1e-3 * score, \
        "log score = H(y) - E H(y|x) does not give back the judge's score"
    return {"H(y)": h_y, "E H(y|x)": h_y_x, "score": score, "shares": shares.tolist(), "unsure": unsure}


terms = {f"DCGAN samples (seed {median_seed})": score_terms(generate(G, N_SAMPLES, Z)), "test images": score_terms(data.x_test)}
gu.report("| images | $H(y)$ (of $\\ln 10$ = " + f"{float(torch.tensor(10.0).log()):.3f}) | " + "$\\mathbb E_x H(y\\mid x)$ | score | "
          "class shares | read with probability < 0.9 |\n| --- | --- | --- | --- | --- | --- |\n"
          + "\n".join(f"| {k} | {t['H(y)']:.3f} | "
                      f"{t['E H(y|x)']:.3f} | {t['score']:.2f} | {min(t['shares']):.1%}–{max(t['shares']):.1%} | "
                      f"{t['unsure']:.1%} |" for k, t in terms.items()))
