"""Stage 3b, the generated test suites: what each package's tests check, planned from the IR
alone (``plan``), and the accept/reject cases derived from its schemas (``cases``)."""
