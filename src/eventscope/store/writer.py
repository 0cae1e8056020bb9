"""The write path: a batch of Articles -> rows in every table, inside the caller's transaction.

Written for throughput: keys are assigned here, rows go in with ``executemany``, and per-actor
counters are summed in Python first. During a bulk load (store/bulk.py) the full-text rows, the
event-country rows and the per-day counts are left to the load's final step.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from operator import attrgetter, itemgetter
from typing import Any

from ..errors import StoreError
from ..records import Actor, Article, Event, Place
from .fts_order import fts_rowid
from .queries import country_iso2, name_fold

__all__ = ["insert_articles"]

_CHUNK = 500  # bound on "?" placeholders in one IN (...)
# Optional values are bound as NULL_VALUE instead of None: SQLite stores a bound NaN as NULL
# (tests/test_store.py checks it), and Python's sqlite3 binds a float in about 0.04 µs where a
# None goes through its adapter look-up first (about 0.4 µs). With a dozen or more empty
# columns per event, None alone cost several µs of the event row.
NULL_VALUE = math.nan

_UPSERT_ACTOR = """
INSERT INTO actors(id, name, name_fold, kind, country, sector, role, wikidata, label, resolved)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET
  name = CASE WHEN excluded.resolved > actors.resolved THEN excluded.name ELSE actors.name END,
  name_fold = CASE WHEN excluded.resolved > actors.resolved THEN excluded.name_fold ELSE actors.name_fold END,
  {merged},
  resolved = max(actors.resolved, excluded.resolved)
"""
_MERGED_FIELDS = ("kind", "country", "sector", "role", "wikidata", "label")
# Richer record wins: a more resolved newcomer overrides field by field (keeping old values it
# lacks); otherwise the stored record keeps its values and only fills its gaps.
_MERGED = ",\n  ".join(
    f"{c} = CASE WHEN excluded.resolved > actors.resolved THEN coalesce(excluded.{c}, actors.{c}) "
    f"ELSE coalesce(actors.{c}, excluded.{c}) END"
    for c in _MERGED_FIELDS
)
UPSERT_ACTOR = _UPSERT_ACTOR.format(merged=_MERGED)

EVENT_COLUMNS = (
    "key, id, article_key, type, mode, context, acled_type, acled_subtype, quad_class, modality, "
    'confidence, date, date_granularity, date_from_publication, sentence, start, "end", trigger, '
    "trigger_start, trigger_end, loc_name, loc_text, loc_start, loc_end, lat, lon, country, geonameid, "
    "admin1, feature_class, feature_code, population, loc_confidence, quote_id, killed, injured, arguments"
)
INSERT_EVENT = f"INSERT INTO events({EVENT_COLUMNS}) VALUES ({','.join('?' * 37)})"


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _max_key(cur: sqlite3.Cursor, table: str) -> int:
    return int(cur.execute(f"SELECT coalesce(max(key), 0) FROM {table}").fetchone()[0])


def _actor_rows(cur: sqlite3.Cursor, ids: Sequence[str]) -> dict[str, tuple[int, str | None]]:
    found: dict[str, tuple[int, str | None]] = {}
    for chunk in _chunks(ids):
        q = f"SELECT id, key, country FROM actors WHERE id IN ({','.join('?' * len(chunk))})"
        for id_, key, country in cur.execute(q, list(chunk)):
            found[id_] = (key, country)
    return found


def _nn(value: object) -> object:
    """``value``, or NULL_VALUE for None (for rows built outside the per-event loop)."""
    return NULL_VALUE if value is None else value


def _actor_params(a: Actor, resolved: int) -> tuple[object, ...]:
    return (
        a.id,
        a.name,
        name_fold(a.name),
        _nn(a.kind),
        _nn(a.country),
        _nn(a.sector),
        _nn(a.role),
        _nn(a.wikidata),
        _nn(a.label),
        resolved,
    )


# id -> (fingerprint, key, country) of actors this bulk load has upserted (see _upsert_actors).
WrittenActors = dict[str, tuple[tuple[object, ...], int, str | None]]


def _fingerprint(level: int, a: Actor) -> tuple[object, ...]:
    """What an actor's upsert writes (name_fold follows from name)."""
    return (level, a.name, a.kind, a.country, a.sector, a.role, a.wikidata, a.label)


