"""Opening the layoffbot database: where it lives, its schema and migrations.

The database location is resolved in this order: an explicit path (``--db``), then the
``LAYOFFBOT_DB`` environment variable, then ``layoffbot.db`` in the user data directory
(platformdirs).  The schema is versioned with ``PRAGMA user_version``; every open runs the
migrations that are missing, each in its own transaction, so an older database is upgraded
in place on start.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlite_utils

from bot.errors import DatabaseFileError, SchemaTooNew

__all__ = [
    "SCHEMA_VERSION",
    "STATUSES",
    "SUMMED_STATUSES",
    "PERCENTAGE_BASES",
    "VIAS",
    "default_db_path",
    "resolve_db_path",
    "open_db",
    "migrate",
    "schema_version",
    "write_transaction",
    "unindexed_foreign_keys",
]

#: Round statuses.  Only ``SUMMED_STATUSES`` ever add to a total.
STATUSES = ("confirmed", "reported", "planned", "rumored", "retracted")
SUMMED_STATUSES = ("confirmed", "reported")
#: What a round's percentage is a share of.
PERCENTAGE_BASES = ("company", "corporate", "division")
#: Through what a change was made (the audit log's ``via``): these, or the identifier of the
#: chat platform the change came from (as its adapter names itself, see bot.admin.rights).
VIAS = ("cli", "import", "build")

DIVISION_SEPARATOR = "; "
"""Separates divisions when one round spans several ("AWS; Twitch; Advertising; PXT")."""

_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);

CREATE TABLE companies (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    industry    TEXT,
    location    TEXT,
    country     TEXT,
    stage       TEXT,
    funds_raised_musd REAL
);

-- alias (normalized: lower case, single spaces) -> company, optionally a division of it.
CREATE TABLE aliases (
    alias       TEXT PRIMARY KEY,
    display     TEXT NOT NULL,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    division    TEXT,
    -- 1 when the alias is also an ordinary word ("Zoom", "Snap", "Block") and needs
    -- layoff context before it may be read as the company.
    ambiguous   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX idx_aliases_company ON aliases(company_id);

CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    actor       TEXT NOT NULL,
    via         TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    layout      TEXT NOT NULL,
    default_status TEXT NOT NULL,
    rows_read   INTEGER NOT NULL DEFAULT 0,
    added       INTEGER NOT NULL DEFAULT 0,
    duplicates  INTEGER NOT NULL DEFAULT 0,
    flagged     INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    state       TEXT NOT NULL DEFAULT 'done'   -- done | undone
);

-- One row per layoff round.
--   count:            the round's own (incremental) count, NULL = undisclosed.  Totals sum this.
--   announced_count:  the figure as announced when it differs (a cumulative "18,000 in total").
--   includes_event_id: for a cumulative announcement, the earlier round it contains
--                     (its count is then only the new part; never added twice).
--   part_of_event_id: this row overlaps a larger round already counted (e.g. WARN filings
--                     that are part of an announced plan); it never adds to a total.
--   division:         NULL = company-wide; several divisions joined by "; ".
--   percentage:       0-100, of percentage_basis (company | corporate | division).
--   source:           the main URL; other_sources: more URLs, space separated.
--   unsourced:        1 when the round is explicitly marked as having no public source.
CREATE TABLE events (
    id                INTEGER PRIMARY KEY,
    company_id        INTEGER NOT NULL REFERENCES companies(id),
    division          TEXT,
    date              TEXT NOT NULL,
    count             INTEGER CHECK (count IS NULL OR count >= 0),
    announced_count   INTEGER CHECK (announced_count IS NULL OR announced_count >= 0),
    percentage        REAL CHECK (percentage IS NULL OR (percentage >= 0 AND percentage <= 100)),
    percentage_basis  TEXT CHECK (percentage_basis IS NULL OR percentage_basis IN ('company', 'corporate', 'division')),
    status            TEXT NOT NULL DEFAULT 'reported'
                      CHECK (status IN ('confirmed', 'reported', 'planned', 'rumored', 'retracted')),
    location          TEXT,
    country           TEXT,
    industry          TEXT,
    stage             TEXT,
    funds_raised_musd REAL,
    source            TEXT,
    other_sources     TEXT,
    unsourced         INTEGER NOT NULL DEFAULT 0,
    includes_event_id INTEGER REFERENCES events(id),
    part_of_event_id  INTEGER REFERENCES events(id),
    note              TEXT,
    date_added        TEXT,
    origin            TEXT NOT NULL DEFAULT 'curated',   -- 'layoffs.fyi', 'curated', 'admin', 'import'
    import_id         INTEGER REFERENCES imports(id),
    curation_key      TEXT                               -- stable key of a curated row, for rebuilds
);
CREATE INDEX idx_events_company_date ON events(company_id, date);
CREATE INDEX idx_events_date ON events(date);
CREATE INDEX idx_events_status_date ON events(status, date);
CREATE INDEX idx_events_import ON events(import_id);

-- Published totals, quoted with their source and as-of date.
CREATE TABLE aggregates (
    id            INTEGER PRIMARY KEY,
    publisher     TEXT NOT NULL,          -- layoffs.fyi, Crunchbase, Challenger
    scope         TEXT NOT NULL,          -- "global tech", "U.S. tech", ...
    period_start  TEXT NOT NULL,
    period_end    TEXT NOT NULL,
    count         INTEGER NOT NULL,
    companies     INTEGER,
    approximate   INTEGER NOT NULL DEFAULT 0,
    as_of         TEXT,
    source        TEXT,
    note          TEXT
);
CREATE INDEX idx_aggregates_period ON aggregates(period_start, period_end);

-- The audit log: every write, with the row before and after (JSON).
CREATE TABLE changes (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    via         TEXT NOT NULL,
    action      TEXT NOT NULL,            -- add | edit | retract | undo | import | company | alias | admin ...
    table_name  TEXT NOT NULL,
    row_id      INTEGER,
    before      TEXT,
    after       TEXT,
    reason      TEXT,
    import_id   INTEGER REFERENCES imports(id),
    undoes      INTEGER REFERENCES changes(id),
    undone_by   INTEGER REFERENCES changes(id)
);
CREATE INDEX idx_changes_row ON changes(table_name, row_id);
CREATE INDEX idx_changes_at ON changes(at);

-- Chat admins per platform (kind: user | role).
CREATE TABLE admins (
    platform    TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'user',
    ident       TEXT NOT NULL,
    granted_by  TEXT,
    granted_at  TEXT,
    PRIMARY KEY (platform, kind, ident)
);

-- Channels that want alerts for new rounds (company_id NULL = all companies).
CREATE TABLE subscriptions (
    id          INTEGER PRIMARY KEY,
    platform    TEXT NOT NULL,
    channel     TEXT NOT NULL,
    company_id  INTEGER REFERENCES companies(id),
    created_by  TEXT,
    created_at  TEXT,
    UNIQUE (platform, channel, company_id)
);
"""

