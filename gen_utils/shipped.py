"""The manifest of shipped weights: run name -> (SHA-256 of its weights file or None where only the
record ships, SHA-256 of its record). Written by tools/pretrained.py; see gen_utils.pretrained."""

SHIPPED: dict[str, tuple[str | None, str]] = {
    'ch09_infogan_s0': ('f0c591d713ab4cf4c7c8458be0ddf18c7d93ef442c81f3138a52c5a93e09229c', 'ef87a22761f807225690c4bd77390df610c11731b32f720820b9197ea8b0df38'),
    'ch09_infogan_s1': (None, '3b9d72690dba664da6bbcf10908633607372f891460489c5d07c4c386d62eb97'),
    'ch09_infogan_s2': (None, '76d76115bb136c43ed6e564d7818a9442b8c5283a8a0fd0629f86a15a861a2ac'),
    'ch19_ddpm_s0': ('001f8df6f520766a2eea259e809dad5ea2fa94b982660f08c08d760fd9a22e9c', '6e2a683ab31782f68de2bb86bd50632cfa376b26788e4808068d51f7da8f9340'),
    'ch19_ddpm_s1': ('15e8bd90ecd254ea44951c0ec219001f65d0e8337b8404fc3a1e7176b98f3d17', '6004476d0083ac5da1bf7609eed4fd38a12578fb410ea70bfef901713844f8e9'),
}