@functools.lru_cache(maxsize=64)
def _gap_getter(gaps: tuple[str, ...]) -> tuple[attrgetter[Any], object]:
    # attrgetter of one name returns the value itself, of several a tuple
    return attrgetter(*gaps or ("id",)), (None,) * len(gaps) if len(gaps) > 1 else None


def _gaps(a: Actor) -> tuple[tuple[str, ...], attrgetter[Any], object]:
    gaps = tuple(f for f in _MERGED_FIELDS if getattr(a, f) is None)
    return (gaps, *_gap_getter(gaps))


def _upsert_actors(
    cur: sqlite3.Cursor,
    articles: Sequence[Article],
    *,
    deferred_after: int | None = None,
    written: WrittenActors | None = None,
) -> dict[str, tuple[int, str | None]]:
    """Upsert every actor the articles list or their events name; return id -> (key, country).

    ``written`` (during a bulk load only) remembers the actors upserted by earlier batches: one
    whose record is the same again is skipped, since upserting it again cannot change its row
    (the merge only takes a record richer than the stored one, or fills gaps, and the row holds
    at least this record already, whatever other writers added since). Its country there may be
    stale, which is harmless: a bulk load derives the country rows at its end.
    """
    # One row per id per batch (popular actors recur in most articles of a batch), merged here
    # the way the SQL upsert merges: higher resolution wins, equals only fill the gaps.
    best: dict[str, tuple[int, Actor]] = {}
    # id -> (the merged fields the kept record lacks, a getter of them, the getter's all-None
    # value): most repeats fill no gap, and the getter (C code) tells so in one call.
    gaps_of: dict[str, tuple[tuple[str, ...], attrgetter[Any], object]] = {}
    for art in articles:
        for a in art.actors:
            level = 1 if a.resolved else 0
            held = best.get(a.id)
            if held is None or held[0] < level:
                best[a.id] = (level, a)
                gaps_of[a.id] = _gaps(a)
            elif held[0] == level:
                gaps, getter, empty = gaps_of[a.id]
                if gaps and getter(a) != empty:
                    fill = {f: v for f in gaps if (v := getattr(a, f)) is not None}
                    kept = dataclasses.replace(held[1], **fill)
                    best[a.id] = (level, kept)
                    gaps_of[a.id] = _gaps(kept)
    for art in articles:
        for ev in art.events:
            for named in (ev.source, ev.target):
                for actor_id in named:
                    if actor_id not in best:
                        best[actor_id] = (-1, Actor(id=actor_id, name=actor_id))
    known: dict[str, tuple[int, str | None]] = {}
    if written is not None:
        fresh: dict[str, tuple[int, Actor]] = {}
        for id_, (level, a) in best.items():
            held = written.get(id_)
            if held is not None and held[0] == _fingerprint(level, a):
                known[id_] = (held[1], held[2])
            else:
                fresh[id_] = (level, a)
        best = fresh
    params = [_actor_params(a, level) for level, a in best.values()]
    ids = sorted(best)
    before = _actor_rows(cur, ids)
    cur.executemany(UPSERT_ACTOR, params)
    after = _actor_rows(cur, ids)
    if written is not None:
        for id_, (level, a) in best.items():
            key, country = after[id_]
            written[id_] = (_fingerprint(level, a), key, country)
        after.update(known)
    changed = {
        key: before[id_][1]
        for id_, (key, country) in after.items()
        if id_ in before and before[id_][1] != country
    }
    if changed:
        _rebuild_event_countries_for_actors(cur, changed, deferred_after=deferred_after)
    return after


