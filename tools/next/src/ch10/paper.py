PAPER = {"table 1, losses (U-Net, 70×70)": {"L1": 0.42, "GAN": 0.22, "cGAN": 0.57, "L1+GAN": 0.64, "L1+cGAN": 0.66,
                                             "ground truth photos": 0.80},
         "table 2, generators (batch 10)": {"encoder-decoder, L1": 0.35, "encoder-decoder, L1+cGAN": 0.29,
                                            "U-Net, L1": 0.48, "U-Net, L1+cGAN": 0.55},
         "table 3, patches (L1+cGAN)": {"1×1": 0.39, "16×16": 0.65, "70×70": 0.66, "286×286": 0.42}}
gu.report("\n\n".join(f"| {table} | per-pixel accuracy |\n| --- | --- |\n" + "\n".join(f"| {k} | {v:.2f} |" for k, v in rows.items())
                      for table, rows in PAPER.items()))
