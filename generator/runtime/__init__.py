"""The runtime every generated package carries, as ordinary Python.

These modules (all but this ``__init__``) are copied verbatim into each package's
``src/<package>/``, after a provenance line; they import each other relatively, so a vendored,
renamed package keeps working. Here they are linted, type-checked and unit-tested directly.
"""
