"""The commands beyond validate and schema: one module per family, each registering on the app."""