def _rebuild_event_countries_for_actors(
    cur: sqlite3.Cursor, old_country: dict[int, str | None], *, deferred_after: int | None = None
) -> None:
    """Some actors' countries changed: fix the country rows (and counts) of their events.

    The rows an event had are recomputed from the actors' previous countries, so stale rows are
    deleted by primary key (no index on event_key is needed for this rare repair).
    """
    keys: set[int] = set()
    for actor_key in old_country:
        keys.update(
            r[0] for r in cur.execute("SELECT event_key FROM event_actors WHERE actor_key = ?", (actor_key,))
        )
    # Events of an open bulk load (keys above deferred_after) have no country rows yet: the
    # load's final step derives them from the actors' countries as they are then.
    ordered = sorted(k for k in keys if deferred_after is None or k <= deferred_after)
    for i in range(0, len(ordered), _CHUNK):
        chunk = ordered[i : i + _CHUNK]
        rows = cur.execute(
            f"""SELECT e.key, e.country, e.date, e.type, ea.actor_key, a.country FROM events e
                LEFT JOIN event_actors ea ON ea.event_key = e.key
                LEFT JOIN actors a ON a.key = ea.actor_key WHERE e.key IN ({",".join("?" * len(chunk))})""",
            chunk,
        ).fetchall()
        old: set[tuple[str, str, str, int]] = set()
        new: set[tuple[str, str, str, int]] = set()
        for key, loc, date, type_, actor_key, actor_country in rows:
            day = date or ""
            before = old_country.get(actor_key, actor_country) if actor_key is not None else None
            for target, codes in ((old, (loc, before)), (new, (loc, actor_country))):
                for code in codes:
                    iso2 = country_iso2(code)
                    if iso2:
                        target.add((iso2, day, type_, key))
        gone, added = old - new, new - old
        cur.executemany(
            "DELETE FROM event_countries WHERE country = ? AND date = ? AND type = ? AND event_key = ?", gone
        )
        cur.executemany(
            "INSERT OR IGNORE INTO event_countries(country, date, type, event_key) VALUES (?,?,?,?)", added
        )
        _bump_counts(cur, Counter((c, d, t) for c, d, t, _ in gone), sign=-1)
        _bump_counts(cur, Counter((c, d, t) for c, d, t, _ in added), sign=1)


def _bump_counts(cur: sqlite3.Cursor, counts: Mapping[tuple[str, str, str], int], *, sign: int) -> None:
    cur.executemany(
        "INSERT INTO event_counts(country, date, type, n) VALUES (?,?,?,?) "
        "ON CONFLICT(country, date, type) DO UPDATE SET n = n + excluded.n",
        sorted((c, d, t, sign * n) for (c, d, t), n in counts.items()),  # key order: sequential writes
    )


def _insert_annotations(
    cur: sqlite3.Cursor,
    keyed: Sequence[tuple[int, Article]],
    actors: dict[str, tuple[int, str | None]],
    place_values: dict[int, tuple[object, ...]],
) -> None:
    """Entities, actor links, places, dates and quotes of each article.

    Fills ``place_values`` (id of a Place object -> its columns): an event's location is often
    the very object its article lists, and _insert_events then reuses the columns.
    """
    Row = tuple[object, ...]
    ents: list[Row] = []
    links: list[Row] = []
    places: list[Row] = []
    dates: list[Row] = []
    quotes: list[Row] = []
    quote_key = _max_key(cur, "quotes")
    for akey, art in keyed:
        ents.extend((akey, e.text, e.label, e.start, e.end, _nn(e.origin)) for e in art.entities)
        seen: set[int] = set()
        for pos, a in enumerate(art.actors):
            k = actors[a.id][0]
            if k not in seen:
                seen.add(k)
                links.append((akey, k, pos, json.dumps(a.mentions) if a.mentions else "[]"))
        for p in art.places:
            values = place_values[id(p)] = _place_values(p)
            places.append((akey, *values))
        dates.extend(
            (akey, d.text, d.start, d.end, _nn(d.date), _nn(d.granularity), int(d.from_publication))
            for d in art.dates
        )
        for q in art.quotes:
            quote_key += 1
            quotes.append(
                (
                    quote_key,
                    q.id,
                    akey,
                    _nn(q.speaker),
                    _nn(q.speaker_text),
                    q.text,
                    q.start,
                    q.end,
                    int(q.direct),
                )
            )
    cur.executemany(
        'INSERT INTO entities(article_key, text, label, start, "end", origin) VALUES (?,?,?,?,?,?)', ents
    )
    cur.executemany(
        "INSERT INTO article_actors(article_key, actor_key, position, mentions) VALUES (?,?,?,?)", links
    )
    cur.executemany(
        'INSERT INTO places(article_key, name, text, start, "end", lat, lon, country, geonameid, admin1, '
        "feature_class, feature_code, population, confidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        places,
    )
    cur.executemany(
        'INSERT INTO dates(article_key, text, start, "end", date, granularity, from_publication) '
        "VALUES (?,?,?,?,?,?,?)",
        dates,
    )
    cur.executemany(
        'INSERT INTO quotes(key, id, article_key, speaker, speaker_text, text, start, "end", direct) '
        "VALUES (?,?,?,?,?,?,?,?,?)",
        quotes,
    )