Migration = Callable[[sqlite3.Connection], None]


def _script(sql: str) -> Migration:
    def run(conn: sqlite3.Connection) -> None:
        for statement in sql.split(";\n"):
            if statement.strip():
                conn.execute(statement)

    return run


# v2 (data engineer): indexes on the link columns and on changes.import_id, so deleting the
# rows of an import (undo) does not scan the events table once per deleted row for
# foreign-key checks (0.9 s -> ~0.1 s for the 4,277-row export).
_V2 = """
CREATE INDEX IF NOT EXISTS idx_events_includes ON events(includes_event_id);
CREATE INDEX IF NOT EXISTS idx_events_part_of ON events(part_of_event_id);
CREATE INDEX IF NOT EXISTS idx_changes_import ON changes(import_id)
"""

# v3 (sync engineer): where a tracker row came from, so a newer export of the same tracker can
# be synced onto it (``layoffbot data sync``), and the ``sources`` table of tracked exports.
#   origin_key:    "<layout>|<company as written, normalised>|<date>|<source URL>" (see bot.data.sync);
#   origin_hash:   digest of the tracker's values as last imported/synced (unchanged rows are skipped);
#   tracker_state: NULL, or 'missing' once the row disappeared from a newer export (kept, flagged).
_V3 = """
ALTER TABLE events ADD COLUMN origin_key TEXT;
ALTER TABLE events ADD COLUMN origin_hash TEXT;
ALTER TABLE events ADD COLUMN tracker_state TEXT;
CREATE INDEX IF NOT EXISTS idx_events_origin_key ON events(origin_key);
CREATE TABLE IF NOT EXISTS sources (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    url           TEXT,
    layout        TEXT NOT NULL,
    last_fetch    TEXT,
    last_change   TEXT,
    rows          INTEGER NOT NULL DEFAULT 0,
    sha256        TEXT
);
ALTER TABLE imports ADD COLUMN kind TEXT NOT NULL DEFAULT 'import';
-- A fetched export whose dry-run found changes (a scheduled `data sync --from URL --dry-run`),
-- kept until an admin applies it as reviewed (`data sync --pending ID`).  state: pending |
-- applied | superseded (a newer fetch of the same source replaced it).
CREATE TABLE IF NOT EXISTS pending_syncs (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,
    url         TEXT,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    fetched_at  TEXT NOT NULL,
    content     BLOB NOT NULL,
    summary     TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending'
)
"""


