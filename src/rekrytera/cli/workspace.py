"""The panel's workspace: ``rekrytera invite`` (links) and ``rekrytera serve`` (the web app)."""

from __future__ import annotations

import argparse
import ipaddress
import json
import sys
from pathlib import Path

from .._i18n import N_, _, ngettext
from .._table import table
from ..exceptions import RekryteraError
from ..exporters import Store
from ..model import Role
from ..workspace import Workspace
from ._common import EXIT_OK, Command, Reported, add_format, add_skip_policy, print_problems

__all__ = ["INVITE", "SERVE"]


def _store(path: str) -> Store:
    if not Path(path).is_file():
        raise RekryteraError(
            _("no store at {path}; make one with 'rekrytera export FILE --to {path}'").format(
                path=path
            )
        )
    return Store(path)


def _invite_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("store", metavar="STORE", help=_("a .sqlite store (rekrytera export)"))
    parser.add_argument(
        "recruitment", metavar="RECRUITMENT_ID", help=_("the id of a recruitment in the store")
    )
    parser.add_argument(
        "--base-url",
        default="http://127.0.0.1:8000",
        metavar="URL",
        help=_("where the workspace is served (default: http://127.0.0.1:8000)"),
    )
    parser.add_argument(
        "--panelist",
        action="append",
        default=[],
        metavar="ID",
        help=_("a link for this panelist only; may be repeated (default: the whole panel)"),
    )
    parser.add_argument(
        "--revoke", metavar="PANELIST", help=_("revoke the links of PANELIST instead")
    )
    parser.add_argument(
        "--valid-days",
        type=float,
        default=30.0,
        metavar="N",
        help=_("links stop working N days after the decision is recorded (default: 30)"),
    )
    add_format(parser, ["text", "json"])


def _run_invite(args: argparse.Namespace) -> int:
    with _store(args.store) as store:
        ws = Workspace(store)
        try:
            rec = store.get(args.recruitment)
        except KeyError:
            raise RekryteraError(
                _("{store} has no recruitment {id!r}; it has: {ids}").format(
                    store=args.store, id=args.recruitment, ids=", ".join(store.ids()) or _("none")
                )
            ) from None
        known = {p.id for p in rec.panel}
        for panelist in [*args.panelist, *([args.revoke] if args.revoke else [])]:
            if panelist not in known:
                raise RekryteraError(
                    _("no panelist {panelist!r} in {id}; the panel: {panel}").format(
                        panelist=panelist, id=args.recruitment, panel=", ".join(sorted(known))
                    )
                )
        if args.revoke:
            count = ws.revoke(args.recruitment, args.revoke)
            print(
                ngettext(
                    "{panelist}: {n} link revoked", "{panelist}: {n} links revoked", count
                ).format(panelist=args.revoke, n=count)
            )
            return EXIT_OK
        made = ws.invite(args.recruitment, args.panelist or None, valid_days=args.valid_days)
    rows = [
        {"panelist": i.panelist, "role": i.role.value, "url": i.url(args.base_url)} for i in made
    ]
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        header = [_("panelist"), _("role"), _("link")]
        shown = [[r["panelist"], Role(r["role"]).label, r["url"]] for r in rows]
        print(table(header, shown, right=set()))
    return EXIT_OK


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("store", metavar="STORE", help=_("a .sqlite store (rekrytera export)"))
    parser.add_argument(
        "--port", type=int, default=8000, metavar="N", help=_("the port (default: 8000)")
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="H",
        help=_("the address to listen on (default: 127.0.0.1, this machine only)"),
    )
    add_skip_policy(parser)


def _run_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from ..web import Settings, create_app
    except ImportError as e:
        raise RekryteraError(
            _(
                "serve needs the web extra ({module} is missing): pip install 'rekrytera[web]'"
            ).format(module=e.name)
        ) from None
    _store(args.store).close()
    if not _loopback(args.host):
        print(
            _(
                "rekrytera: serving on {host}: other machines can reach the workspace. "
                "It speaks plain HTTP; TLS must come from the municipality's reverse proxy."
            ).format(host=args.host),
            file=sys.stderr,
        )
    from ..exceptions import PolicyViolation

    try:
        app = create_app(
            args.store, settings=Settings(lang=args.lang, skip_policies=args.skip_policy)
        )
    except PolicyViolation as e:
        print_problems(args.store, e.problems, sys.stderr, prefix=False)
        raise Reported from None
    print(
        _("rekrytera: the workspace is at {url}").format(url=f"http://{args.host}:{args.port}/"),
        file=sys.stderr,
    )
    # No access log: a link's path holds its token. The app logs route templates only.
    uvicorn.run(app, host=args.host, port=args.port, access_log=False, log_level="warning")
    return EXIT_OK


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


INVITE = Command(
    "invite",
    N_("make a personal link for each panelist of a recruitment in a store"),
    N_(
        "Print one personal link per panelist (or revoke a panelist's links). A link holds "
        "at least 256 random bits; the store keeps only its hash; it stops working when "
        "revoked or --valid-days after the decision."
    ),
    _invite_arguments,
    _run_invite,
)

SERVE = Command(
    "serve",
    N_("serve the panel's workspace (a local web app) on a store"),
    N_(
        "Serve the workspace where panelists prepare, rate sealed, calibrate and the chair "
        "decides. Binds 127.0.0.1 unless --host says otherwise. Needs 'rekrytera[web]'."
    ),
    _serve_arguments,
    _run_serve,
)
