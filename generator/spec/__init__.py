"""Stage 1, the raw document: loading with positions (``loader``), the authoring rules
(``lint``) and the refusals that hold in every mode (``safety``).

Nothing after the IR imports this package (an import-linter contract in pyproject.toml).
"""
