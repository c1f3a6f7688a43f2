Z, WIDTH = 100, 64
G, D = DCGANGenerator(Z, data.image_shape, width=WIDTH), DCGANDiscriminator(data.image_shape, width=WIDTH)
print(G, D, sep="\n")
mlp_run, mlp_why = gu.results.comparable("06_gan", data)               # chapter 6's networks, from its results file
mlp_g, mlp_d = ((mlp_run["numbers"]["generator_parameters"], mlp_run["numbers"]["discriminator_parameters"])
                if mlp_run and "generator_parameters" in mlp_run["numbers"] else ("–", "–"))
gu.report(f"""
| network | parameters | chapter 6's MLP (the GAN paper's) |
| --- | --- | --- |
| generator | {count_parameters(G):,} | {mlp_g if isinstance(mlp_g, str) else f"{mlp_g:,}"} |
| discriminator | {count_parameters(D):,} | {mlp_d if isinstance(mlp_d, str) else f"{mlp_d:,}"} |
""")
