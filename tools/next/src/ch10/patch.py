def measured_receptive_field(D, size=96):
    """Side of the input region the centre logit depends on: the extent of its non-zero input gradient."""
    D.eval()                                                    # fixed batch-norm statistics: no mixing across positions
    canvas = torch.randn(1, D.in_channels, size, size, requires_grad=True)
    out = D.net(canvas)                                          # the layers, on a canvas larger than 28×28
    out[0, 0, out.shape[-2] // 2, out.shape[-1] // 2].backward()
    rows = (canvas.grad.abs().sum((0, 1, 3)) > 0).nonzero()
    cols = (canvas.grad.abs().sum((0, 1, 2)) > 0).nonzero()
    return int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1)


WIDTH = 32                       # channels of the first level (then twice and four times as many), in G and in D
for patch in PatchGAN.PATCHES:
    D = PatchGAN(patch=patch, width=WIDTH)
    out = D(edges["test"][:1].cpu(), data.x_test[:1].cpu())
    measured = measured_receptive_field(D)
    assert measured == (receptive_field(D),) * 2 == (patch, patch), f"patch {patch}: formula {receptive_field(D)}, measured {measured}"
    print(f"{patch}×{patch} patches ({patch / 28:.0%} of the image's side): {out.shape[-2]}×{out.shape[-1]} judgements "
          f"per image, {count_parameters(D):,} parameters")
