"""Stage 2, the intermediate representation: the records every later stage reads
(``records``, re-exported here) and the modules that build them from a loaded spec (``build``
and its helpers: ``document``, the model document being built; ``operations``; ``media``,
``modeldoc``, ``model_bases``, ``parameters``, ``rules``, ``security``, ``servers``,
``sharing``).

Importing this package imports the records only, so later stages stay clear of the loader.
"""

from .records import *  # noqa: F403
from .records import __all__ as __all__
