"""Stage 2, the intermediate representation: the records every later stage reads
(``records``, re-exported here) and the modules that build them from a loaded spec (``build``
and its helpers: ``media``, ``modeldoc``, ``parameters``, ``rules``, ``security``,
``servers``).

Importing this package imports the records only, so later stages stay clear of the loader.
"""

from .records import *  # noqa: F403
from .records import __all__ as __all__
