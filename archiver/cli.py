"""`archiver`: everything that is not `scrapy crawl`. A thin click layer over the modules."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

DEFAULT_DB = "data/archive.db"


def db_option(function):  # type: ignore[no-untyped-def]
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=lambda: os.environ.get("ARCHIVER_DB", DEFAULT_DB),
        show_default=f"$ARCHIVER_DB or {DEFAULT_DB}",
        help="SQLite archive file.",
    )(function)


@click.group()
@click.version_option(package_name="vn-archive")
def main() -> None:
    """Archive Vietnamese public-sector news portals: crawl, serve, export."""


@main.command("demo-site")
@click.option("--port", type=int, default=0, show_default=True, help="Port on 127.0.0.1 (0 picks a free one).")
@click.option("--articles", type=click.IntRange(min=1), default=300, show_default=True)
@click.option("--videos", type=click.IntRange(min=1), default=40, show_default=True)
@click.option("--seed", type=int, default=2023, show_default=True, help="Same seed, same portal.")
@click.option(
    "--day",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Day 2, 3, … add articles, grow views, edit and take down a few (re-crawl to see history).",
)
def demo_site(port: int, articles: int, videos: int, seed: int, day: int) -> None:
    """Serve the bundled demo portal on 127.0.0.1 in the foreground.

    Example: archiver demo-site --port 8070 --articles 500 --day 2
    """
    from archiver.demo.generator import build_site
    from archiver.demo.server import serve_forever

    site = build_site(seed=seed, articles=articles, videos=videos, day=day)
    click.echo(f"demo portal day {day}: {len(site.articles)} articles, {len(site.videos)} videos (seed {seed})")
    serve_forever(site, port=port, on_ready=lambda url: click.echo(f"serving {url}  (Ctrl-C stops)"))


@main.command()
@click.option("--site", default="demo", show_default=True, help="Site profile name (archiver/profiles/NAME.toml).")
@click.option("--base-url", help="Root URL of the portal; defaults to the profile's.")
@click.option(
    "--log-level", default="INFO", show_default=True, type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"])
)
@click.option("--spider", "spiders", multiple=True, type=click.Choice(["news", "videos"]), help="Only these spiders.")
@db_option
def crawl(site: str, base_url: str | None, log_level: str, spiders: tuple[str, ...], db_path: Path) -> None:
    """Crawl a portal with the news and videos spiders into the archive.

    Same as `scrapy crawl news -a site=SITE -a base_url=URL` (and videos).

    Example: archiver crawl --site demo --base-url http://127.0.0.1:8070
    """
    from archiver.crawl import SPIDERS, run_crawl

    reasons = run_crawl(site, base_url, db_path, spiders or SPIDERS, {"LOG_LEVEL": log_level})
    _print_summary(db_path, site)
    if any(reason != "finished" for reason in reasons.values()):
        raise click.ClickException(f"crawl did not finish: {reasons}")


@main.command()
@db_option
@click.option("--port", type=int, default=8001, show_default=True)
def serve(db_path: Path, port: int) -> None:
    """Serve the archive with Datasette on 127.0.0.1.

    Example: archiver serve --db data/archive.db --port 8001
    """
    from archiver.serve import serve as run_datasette

    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist: crawl first (archiver crawl or make demo)")
    click.echo(f"Datasette on http://127.0.0.1:{port}  (Ctrl-C stops)")
    sys.exit(run_datasette(db_path, port=port))


@main.command()
@db_option
@click.option("--serve/--no-serve", "then_serve", default=True, help="Serve Datasette after the crawl.")
@click.option("--port", type=int, default=8001, show_default=True, help="Datasette port.")
@click.option("--articles", type=click.IntRange(min=1), default=300, show_default=True)
@click.option("--videos", type=click.IntRange(min=1), default=40, show_default=True)
@click.option("--seed", type=int, default=2023, show_default=True)
@click.option(
    "--log-level", default="WARNING", show_default=True, type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"])
)
def demo(db_path: Path, then_serve: bool, port: int, articles: int, videos: int, seed: int, log_level: str) -> None:
    """Start the demo portal, crawl it, print a summary, then serve Datasette.

    Records of earlier demo runs (site "demo") are replaced; other sites are untouched.

    Example: archiver demo --no-serve
    """
    from archiver.crawl import run_crawl
    from archiver.demo.generator import build_site
    from archiver.demo.server import DemoServer
    from archiver.store import Archive

    archive = Archive(db_path)
    for warc_file in archive.delete_site("demo"):
        (db_path.parent / warc_file).unlink(missing_ok=True)
    archive.close()
    site = build_site(seed=seed, articles=articles, videos=videos)
    with DemoServer(site) as portal:
        click.echo(f"demo portal on {portal.base_url}: {len(site.articles)} articles, {len(site.videos)} videos")
        reasons = run_crawl("demo", portal.base_url, db_path, overrides={"LOG_LEVEL": log_level})
    _print_summary(db_path, "demo")
    if any(reason != "finished" for reason in reasons.values()):
        raise click.ClickException(f"crawl did not finish: {reasons}")
    if then_serve:
        from archiver.serve import serve as run_datasette

        click.echo(f"Datasette on http://127.0.0.1:{port}  (Ctrl-C stops)")
        sys.exit(run_datasette(db_path, port=port))


@main.command()
@db_option
@click.option("--site", help="Only this site.")
def report(db_path: Path, site: str | None) -> None:
    """Print what the archive holds.

    Example: archiver report --site demo
    """
    _print_summary(db_path, site)


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("--site", help="Only this site.")
@click.option("--since", help="Published on or after (YYYY-MM-DD or ISO datetime).")
@click.option("--until", help="Published on or before (YYYY-MM-DD) / before (ISO datetime).")
@click.option("--category", help="Only this category, exactly as stored.")
@click.option("--search", help="Full-text query over title, summary and body.")
@click.option(
    "--bom/--no-bom", default=True, show_default=True, help="UTF-8 byte-order mark so Excel reads Vietnamese."
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Output file (- for stdout)."
)
def export(
    db_path: Path,
    fmt: str,
    site: str | None,
    since: str | None,
    until: str | None,
    category: str | None,
    search: str | None,
    bom: bool,
    out: Path,
) -> None:
    """Export articles as CSV (opens in Excel) or JSON Lines.

    Example: archiver export --format csv --site demo --out data/exports/demo.csv
    """
    from sqlite_utils import Database

    from archiver.export import ExportFilter, article_rows, write_csv, write_jsonl

    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist")
    db = Database(db_path)
    rows = article_rows(db, ExportFilter(site, since, until, category, search))
    stream = sys.stdout if str(out) == "-" else out.open("w", encoding="utf-8", newline="")
    try:
        count = write_csv(rows, stream, bom=bom) if fmt == "csv" else write_jsonl(rows, stream)
    finally:
        if stream is not sys.stdout:
            stream.close()
    click.echo(f"{count} articles written to {out}", err=True)


@main.command()
@db_option
@click.option("--site", help="Only this site.")
@click.option("--since", help="Only pages fetched on or after this date (YYYY-MM-DD).")
@click.option("--dry-run", is_flag=True, help="Report what would change, write nothing.")
def reprocess(db_path: Path, site: str | None, since: str | None, dry_run: bool) -> None:
    """Re-extract articles and videos from their WARC captures with today's profiles and normalisers.

    No network: every page comes from data/warc. Prints how many records changed, per field.

    Example: archiver reprocess --site demo --dry-run
    """
    from archiver.reprocess import reprocess as run_reprocess

    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist")
    report = run_reprocess(db_path, site=site, since=since, dry_run=dry_run)
    click.echo("\n".join(report.lines()))


@main.command("show-capture")
@db_option
@click.argument("url")
@click.option("--list", "list_all", is_flag=True, help="List every capture of URL instead of printing one.")
def show_capture(db_path: Path, url: str, list_all: bool) -> None:
    """Print the raw archived HTTP response for URL (status line, headers, body), from WARC.

    Example: archiver show-capture http://127.0.0.1:8070/tin-tuc/tin-hoat-dong/hoi-nghi-1042.html
    """
    from sqlite_utils import Database

    from archiver.capture import CaptureError, read_capture
    from archiver.store import captures_of

    captures = captures_of(Database(db_path), url)
    if not captures:
        raise click.ClickException(f"no capture of {url} in {db_path}")
    if list_all:
        for row in captures:
            click.echo(f"{row['fetched_at']}  {row['status']}  {row['warc_file']}@{row['offset']}  {row['id']}")
        return
    row = captures[0]
    try:
        stored = read_capture(db_path.parent / row["warc_file"], row["offset"], row["length"])
    except CaptureError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"# {row['warc_file']}@{row['offset']} {stored.record_id} {stored.warc_date}", err=True)
    click.echo(f"HTTP {stored.status}")
    for name, value in stored.headers:
        click.echo(f"{name}: {value}")
    click.echo()
    sys.stdout.flush()
    sys.stdout.buffer.write(stored.body)


def _print_summary(db_path: Path, site: str | None) -> None:
    from sqlite_utils import Database

    from archiver.report import format_summary, summarize

    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist")
    click.echo(format_summary(summarize(Database(db_path), site)))


if __name__ == "__main__":
    main()