def _v3(conn: sqlite3.Connection) -> None:
    _script(_V3)(conn)
    # Existing tracker rows get their origin key from the values they hold (curated rows, whose
    # values were adjusted, are matched by company and date at the next sync instead).
    from bot.data.origin import backfill_origin_keys

    backfill_origin_keys(conn)


# v4 (extras, issue 13): ``rounds``, a read-only view of the rounds with company names and the
# effective industry/country, and ``counted`` = the counting rules' "adds to a total" (the same
# condition as bot.answers.query.summed_rounds) — what `layoffbot serve` browses and facets.
_V4 = """
CREATE VIEW IF NOT EXISTS rounds AS
SELECT e.id, c.name AS company, e.division, e.date, e.count, e.announced_count, e.percentage,
       e.percentage_basis, e.status,
       (e.status IN ('confirmed', 'reported') AND e.part_of_event_id IS NULL) AS counted,
       COALESCE(e.industry, c.industry) AS industry, COALESCE(e.country, c.country) AS country,
       e.location, e.source, e.other_sources, e.unsourced, e.includes_event_id, e.part_of_event_id, e.note
FROM events e JOIN companies c ON c.id = e.company_id
"""

# v5 (extras, issue 13): the stated causes of rounds, each tag with the quote and the source
# that state it (data/causes.csv; bot.data.causes).  A round without a row has no cause stated.
_V5 = """
CREATE TABLE IF NOT EXISTS causes (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    cause     TEXT NOT NULL,
    quote     TEXT NOT NULL,
    source    TEXT NOT NULL,
    evidence  TEXT,
    UNIQUE (event_id, cause)
);
CREATE INDEX IF NOT EXISTS idx_causes_cause ON causes(cause, event_id)
"""

# v6 (watch engineer, issue 13): personal watchlists and weekly channel digests.
#   watchlists:   one row per watched thing of a platform user; NULL criteria match anything
#                 (bot.admin.matcher); label is the canonical wording ("Finance layoffs over 500").
#   watch_sent:   which round each user was already sent (a round is DM'd once), and why not
#                 (state 'sent' | 'over_limit');  watch_dms: one row per DM, for the hourly limit.
#   digests:      a channel's opted-in weekly digest (weekday 0 = Monday, hour 0-23 in tz).
#   digest_posts: the claimed (channel, week) slots: the INSERT is the lock that makes several
#                 bot instances post a digest once.
_V6 = """
CREATE TABLE IF NOT EXISTS watchlists (
    id          INTEGER PRIMARY KEY,
    platform    TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    company_id  INTEGER REFERENCES companies(id),
    industry    TEXT,
    min_count   INTEGER,
    location    TEXT,
    label       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (platform, user_id, label)
);
CREATE TABLE IF NOT EXISTS watch_sent (
    platform    TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    event_id    INTEGER NOT NULL,
    sent_at     TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'sent',
    PRIMARY KEY (platform, user_id, event_id)
);
CREATE TABLE IF NOT EXISTS watch_dms (
    id          INTEGER PRIMARY KEY,
    platform    TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    sent_at     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_watch_dms_user ON watch_dms(platform, user_id, sent_at);
CREATE TABLE IF NOT EXISTS digests (
    platform    TEXT NOT NULL,
    channel     TEXT NOT NULL,
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    hour        INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    tz          TEXT NOT NULL DEFAULT 'UTC',
    created_by  TEXT,
    created_at  TEXT,
    PRIMARY KEY (platform, channel)
);
CREATE TABLE IF NOT EXISTS digest_posts (
    platform    TEXT NOT NULL,
    channel     TEXT NOT NULL,
    week        TEXT NOT NULL,
    claimed_at  TEXT NOT NULL,
    PRIMARY KEY (platform, channel, week)
)
"""

