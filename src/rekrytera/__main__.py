"""``python -m rekrytera`` works like the ``rekrytera`` command."""

from .cli import main

raise SystemExit(main())
