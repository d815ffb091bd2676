"""`archiver`: everything that is not `scrapy crawl`. A thin click layer over the modules."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from archiver.demo.faults import FAULTS
from archiver.demo.variants import DEFAULT_VARIANT, VARIANT_NAMES

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
@click.option(
    "--faults",
    default="",
    metavar="NAME[,NAME…]",
    callback=lambda ctx, param, value: _fault_names(value),
    help="Misbehave on purpose (off by default): " + ", ".join(FAULTS) + ".",
)
@click.option(
    "--variant",
    type=click.Choice(VARIANT_NAMES),
    default=DEFAULT_VARIANT,
    show_default=True,
    help="CMS layout of the portal (same content, other markup and URLs).",
)
def demo_site(
    port: int, articles: int, videos: int, seed: int, day: int, faults: frozenset[str], variant: str
) -> None:
    """Serve the bundled demo portal on 127.0.0.1 in the foreground.

    Example: archiver demo-site --port 8070 --articles 500 --day 2

    Example: archiver demo-site --variant nukeviet --port 8070

    Example: archiver demo-site --port 8070 --faults retry-503,error-500,gzip-bomb
    """
    from archiver.demo.generator import build_site
    from archiver.demo.server import serve_forever
    from archiver.demo.variants import layout

    site = build_site(seed=seed, articles=articles, videos=videos, day=day, variant=variant)
    click.echo(f"demo portal day {day}: {len(site.articles)} articles, {len(site.videos)} videos (seed {seed})")
    click.echo(f"layout {variant}: crawl it with the site profile {layout(variant).profile!r}")
    if faults:
        click.echo(f"faults on: {', '.join(sorted(faults))}")
    serve_forever(site, port=port, on_ready=lambda url: click.echo(f"serving {url}  (Ctrl-C stops)"), faults=faults)


def _fault_names(value: str) -> frozenset[str]:
    from archiver.demo.faults import parse_fault_names

    try:
        return parse_fault_names(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@main.command()
@click.argument("start_url", required=False)
@click.option(
    "--site",
    help="Site profile name (archiver/profiles/NAME.toml) [default: demo; with START_URL: the URL's host].",
)
@click.option("--base-url", help="Root URL of the portal; defaults to the profile's.")
@click.option(
    "--log-level", default="INFO", show_default=True, type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"])
)
@click.option("--spider", "spiders", multiple=True, type=click.Choice(["news", "videos"]), help="Only these spiders.")
@click.option("--full", is_flag=True, help="Walk every listing page and re-fetch every archived page.")
@click.option(
    "-s", "--set", "settings", multiple=True, metavar="NAME=VALUE", help="A Scrapy setting for this run (repeatable)."
)
@db_option
def crawl(
    start_url: str | None,
    site: str | None,
    base_url: str | None,
    log_level: str,
    spiders: tuple[str, ...],
    full: bool,
    settings: tuple[str, ...],
    db_path: Path,
) -> None:
    """Crawl a portal with the news and videos spiders into the archive.

    Same as `scrapy crawl news -a site=SITE -a base_url=URL` (and videos). A run on an archived
    site fetches only new pages and those due for a refresh; --full fetches everything.

    With START_URL and no profile, generic mode (`scrapy crawl news -a start_url=URL`) finds
    listings and articles itself; --site then only names the records (default: the host).

    Exit status: 0 done; 1 a spider did not finish; 3 a field's coverage fell below
    ARCHIVER_MIN_COVERAGE (title, date or body selectors no longer match: site redesign?).

    Example: archiver crawl --site demo --base-url http://127.0.0.1:8070

    Example: archiver crawl https://portal.example.gov.vn/
    """
    from urllib.parse import urlsplit

    from archiver.crawl import SPIDERS, run_crawl
    from archiver.run_report import EXIT_COVERAGE

    if start_url:
        if base_url or set(spiders) - {"news"}:
            raise click.UsageError("START_URL (generic mode) takes neither --base-url nor --spider videos")
        site = site or urlsplit(start_url).hostname or start_url
        spiders = ("news",)
    site = site or "demo"
    before = _last_run_id(db_path)
    overrides = {"LOG_LEVEL": log_level} | _name_values(settings)
    reasons = run_crawl(site, base_url, db_path, spiders or SPIDERS, overrides, full=full, start_url=start_url)
    _print_summary(db_path, site)
    breached = _print_run_reports(db_path, before, site)
    if any(reason != "finished" for reason in reasons.values()):
        raise click.ClickException(f"crawl did not finish: {reasons}")
    if breached:
        click.echo("coverage below minimum (see BELOW MINIMUM above): site redesign?", err=True)
        sys.exit(EXIT_COVERAGE)


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
@click.option("--runs", type=click.IntRange(min=1), help="Also print the reports of the last N crawl runs.")
def report(db_path: Path, site: str | None, runs: int | None) -> None:
    """Print what the archive holds (and, with --runs, what the last crawls found).

    Example: archiver report --site demo --runs 4
    """
    _print_summary(db_path, site)
    if runs:
        from sqlite_utils import Database

        from archiver.report import format_runs, last_runs

        click.echo(format_runs(last_runs(Database(db_path), site, runs)))


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


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--into",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output archive (created if missing).",
)
def merge(inputs: tuple[Path, ...], into: Path) -> None:
    """Merge archives crawled on several machines into one; merging an input again changes nothing.

    Inputs are only read. Their WARC files are copied beside the output archive.

    Example: archiver merge node1/archive.db node2/archive.db --into data/archive.db
    """
    from archiver.merge import MergeError, merge_archives

    try:
        report = merge_archives(inputs, into)
    except MergeError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("\n".join(report.lines()))


@main.command()
@click.option("--site", required=True, help="Site profile name (archiver/profiles/NAME.toml).")
@click.option("--every", required=True, help="Interval: a whole number with m, h or d (30m, 6h, 1d).")
@click.option("--base-url", help="Root URL of the portal; defaults to the profile's.")
@click.option("--cron", is_flag=True, help="A crontab line (printed; also written with --out) instead of systemd.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Folder for the files [default: .]")
@db_option
def schedule(site: str, every: str, base_url: str | None, cron: bool, out: Path | None, db_path: Path) -> None:
    """Write a systemd service and timer (or a crontab line) that crawl SITE regularly, never overlapping.

    Example: archiver schedule --site demo --every 6h --base-url http://127.0.0.1:8070 --out deploy
    """
    import shutil

    from archiver.crawl import project_settings
    from archiver.profiles import ProfileError, load_profile
    from archiver.schedule import Schedule, cron_line, parse_every, stop_timeout, write_units

    try:
        seconds = parse_every(every)
        profile = load_profile(site)
    except (ValueError, ProfileError) as exc:
        raise click.BadParameter(str(exc)) from exc
    flock = shutil.which("flock")
    if flock is None:
        raise click.ClickException("flock not found (Debian/Ubuntu: apt install util-linux)")
    archiver_exe = Path(sys.executable).parent / "archiver"
    if not archiver_exe.exists():
        raise click.ClickException(f"{archiver_exe} not found: install the project into its venv (make demo does)")
    settings = dict(project_settings()) | profile.settings
    plan = Schedule(
        site=site,
        every=seconds,
        archiver=archiver_exe.absolute(),
        workdir=Path.cwd(),
        db_path=db_path.absolute(),
        flock=Path(flock),
        stop_timeout=stop_timeout(settings),
        base_url=base_url,
    )
    if cron:
        try:
            line = cron_line(plan)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--every") from exc
        click.echo(line)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{plan.unit_name}.cron").write_text(line + "\n", encoding="utf-8")
            click.echo(f"written to {out / f'{plan.unit_name}.cron'}; install with: crontab -e", err=True)
        return
    for path in write_units(plan, out or Path(".")):
        click.echo(f"wrote {path}")
    click.echo(
        f"install: cp {plan.unit_name}.* ~/.config/systemd/user/ && systemctl --user daemon-reload && "
        f"systemctl --user enable --now {plan.unit_name}.timer  (loginctl enable-linger keeps it running logged out)"
    )


def _last_run_id(db_path: Path) -> int:
    from sqlite_utils import Database

    from archiver.run_report import last_run_id

    return last_run_id(Database(db_path)) if db_path.exists() else 0


def _name_values(pairs: tuple[str, ...]) -> dict[str, str]:
    """`NAME=VALUE` pairs (Scrapy's `-s`); Scrapy's typed getters read the strings."""
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint="--set")
        values[name.strip()] = value
    return values


def _print_run_reports(db_path: Path, after_id: int, site: str) -> bool:
    """Print the report of each run of this crawl; True when one broke a coverage minimum."""
    from sqlite_utils import Database

    from archiver.run_report import format_report, runs_since

    breached = False
    for run in runs_since(Database(db_path), after_id, site):
        if run["report"] is not None:
            click.echo(format_report(run["spider"], run["status"], run["report"]))
            breached = breached or bool(run["report"]["breaches"])
    return breached


@main.command("new-site")
@click.argument("name")
@click.argument("url")
@click.option(
    "--from-archive",
    "archive_db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the pages from this archive's WARC captures instead of the network.",
)
@click.option("--pages", type=click.IntRange(min=1, max=20), default=3, show_default=True, help="Article pages.")
@click.option("--delay", type=click.FloatRange(min=0), default=None, help="Seconds between requests [DOWNLOAD_DELAY].")
@click.option("--force", is_flag=True, help="Overwrite the profile, manifest and test if they exist.")
@click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=None, help="Project folder [this checkout]."
)
def new_site(
    name: str, url: str, archive_db: Path | None, pages: int, delay: float | None, force: bool, root: Path | None
) -> None:
    """Start a profile for a new portal: fixture pages, a profile skeleton and a site test.

    Writes tests/fixtures/sites/NAME/ (pages + manifest.toml), archiver/profiles/NAME.toml and
    tests/sites/test_NAME.py, which fails until the manifest's expected values are filled in.

    Example: archiver new-site tinh-ninh-binh https://mattran.ninhbinh.gov.vn/
    """
    from archiver.newsite import REPO, ArchiveFetcher, HttpFetcher, NewSiteError
    from archiver.newsite import new_site as make_site
    from archiver.profiles import ProfileError
    from archiver.settings import DOWNLOAD_DELAY, USER_AGENT

    try:
        if archive_db is not None:
            fetcher: ArchiveFetcher | HttpFetcher = ArchiveFetcher(archive_db)
            source = f"archive {archive_db}"
        else:
            fetcher = HttpFetcher(url, USER_AGENT, DOWNLOAD_DELAY if delay is None else delay)
            source = "live site"
        result = make_site(name, url, fetcher, root=root or REPO, articles=pages, force=force, source=source)
    except (NewSiteError, ProfileError) as exc:  # ProfileError: a broken family file
        raise click.ClickException(str(exc)) from exc
    if result.family:
        click.echo(f"family: {result.family} (fingerprint score {result.ranked[0].score})")
    else:
        click.echo("family: none recognised; fill in the selectors in the profile")
    for page_url, findings in result.findings.items():
        found = ", ".join(f"{f.field} ({f.how})" for f in findings) or "nothing"
        click.echo(f"found on {page_url}: {found}")
    for line in result.skipped:
        click.echo(f"skipped {line}", err=True)
    for path in result.written:
        click.echo(f"wrote {path}")
    click.echo(f"next: fill in {name}'s manifest.toml expected values, then pytest tests/sites and check-site {name}")


@main.command("check-site")
@click.argument("name")
@click.option("--base-url", help="Root URL of the portal; defaults to the profile's.")
@click.option("--pages", type=click.IntRange(min=1), default=10, show_default=True, help="Articles to crawl.")
@click.option(
    "--min-coverage",
    type=click.FloatRange(0, 1),
    default=0.8,
    show_default=True,
    help="Fail when title, published_at or body_text is found on fewer articles than this share.",
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Crawl into this archive [a temporary one].",
)
def check_site(name: str, base_url: str | None, pages: int, min_coverage: float, db_path: Path | None) -> None:
    """Crawl a few articles of a site with its profile and print per-field coverage and samples.

    Example: archiver check-site demo --base-url http://127.0.0.1:8070 --pages 10
    """
    import tempfile

    from archiver.checksite import (
        CheckSiteError,
        article_rows,
        coverage,
        failing_fields,
        format_coverage,
        run_check_crawl,
    )
    from archiver.profiles import ProfileError, load_profile

    try:
        load_profile(name)  # a broken profile is reported here, not as a spider traceback
    except ProfileError as exc:
        raise click.ClickException(str(exc)) from exc
    with tempfile.TemporaryDirectory(prefix="check-site-") as scratch:
        target = db_path or Path(scratch) / "check.db"
        try:
            run_check_crawl(name, base_url, target, pages)
        except CheckSiteError as exc:
            raise click.ClickException(str(exc)) from exc
        rows = article_rows(target, name, limit=pages)
    if not rows:
        raise click.ClickException(f"no article of {name} was crawled: check the start paths and listing selectors")
    report = coverage(rows)
    click.echo(format_coverage(name, report, min_coverage))
    low = failing_fields(report, min_coverage)
    if low:
        raise click.ClickException(f"below {min_coverage:.0%} coverage: {', '.join(low)}")


def _print_summary(db_path: Path, site: str | None) -> None:
    from sqlite_utils import Database

    from archiver.report import format_summary, summarize

    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist")
    click.echo(format_summary(summarize(Database(db_path), site)))


if __name__ == "__main__":
    main()