# v7 (hardening, issue 11): every foreign-key column gets an index.  Deleting or re-keying a parent row
# makes SQLite look up its children by the child column; without an index that is a full scan
# per deleted row, so `data init --force` (DELETE FROM changes, whose undoes/undone_by point at
# changes) was quadratic in the audit log: 13 s at 10k audit rows, hours after a 200k import.
# tests/test_db_schema.py keeps every foreign key of every table indexed.
_FK_INDEXES = """
CREATE INDEX IF NOT EXISTS idx_changes_undoes ON changes(undoes);
CREATE INDEX IF NOT EXISTS idx_changes_undone_by ON changes(undone_by);
CREATE INDEX IF NOT EXISTS idx_subscriptions_company ON subscriptions(company_id);
CREATE INDEX IF NOT EXISTS idx_watchlists_company ON watchlists(company_id)
"""

_fk_indexes = _script(_FK_INDEXES)

# v8 (warn engineer, issue 12): WARN Act notices, a second counting basis kept apart from
# the events table (never summed with announced rounds; see bot/answers/warn.py).
#   company:      the legal name as filed ("Amazon.com Services LLC"); company_id: resolved
#                 through the aliases (bot/data/warn_names.py), NULL while unresolved.
#   origin_key:   warn-transformer's hash_id, else "STATE|company|notice date|site" (normalised),
#                 so a re-import never duplicates a notice.
#   match_key:    "STATE|company|site|workers|effective date": the same notice read from another
#                 layout (a state file, then warn-transformer's consolidated file) is one notice.
#   is_superseded / likely_ancestor: warn-transformer's integrated file; an amendment names
#                 the notice it replaces, which is then never counted.
_V8 = """
CREATE TABLE IF NOT EXISTS warn_notices (
    id              INTEGER PRIMARY KEY,
    state           TEXT NOT NULL,
    company         TEXT NOT NULL,
    company_id      INTEGER REFERENCES companies(id),
    division        TEXT,
    location        TEXT,
    notice_date     TEXT,
    effective_date  TEXT,
    workers         INTEGER CHECK (workers IS NULL OR workers >= 0),
    is_temporary    INTEGER,
    is_closure      INTEGER,
    is_amendment    INTEGER NOT NULL DEFAULT 0,
    is_superseded   INTEGER NOT NULL DEFAULT 0,
    likely_ancestor TEXT,
    layout          TEXT NOT NULL,
    source          TEXT,
    source_file     TEXT,
    origin_key      TEXT NOT NULL UNIQUE,
    match_key       TEXT NOT NULL,
    import_id       INTEGER REFERENCES imports(id)
);
CREATE INDEX IF NOT EXISTS idx_warn_company_date ON warn_notices(company_id, notice_date);
CREATE INDEX IF NOT EXISTS idx_warn_state_date ON warn_notices(state, notice_date);
CREATE INDEX IF NOT EXISTS idx_warn_date ON warn_notices(notice_date);
CREATE INDEX IF NOT EXISTS idx_warn_match ON warn_notices(match_key);
CREATE INDEX IF NOT EXISTS idx_warn_ancestor ON warn_notices(likely_ancestor);
CREATE INDEX IF NOT EXISTS idx_warn_import ON warn_notices(import_id)
"""

#: MIGRATIONS[i] brings a database from version i to version i + 1.
MIGRATIONS: list[Migration] = [
    _script(_V1), _script(_V2), _v3, _script(_V4), _script(_V5), _script(_V6), _fk_indexes, _script(_V8),
]
SCHEMA_VERSION = len(MIGRATIONS)


def default_db_path() -> Path:
    """The database file used when neither ``--db`` nor ``LAYOFFBOT_DB`` is given."""
    import platformdirs

    return Path(platformdirs.user_data_dir("layoffbot", appauthor=False)) / "layoffbot.db"