_NO_PLACE: tuple[float, ...] = (NULL_VALUE,) * 13
_N = NULL_VALUE


def _place_values(p: Place) -> tuple[object, ...]:
    """The 13 place columns shared by ``places`` and an event's location, NULL_VALUE for None."""
    return (
        p.name,
        _N if (text := p.text) is None else text,
        p.start,
        p.end,
        _N if (lat := p.lat) is None else lat,
        _N if (lon := p.lon) is None else lon,
        _N if (country := p.country) is None else country,
        _N if (geonameid := p.geonameid) is None else geonameid,
        _N if (admin1 := p.admin1) is None else admin1,
        _N if (fclass := p.feature_class) is None else fclass,
        _N if (fcode := p.feature_code) is None else fcode,
        _N if (population := p.population) is None else population,
        _N if (confidence := p.confidence) is None else confidence,
    )


def _insert_events(
    cur: sqlite3.Cursor,
    keyed: Sequence[tuple[int, Article]],
    actors: dict[str, tuple[int, str | None]],
    *,
    place_values: Mapping[int, tuple[object, ...]] | None = None,
    deferred: bool = False,
) -> None:
    """Events with their FTS rows, actor links, country rows, and the actors' counters."""
    place_values = place_values or {}
    ev_rows: list[tuple[object, ...]] = []
    fts_rows: list[tuple[int, str]] = []
    ea_rows: list[tuple[object, ...]] = []
    country_rows: list[tuple[str, str, str, int]] = []
    # Keys are appended to lists and counted once at the end (Counter counts an iterable in C);
    # counting key by key in this loop, which runs once per event, costs several times more.
    day_keys: list[tuple[str, str, str]] = []
    dyad_keys: list[tuple[int, int]] = []
    article_actor_keys: list[int] = []
    event_actor_keys: list[int] = []
    source_keys: list[int] = []
    target_keys: list[int] = []
    key = _max_key(cur, "events")
    N = NULL_VALUE  # a local: read once per optional column of every event
    iso2_of: dict[str | None, str | None] = {}

    def iso2(code: str | None) -> str | None:
        if code not in iso2_of:
            iso2_of[code] = country_iso2(code)
        return iso2_of[code]

    key_of = {id_: k for id_, (k, _) in actors.items()}
    actor_iso2 = {} if deferred else {k: iso2(country) for k, country in actors.values()}
    for _, art in keyed:
        article_actor_keys.extend({actors[a.id][0] for a in art.actors})
    for akey, art in keyed:
        for ev in art.events:
            key += 1
            loc = ev.location
            date = ev.date
            etype = ev.type
            bound_date = N if date is None else date
            # Inline "is None" tests: this runs once per event, a helper call per column costs more.
            ev_rows.append(
                (
                    key,
                    ev.id,
                    akey,
                    etype,
                    N if (mode := ev.mode) is None else mode,
                    json.dumps(ev.context) if ev.context else "[]",
                    N if (acled_type := ev.acled_type) is None else acled_type,
                    N if (acled_subtype := ev.acled_subtype) is None else acled_subtype,
                    N if (quad_class := ev.quad_class) is None else quad_class,
                    ev.modality,
                    ev.confidence,
                    bound_date,
                    N if (granularity := ev.date_granularity) is None else granularity,
                    int(ev.date_from_publication),
                    ev.sentence,
                    ev.start,
                    ev.end,
                    N if (trigger := ev.trigger) is None else trigger,
                    N if (trigger_start := ev.trigger_start) is None else trigger_start,
                    N if (trigger_end := ev.trigger_end) is None else trigger_end,
                    *(_NO_PLACE if loc is None else place_values.get(id(loc)) or _place_values(loc)),
                    N if (quote := ev.quote) is None else quote,
                    N if (killed := ev.killed) is None else killed,
                    N if (injured := ev.injured) is None else injured,
                    _arguments_json(ev) if ev.source_spans or ev.target_spans else "{}",
                )
            )
            src, tgt = ev.source, ev.target
            if len(src) == 1 and len(tgt) <= 1:
                # The usual event (one source, at most one target), without the sets and
                # comprehensions of the general case below: this runs once per event.
                s_key = key_of[src[0]]
                ea_rows.append((key, s_key, "source", 0, bound_date))
                source_keys.append(s_key)
                event_actor_keys.append(s_key)
                if tgt:
                    t_key = key_of[tgt[0]]
                    ea_rows.append((key, t_key, "target", 0, bound_date))
                    dyad_keys.append((s_key, t_key))
                    target_keys.append(t_key)
                    if t_key != s_key:
                        event_actor_keys.append(t_key)
                sources, targets = [s_key], ([t_key] if tgt else [])
            else:
                sources = [key_of[a] for a in src]
                targets = [key_of[a] for a in tgt]
                for pos, k in enumerate(sources):
                    ea_rows.append((key, k, "source", pos, bound_date))
                for pos, k in enumerate(targets):
                    ea_rows.append((key, k, "target", pos, bound_date))
                if targets:
                    dyad_keys.extend((s_key, t_key) for s_key in sources for t_key in targets)
                # An actor counts once per event, whatever roles and positions it holds there.
                src_set, tgt_set = set(sources), set(targets)
                source_keys.extend(src_set)
                target_keys.extend(tgt_set)
                event_actor_keys.extend(src_set | tgt_set if tgt_set else src_set)
            if deferred:
                # A bulk load derives the country rows (and per-day counts) of all its events
                # at its end, in SQL (bulk.finish), from the same columns this rule reads.
                continue
            fts_rows.append((fts_rowid(date, key), ev.sentence))
            day = date or ""
            codes = {iso2(loc.country)} if loc is not None else set()
            codes.update(actor_iso2[k] for k in sources)
            codes.update(actor_iso2[k] for k in targets)
            codes.discard(None)
            codes.discard("")
            day_keys.append(("", day, etype))
            for code in codes:
                country_rows.append((code, day, etype, key))
                day_keys.append((code, day, etype))
    if deferred:
        # The unique index on event ids is deferred during a bulk load (store/bulk.py): check the
        # batch here, as the index would; bulk.finish deals with ids repeated across batches.
        ids = [row[1] for row in ev_rows]
        if len(set(ids)) != len(ids):
            repeated = next(i for i, n in Counter(ids).items() if n > 1)
            raise StoreError(
                f"duplicate event id in article batch ({repeated}); event ids must be unique"
            )
    try:
        cur.executemany(INSERT_EVENT, ev_rows)
    except sqlite3.IntegrityError as exc:
        raise StoreError(f"duplicate event id in article batch ({exc}); event ids must be unique") from exc
    if not deferred:
        # In rowid (date) order: FTS5 starts a new segment whenever a rowid goes down.
        fts_rows.sort(key=itemgetter(0))
        cur.executemany("INSERT INTO events_fts(rowid, sentence) VALUES (?, ?)", fts_rows)
    cur.executemany(
        "INSERT INTO event_actors(event_key, actor_key, role, position, date) VALUES (?,?,?,?,?)", ea_rows
    )
    # Grouped by country (the key's first column; dates mostly arrive in order already), so the
    # B-tree is written country by country instead of jumping between ~200 places per event.
    country_rows.sort(key=itemgetter(0))
    cur.executemany(
        "INSERT OR IGNORE INTO event_countries(country, date, type, event_key) VALUES (?,?,?,?)", country_rows
    )
    if not deferred:
        _bump_counts(cur, Counter(day_keys), sign=1)
    cur.executemany(
        "INSERT INTO dyad_counts(source_key, target_key, n) VALUES (?,?,?) "
        "ON CONFLICT(source_key, target_key) DO UPDATE SET n = n + excluded.n",
        sorted((s, t, n) for (s, t), n in Counter(dyad_keys).items()),
    )
    n_articles, n_events = Counter(article_actor_keys), Counter(event_actor_keys)
    as_source, as_target = Counter(source_keys), Counter(target_keys)
    touched = sorted(n_articles.keys() | n_events.keys())
    cur.executemany(
        "UPDATE actors SET n_articles = n_articles + ?, n_events = n_events + ?, as_source = as_source + ?, "
        "as_target = as_target + ? WHERE key = ?",
        [
            (n_articles.get(k, 0), n_events.get(k, 0), as_source.get(k, 0), as_target.get(k, 0), k)
            for k in touched
        ],
    )


