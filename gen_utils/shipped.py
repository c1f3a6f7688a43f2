"""The manifest of shipped weights: run name -> (SHA-256 of its weights file or None where only the
record ships, SHA-256 of its record). Written by tools/pretrained.py; see gen_utils.pretrained."""

SHIPPED: dict[str, tuple[str | None, str]] = {
    'ch09_infogan_s0': ('f0c591d713ab4cf4c7c8458be0ddf18c7d93ef442c81f3138a52c5a93e09229c', 'ef87a22761f807225690c4bd77390df610c11731b32f720820b9197ea8b0df38'),
    'ch09_infogan_s1': (None, '3b9d72690dba664da6bbcf10908633607372f891460489c5d07c4c386d62eb97'),
    'ch09_infogan_s2': (None, '76d76115bb136c43ed6e564d7818a9442b8c5283a8a0fd0629f86a15a861a2ac'),
    'ch19_ddpm_s0': ('001f8df6f520766a2eea259e809dad5ea2fa94b982660f08c08d760fd9a22e9c', '40cb28fe2658f0e8b88a995cff2bd857da17e9051d218e6be679a7195cebd98a'),
    'ch19_ddpm_s1': ('15e8bd90ecd254ea44951c0ec219001f65d0e8337b8404fc3a1e7176b98f3d17', '6004476d0083ac5da1bf7609eed4fd38a12578fb410ea70bfef901713844f8e9'),
    'ch19_ddpm_s2': ('cb8e5943bc7ab795e4bf40dce0fbf6e9bd70025b8cf9ce16fbbd16719860b387', '3d3055f00ba0b24d51e3785675e41a807ed0ca2517b7048c41cd3595b6cd9661'),
}
