"""`hotspot-tui sync`: copies of one operation's database kept in step.

    sync checkout --from STATION.db --out LAPTOP.db    a copy that knows where it came from
    sync --db LAPTOP.db --with STATION.db              two-way, both files reachable
    sync export --db LAPTOP.db --out CHANGES.hsync     changes to carry by hand
    sync apply CHANGES.hsync --db FILE                 at the hub: apply and write the reply;
                                                       at the copy: apply the reply
    sync status / conflicts / resolve
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from hotspot_tui.cli.common import HotspotGroup, db_option, one_line, settings_from
from hotspot_tui.config import Settings
from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.ids import short_id


def _acting(settings: Settings, path: Path, needs: Permission) -> str:
    """Who acts on `path`: on a file with accounts, the person signs in first and their role
    must allow `needs`."""
    from hotspot_tui.services.maintenance import signed_in

    return signed_in(path, settings.user, settings.sign_in, needs)


@click.group(cls=HotspotGroup, invoke_without_command=True)
@db_option
@click.option("--with", "hub", metavar="HUB.db", help="The hub file this copy was checked out from.")
@click.pass_context
def sync(ctx: click.Context, db: str | None, hub: str | None) -> None:
    """Keep a laptop's (or a station PC's) copy and the station's hub file in step."""
    if ctx.invoked_subcommand is not None:
        if hub:
            raise click.UsageError("--with goes with `sync` alone, not with a sub-command")
        return
    if not hub:
        raise click.UsageError("say which hub file to sync with: --with STATION.db")
    from hotspot_tui.services.sync import sync_with_hub

    settings = settings_from(ctx, db)
    actor = _acting(settings, settings.db_path, Permission.SYNC)
    report = sync_with_hub(settings.db_path, Path(hub), actor)
    if report.nothing_to_do:
        click.echo("already in step: nothing to send or receive")
        return
    click.echo(f"sent {report.sent_rows} changes in {report.sent_batches} batches; "
               f"received {report.received_rows}")
    _conflict_lines(report.conflicts, report.refused, report.open_conflicts)


def _conflict_lines(found: int, refused: int, open_count: int) -> None:
    if found:
        click.echo(f"{found} conflicts found ({refused} changes refused); see `hotspot-tui sync conflicts`")
    elif open_count:
        click.echo(f"{open_count} conflicts still to resolve; see `hotspot-tui sync conflicts`")


@sync.command()
@click.option("--from", "source", required=True, metavar="STATION.db", help="The hub file.")
@click.option("--out", "out", required=True, metavar="LAPTOP.db", help="The new copy (must not exist).")
@click.pass_context
def checkout(ctx: click.Context, source: str, out: str) -> None:
    """Make a consistent copy of the hub file (safe while it is in use)."""
    from hotspot_tui.services.sync import checkout as do_checkout

    settings = settings_from(ctx)
    actor = _acting(settings, Path(source), Permission.SYNC)
    report = do_checkout(Path(source), Path(out), actor)
    click.echo(f"checked out {one_line(report.operation)} to {report.out} "
               f"(copy {short_id(report.copy_id)}); sync it with `hotspot-tui sync --db {report.out} "
               f"--with {source}`")


@sync.command()
@db_option
@click.option("--out", "out", required=True, metavar="CHANGES.hsync", help="The file to write (new).")
@click.pass_context
def export(ctx: click.Context, db: str | None, out: str) -> None:
    """Write this copy's changes not yet taken by the hub, to carry by hand."""
    from hotspot_tui.services.sync import export_changes

    settings = settings_from(ctx, db)
    _acting(settings, settings.db_path, Permission.SYNC)
    report = export_changes(settings.db_path, Path(out))
    click.echo(f"wrote {report.out}: {report.rows} changes in {report.batches} batches "
               f"({report.size:,} bytes); apply it with `hotspot-tui sync apply {report.out} "
               "--db STATION.db`")


@sync.command()
@click.argument("changes", metavar="CHANGES.hsync")
@db_option
@click.option("--reply", "reply", metavar="REPLY.hsync",
              help="Where the hub writes its reply (default: beside the changes file).")
@click.pass_context
def apply(ctx: click.Context, changes: str, db: str | None, reply: str | None) -> None:
    """At the hub: apply a copy's changes and write the reply to take back.
    At the copy: apply the hub's reply."""
    from hotspot_tui.services.sync import apply_file

    settings = settings_from(ctx, db)
    actor = _acting(settings, settings.db_path, Permission.SYNC)
    report = apply_file(Path(changes), settings.db_path, actor,
                        Path(reply) if reply else None)
    if report.role == "hub":
        click.echo(f"applied {report.rows_in} changes in {report.batches} batches; wrote the reply "
                   f"{report.reply} ({report.reply_size:,} bytes): apply it on the copy with "
                   f"`hotspot-tui sync apply {report.reply} --db COPY.db`")
        _conflict_lines(report.conflicts, report.refused, 0)
    elif report.nothing_to_do:
        click.echo("this reply is already applied: nothing changed")
    else:
        click.echo(f"applied the hub's reply: {report.rows_in} changes")
        _conflict_lines(0, 0, report.conflicts)