def _provenance_json(a: Article) -> str:
    # Provenance is flat and shared by every article of a run: skip dataclasses.asdict's deep copy.
    return json.dumps(vars(a.provenance), sort_keys=True)


def insert_articles(
    cur: sqlite3.Cursor,
    articles: Sequence[Article],
    *,
    deferred_after: int | None = None,
    written_actors: WrittenActors | None = None,
) -> list[str]:
    """Insert the articles not stored yet; return the ids inserted. Runs in the caller's transaction.

    ``deferred_after`` (during a bulk load: the last event key stored before it) skips the
    full-text rows, the event-country rows and the per-day counts, which ``bulk.finish`` adds
    for all of the load's rows at once. ``written_actors`` (used only then) lets a bulk load
    skip upserting actors an earlier batch wrote unchanged; the caller must empty it if this
    transaction rolls back.
    """
    deferred = deferred_after is not None
    existing: set[str] = set()
    ids = [a.id for a in articles]
    for chunk in _chunks(ids):
        q = f"SELECT id FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
        existing.update(r[0] for r in cur.execute(q, list(chunk)))
    todo: list[Article] = []
    for art in articles:
        if art.id not in existing:
            existing.add(art.id)  # also drops a repeat inside the batch
            todo.append(art)
    if not todo:
        return []
    now = datetime.now(UTC).isoformat(timespec="seconds")
    first = _max_key(cur, "articles") + 1
    keyed = [(first + i, art) for i, art in enumerate(todo)]
    cur.executemany(
        "INSERT INTO articles(key, id, title, url, published, source, language, author, origin, text, "
        "focus_country, provenance, n_events, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                k,
                a.id,
                _nn(a.title),
                _nn(a.url),
                _nn(a.published),
                _nn(a.source),
                _nn(a.language),
                _nn(a.author),
                _nn(a.origin),
                a.text,
                _nn(a.focus_country),
                _provenance_json(a),
                len(a.events),
                now,
            )
            for k, a in keyed
        ],
    )
    if not deferred:
        cur.executemany(
            "INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)",
            [(k, _nn(a.title), a.text) for k, a in keyed],
        )
    actors = _upsert_actors(
        cur, todo, deferred_after=deferred_after, written=written_actors if deferred else None
    )
    place_values: dict[int, tuple[object, ...]] = {}
    _insert_annotations(cur, keyed, actors, place_values)
    _insert_events(cur, keyed, actors, place_values=place_values, deferred=deferred)
    return [a.id for a in todo]


def _arguments_json(ev: Event) -> str:
    """The argument phrases of an event (character spans), kept beside the resolved actor ids."""
    if not ev.source_spans and not ev.target_spans:
        return "{}"
    return json.dumps({"source_spans": ev.source_spans, "target_spans": ev.target_spans})
