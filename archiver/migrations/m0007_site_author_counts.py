"""v7: articles per author per site, kept by triggers, for the author facet of one site's page.

Counting a site's authors joined article_authors to the site's articles by URL: 0.4-1.2 s for
a site of 200,000 articles, past Datasette's facet time limit on every visit. Rows count the
role `author` only, as the facet does; a count that falls to zero is removed.

The triggers rely on the order the store and merge write in: an article's row exists before
its people are added and until they are removed. Foreign keys are not enforced, so SQL run
by hand outside that order can make the counts drift from article_authors.
"""

from __future__ import annotations

from sqlite_utils import Database

TRIGGERS = (
    # an article's author added, or removed (the article still there: the store removes an
    # article's people before the article)
    """CREATE TRIGGER site_author_counts_insert AFTER INSERT ON article_authors WHEN new.role = 'author'
    BEGIN
        INSERT INTO site_author_counts (site, author_id, articles)
            SELECT site, new.author_id, 1 FROM articles WHERE url = new.article_url
            ON CONFLICT (site, author_id) DO UPDATE SET articles = articles + 1;
    END""",
    # (each statement names the site: the key is (site, author_id), a search by author alone
    # would scan the whole table for every author row a re-crawl replaces)
    """CREATE TRIGGER site_author_counts_delete AFTER DELETE ON article_authors WHEN old.role = 'author'
    BEGIN
        UPDATE site_author_counts SET articles = articles - 1
            WHERE site = (SELECT site FROM articles WHERE url = old.article_url) AND author_id = old.author_id;
        DELETE FROM site_author_counts
            WHERE site = (SELECT site FROM articles WHERE url = old.article_url) AND author_id = old.author_id
            AND articles <= 0;
    END""",
    """CREATE TRIGGER site_author_counts_update AFTER UPDATE OF article_url, author_id, role ON article_authors
    WHEN old.role = 'author' OR new.role = 'author'
    BEGIN
        UPDATE site_author_counts SET articles = articles - 1
            WHERE old.role = 'author' AND site = (SELECT site FROM articles WHERE url = old.article_url)
            AND author_id = old.author_id;
        DELETE FROM site_author_counts
            WHERE site = (SELECT site FROM articles WHERE url = old.article_url) AND author_id = old.author_id
            AND articles <= 0;
        INSERT INTO site_author_counts (site, author_id, articles)
            SELECT site, new.author_id, 1 FROM articles WHERE new.role = 'author' AND url = new.article_url
            ON CONFLICT (site, author_id) DO UPDATE SET articles = articles + 1;
    END""",
    # an article moved to another site profile: its authors' counts move with it
    """CREATE TRIGGER site_author_counts_site AFTER UPDATE OF site ON articles WHEN old.site IS NOT new.site
    BEGIN
        UPDATE site_author_counts SET articles = articles - 1 WHERE site = old.site
            AND author_id IN (SELECT author_id FROM article_authors WHERE article_url = new.url AND role = 'author');
        DELETE FROM site_author_counts WHERE site = old.site AND articles <= 0;
        INSERT INTO site_author_counts (site, author_id, articles)
            SELECT new.site, author_id, 1 FROM article_authors WHERE article_url = new.url AND role = 'author'
            ON CONFLICT (site, author_id) DO UPDATE SET articles = articles + 1;
    END""",
)


def upgrade(db: Database) -> None:
    db.execute(
        "CREATE TABLE site_author_counts (site TEXT NOT NULL, author_id INTEGER NOT NULL, "
        "articles INTEGER NOT NULL, PRIMARY KEY (site, author_id)) WITHOUT ROWID"
    )
    db.execute(
        "INSERT INTO site_author_counts (site, author_id, articles) "
        "SELECT a.site, aa.author_id, count(*) FROM article_authors aa JOIN articles a ON a.url = aa.article_url "
        "WHERE aa.role = 'author' GROUP BY a.site, aa.author_id"
    )
    for trigger in TRIGGERS:
        db.execute(trigger)
