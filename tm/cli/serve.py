"""`tm serve`: the memory and glossary over HTTP; `tm serve token add|list|revoke` manages its tokens."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tm.cli._output import FormatOpt, MemoryOpt, OutputFormat, err, guarded, out, print_json, warn
from tm.server.app import Settings, prepare, run, tokens_path
from tm.server.auth import Role, Tokens

app = typer.Typer(help="Serve the memory and glossary over HTTP (JSON API, amaGama, a web page).")
token_app = typer.Typer(help="Tokens of the server: add, list, revoke.", no_args_is_help=True)
app.add_typer(token_app, name="token")

TokensOpt = Annotated[
    Path | None, typer.Option("--tokens", help="The tokens file (default: tokens.json next to the memory).")
]
GlossaryOpt = Annotated[
    Path | None, typer.Option("--glossary", "-g", help="Glossary file (default: the .tbx in ./glossaries).")
]


@app.callback(invoke_without_command=True)
@guarded
def serve_command(
    ctx: typer.Context,
    memory: MemoryOpt = None,
    glossary: GlossaryOpt = None,
    tokens: TokensOpt = None,
    host: Annotated[
        str, typer.Option(help="Address to bind; another than 127.0.0.1 exposes the server.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    workers: Annotated[int, typer.Option(help="Worker processes (one per core serves the most lookups).")] = 1,
    threads: Annotated[int, typer.Option(help="Threads per worker answering requests.")] = 8,
    public_read: Annotated[bool, typer.Option("--public-read", help="Allow reads without a token.")] = False,
    rate: Annotated[float, typer.Option(help="Requests a second per token (0: no limit).")] = 50.0,
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log", help="Log each request.")] = True,
) -> None:
    """Serve the memory over HTTP until Ctrl-C or SIGTERM.

    Example:

        tm serve token add alice --role write

        tm serve --memory .tm/memory.db --port 8765
    """
    if ctx.invoked_subcommand is not None:
        return
    settings = Settings(
        memory=str(memory) if memory else None,
        glossary=str(glossary) if glossary else None,
        tokens=str(tokens) if tokens else None,
        host=host,
        port=port,
        workers=workers,
        threads=threads,
        public_read=public_read,
        rate=rate,
        access_log=access_log,
    )
    temporary = prepare(settings)
    if host not in ("127.0.0.1", "localhost", "::1"):
        warn(f"listening on {host}: put a reverse proxy with TLS in front (tokens travel in a header)")
    err.print(f"tm: serving on http://{host}:{port}/ (tokens: {tokens_path(settings)})", markup=False)
    run(settings, temporary)


def _tokens(memory: str | None, tokens: Path | None) -> Tokens:
    settings = Settings(memory=str(memory) if memory else None, tokens=str(tokens) if tokens else None)
    return Tokens(tokens_path(settings))


@token_app.command("add")
@guarded
def token_add(
    name: Annotated[str, typer.Argument(help="Who or what the token is for.")],
    role: Annotated[Role, typer.Option(help="read, write or admin.")] = Role.READ,
    memory: MemoryOpt = None,
    tokens: TokensOpt = None,
) -> None:
    """Make a token and print it (once: only its hash is kept).

    Example:

        tm serve token add weblate --role read
    """
    out.print(_tokens(memory, tokens).add(name, role), markup=False)


@token_app.command("list")
@guarded
def token_list(memory: MemoryOpt = None, tokens: TokensOpt = None, format: FormatOpt = OutputFormat.text) -> None:
    """List the tokens: name, role, date (never the token).

    Example:

        tm serve token list
    """
    infos = _tokens(memory, tokens).list()
    if format is OutputFormat.json:
        print_json([{"name": i.name, "role": i.role.value, "created": i.created} for i in infos])
        return
    table = Table("name", "role", "created")
    for info in infos:
        table.add_row(info.name, info.role.value, info.created)
    out.print(table)


@token_app.command("revoke")
@guarded
def token_revoke(
    name: Annotated[str, typer.Argument(help="The token's name.")], memory: MemoryOpt = None, tokens: TokensOpt = None
) -> None:
    """Remove a token: a running server refuses it (401) from its next request.

    Example:

        tm serve token revoke weblate
    """
    info = _tokens(memory, tokens).revoke(name)
    err.print(f"revoked {info.name} ({info.role.value})", markup=False)