@sync.command()
@click.argument("folder", metavar="FOLDER")
@db_option
@click.pass_context
def inbox(ctx: click.Context, folder: str, db: str | None) -> None:
    """At the hub: apply every copy's changes file in FOLDER (a shared folder the station's
    PCs export to) and write each reply beside it."""
    from hotspot_tui.services.sync import apply_inbox

    settings = settings_from(ctx, db)
    actor = _acting(settings, settings.db_path, Permission.SYNC)
    results = apply_inbox(Path(folder), settings.db_path, actor)
    if not results:
        click.echo(f"no changes files in {folder}")
    for path, result in results:
        if isinstance(result, str):
            click.echo(f"{path.name}: not applied: {one_line(result)}")
        else:
            click.echo(f"{path.name}: {result.rows_in} changes applied, reply {result.reply}"
                       + (f", {result.conflicts} conflicts" if result.conflicts else ""))


@sync.command()
@db_option
@click.option("--with", "hub", metavar="HUB.db", help="The hub file (default: the one it came from).")
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
@click.pass_context
def status(ctx: click.Context, db: str | None, hub: str | None, as_json: bool) -> None:
    """What is waiting to be sent and received, and the conflicts still open."""
    from hotspot_tui.services.sync import status as sync_status
    from hotspot_tui.services.sync_view import local_time

    settings = settings_from(ctx, db)
    _acting(settings, settings.db_path, Permission.READ)
    report = sync_status(settings.db_path, Path(hub) if hub else None)
    if as_json:
        click.echo(json.dumps(report.__dict__, default=str, indent=2))
        return
    if report.role == "unsynced":
        click.echo("this database has never synced; `hotspot-tui sync checkout` makes a copy of it")
        return
    if report.role == "hub":
        click.echo(f"hub {short_id(report.copy_id) if report.copy_id else ''}: "
                   f"{report.to_send_rows} changes made here since the last sync")
        for peer in report.peers:
            click.echo(f"  copy {short_id(peer['copy_id'])}: last sync {local_time(peer['last_sync_at'])}"
                       f"  {one_line(peer['path'] or '')}")
    else:
        click.echo(f"copy of {one_line(report.hub_path or '?')}; last sync {local_time(report.last_sync_at)}")
        click.echo(f"  to send: {report.to_send_rows} changes")
        waiting = "unknown (hub not reachable)" if report.to_receive_rows is None \
            else f"{report.to_receive_rows} changes"
        click.echo(f"  to receive: {waiting}")
    click.echo(f"  conflicts to resolve: {report.open_conflicts}")


@sync.command()
@db_option
@click.option("--all", "include_resolved", is_flag=True, help="Resolved ones too.")
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
@click.pass_context
def conflicts(ctx: click.Context, db: str | None, include_resolved: bool, as_json: bool) -> None:
    """The conflicts syncs found, each with both versions."""
    from hotspot_tui.services.sync import list_conflicts

    settings = settings_from(ctx, db)
    _acting(settings, settings.db_path, Permission.READ)
    found = list_conflicts(settings.db_path, include_resolved=include_resolved)
    if as_json:
        click.echo(json.dumps(found, default=str, indent=2))
        return
    if not found:
        click.echo("no conflicts to resolve")
        return
    from hotspot_tui.services.sync_view import describe_conflict

    for conflict in found:
        for line in describe_conflict(conflict):
            click.echo(one_line(line))
        click.echo("")


@sync.command()
@click.argument("conflict_id", metavar="ID")
@click.option("--keep", "choice", required=True, type=click.Choice(["here", "there", "both"]),
              help="here: the hub's version; there: the other copy's; both (overlaps only).")
@click.option("--reason", default=None, help="Why (kept in the audit trail).")
@db_option
@click.pass_context
def resolve(ctx: click.Context, conflict_id: str, choice: str, reason: str | None, db: str | None) -> None:
    """Choose a version for a conflict; the choice is audited and travels at the next sync."""
    from hotspot_tui.services.sync import resolve as do_resolve
    from hotspot_tui.services.sync_access import RESOLVING

    settings = settings_from(ctx, db)
    actor = _acting(settings, settings.db_path, RESOLVING)
    conflict = do_resolve(settings.db_path, conflict_id, choice, actor, reason)
    click.echo(f"resolved conflict {conflict['id']}: kept {choice}")
