gu.report(f"""
Moving a sample of class $a$ by $m_b - m_a$ made the classifier name the target class $b$ for
**{transfer[off].mean():.0%}** of the 50 most typical samples of each class (the median seed's generator), averaged over the {C * (C - 1)} ordered pairs of different classes;
a random direction of the same length did so for {control[off].mean():.0%}. The best pair,
{data.classes[a]} → {data.classes[b]}, succeeded {transfer[a, b]:.0%} of the time.
""")
