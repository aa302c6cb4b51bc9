"""The pluggy markers, in a module of their own so built-ins can import them early."""

import pluggy

PROJECT = "rekrytera"

hookspec = pluggy.HookspecMarker(PROJECT)
#: Marks a function in a plugin as the implementation of a hook (``@rekrytera.hookimpl``).
hookimpl = pluggy.HookimplMarker(PROJECT)
