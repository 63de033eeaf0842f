"""Stage 4, files: rendering templates (``render``), formatting (``formatting``), the in-memory
file set (``fileset``), the manifest (``manifest``), writing (``writer``), the drift check
(``drift``, ``uptodate``) and the index of generated packages (``index``)."""
