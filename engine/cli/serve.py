"""``critmin serve``: the JSON HTTP service and the web page (the optional ``serve`` extra).

FastAPI, uvicorn and the service's modules are imported only when the command runs, so that
``critmin score`` and the other commands start without them.
"""

from __future__ import annotations

import click

from critmin.cli.options import data_options
from critmin.errors import UsageError

TOKEN_ENV = "CRITMIN_TOKEN"
MAX_CONNECTIONS = 64  # requests in flight at once; more get 503 instead of piling up


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Any address but loopback (127.0.0.0/8, ::1, localhost) needs --token.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--token", envvar=TOKEN_ENV, metavar="TOKEN",
              help=f"Access token every API request must send as 'Authorization: Bearer TOKEN' "
                   f"(or set {TOKEN_ENV}); required to listen beyond loopback.")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info"]), default="info",
              show_default=True, help="How much the server logs (requests are logged at info).")
@data_options
def serve(host, port, token, log_level, facts_dir, rules_dir, sets) -> None:
    """Serve the JSON API (/api/…, described at /api/openapi.json) and the web page (/).

    Read-only: the facts and rules are loaded once, at start, and no file is ever written.
    """
    try:
        import uvicorn  # uvicorn: the optional serve extra, off the cold-start path

        from critmin.serve.app import create_app  # fastapi: the optional serve extra, as above
        from critmin.serve.guard import is_loopback  # as above
        from critmin.serve.library import Library  # numpy and the assistant, as above
    except ImportError as exc:
        raise UsageError(f"critmin serve needs the serve extra ({exc.name} is missing); install it with: "
                         "pip install 'critmin[serve]'") from None
    loopback = is_loopback(host)
    if not loopback and not token:
        raise UsageError(f"listening on {host} (not a loopback address) needs an access token: "
                         f"--token TOKEN or {TOKEN_ENV}")
    if token is not None and len(token.strip()) < 16:
        raise UsageError("--token: use at least 16 characters")
    library = Library(facts_dir, rules_dir, sets)  # bad data fails here, before listening
    app = create_app(library, token.strip() if token else None, loopback_only=loopback)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"critmin: serving on http://{shown}:{port}/ (API description: /api/openapi.json; Ctrl-C stops)"
               + ("; API requests need the token" if token else ""), err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, limit_concurrency=MAX_CONNECTIONS,
                timeout_keep_alive=5, server_header=False)


COMMANDS = [serve]
