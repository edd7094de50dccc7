"""Plain-Python core of the wizard. Nothing under this package may import Qt (import-linter enforces it)."""
