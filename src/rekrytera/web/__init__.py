"""The panel's workspace as a web application: ``rekrytera serve``.

Needs the extra ``rekrytera[web]`` (Starlette, Jinja2, uvicorn,
python-multipart). The library never imports this package; it uses the
library's public API (:class:`~rekrytera.exporters.Store`,
:mod:`rekrytera.workspace`, :func:`rekrytera.privacy.view`,
``rekrytera.report``).
"""

from ._app import Settings
from ._factory import create_app

__all__ = ["Settings", "create_app"]
