"""The manifest of shipped weights: run name -> (SHA-256 of its weights file or None where only the
record ships, SHA-256 of its record). Written by tools/pretrained.py; see gen_utils.pretrained."""

SHIPPED: dict[str, tuple[str | None, str]] = {
}