def resolve_db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """Explicit path, then ``LAYOFFBOT_DB``, then the user data directory."""
    if path:
        return Path(path)
    env = os.environ.get("LAYOFFBOT_DB")
    if env:
        return Path(env)
    return default_db_path()


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database) -> int:
    """Run every missing migration, each atomically.  Returns the resulting version.

    Each step takes the write lock first and re-reads the version under it, so several
    processes opening an old database at once migrate it exactly once.
    """
    version = schema_version(db)
    while True:
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(version, SCHEMA_VERSION)
        if version == SCHEMA_VERSION:
            return version
        # One transaction per step (DDL included), so a killed migration leaves the
        # database at the previous version, never half-way.
        with write_transaction(db):
            version = schema_version(db)
            if version < SCHEMA_VERSION:
                MIGRATIONS[version](db.conn)
                version += 1
                db.conn.execute(f"PRAGMA user_version = {version:d}")


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """The one way to write: a transaction that takes the write lock up front.

    ``BEGIN IMMEDIATE`` asks for the write lock before anything is read, and waits for it up
    to the connection's busy timeout (30 s, see :func:`open_db`).  A plain (deferred)
    ``BEGIN`` that reads first and then writes cannot wait: when another process committed
    meanwhile, SQLite refuses the upgrade at once with "database is locked".  Everything
    the transaction reads is therefore current until it commits, so checks made inside it
    ("not undone yet", "no exact duplicate") still hold when the write lands.

    Nested inside an open transaction it becomes a savepoint (the outer transaction already
    holds the lock): an error rolls back the inner block only.  Commits on success, rolls
    back on any exception (KeyboardInterrupt included) and re-raises it.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():  # a SAVEPOINT inside the caller's transaction
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def unindexed_foreign_keys(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """``(table, column)`` of every foreign-key column that no index starts with.

    Deleting a parent row makes SQLite find its children by that column: without an index,
    a full scan of the child table per deleted row.  The schema keeps this list empty.
    """
    missing = []
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    for table in tables:
        leading = set()
        for index in db.execute(f"PRAGMA index_list({_quote(table)})").fetchall():
            columns = db.execute(f"PRAGMA index_info({_quote(index[1])})").fetchall()
            if columns:
                leading.add(columns[0][2])
        primary = [r[1] for r in db.execute(f"PRAGMA table_info({_quote(table)})") if r[5] == 1]
        if primary:
            leading.add(primary[0])  # the table itself is ordered by its (first) primary key column
        for fk in db.execute(f"PRAGMA foreign_key_list({_quote(table)})").fetchall():
            if fk[3] not in leading:
                missing.append((table, fk[3]))
    return sorted(set(missing))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def open_db(path: str | os.PathLike[str] | None = None, *, create: bool = True) -> sqlite_utils.Database:
    """Open (and migrate) the database at ``path`` (see :func:`resolve_db_path`).

    ``":memory:"`` opens an in-memory database.  Every write goes through
    :func:`write_transaction`.  A path that is a directory, a device (``/dev/null``) or a
    file that is not a SQLite database raises :class:`~bot.errors.DatabaseFileError`
    (a one-line message naming the file), never a raw sqlite3 error.
    """
    if str(path) == ":memory:":
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        file = None
    else:
        file = resolve_db_path(path)
        if not create and not file.exists():
            raise FileNotFoundError(file)
        if file.exists() and not file.is_file():
            raise DatabaseFileError(file, "not a regular file; the database must be a SQLite file (--db / LAYOFFBOT_DB)")
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseFileError(file, f"cannot create its directory: {exc.strerror or exc}") from exc
        try:
            conn = sqlite3.connect(str(file), check_same_thread=False, timeout=30)
            # WAL: readers (the bot answering) never wait for a writer (an import) and vice versa.
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.DatabaseError as exc:
            raise DatabaseFileError(file, f"cannot open as a layoffbot database: {exc}") from exc
    conn.execute("PRAGMA foreign_keys=ON")
    db = sqlite_utils.Database(conn)
    try:
        migrate(db)
    except sqlite3.DatabaseError as exc:
        if file is None:
            raise
        raise DatabaseFileError(file, f"cannot open as a layoffbot database: {exc}") from exc
    return db
