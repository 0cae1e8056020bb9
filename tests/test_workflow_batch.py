"""ingest writes articles in batches; a failing batch falls back to one article at a time."""

from __future__ import annotations

from eventscope.errors import StoreError
from eventscope.records import Article
from eventscope.store.rows import AddResult
from eventscope.workflow import BatchReport, _store_batch


class FakeStore:
    """Keeps ids; ``bad`` ids fail; mimics Store.add_articles keeping the articles before a bad one."""

    def __init__(self, bad: set[str] = frozenset(), stored: set[str] = frozenset()) -> None:
        self.bad, self.ids, self.batches = set(bad), set(stored), 0

    def has_article(self, article_id: str) -> bool:
        return article_id in self.ids

    def add_article(self, art: Article) -> bool:
        if art.id in self.bad:
            raise StoreError(f"cannot store {art.id}")
        if art.id in self.ids:
            return False
        self.ids.add(art.id)
        return True

    def add_articles(self, arts: list[Article], *, batch: int = 1) -> AddResult:
        self.batches += 1
        added = skipped = 0
        for art in arts:  # the real store stops at the first bad article, keeping those before it
            ok = self.add_article(art)
            added += ok
            skipped += not ok
        return AddResult(added=added, skipped=skipped)


def _arts(*ids: str) -> list[Article]:
    return [Article(id=i, text=f"text {i}") for i in ids]


def test_one_write_per_batch():
    store, report, seen = FakeStore(stored={"b"}), BatchReport(), []
    _store_batch(store, _arts("a", "b", "c"), report, seen.append)
    assert store.batches == 1
    assert (report.added, report.skipped, report.failures) == (2, 1, [])
    assert report.article_ids == ["a", "b", "c"] and sum(seen) == 3


def test_failing_batch_reports_only_the_bad_article():
    store, report = FakeStore(bad={"b"}), BatchReport()
    _store_batch(store, _arts("a", "b", "c"), report, None)
    assert store.ids == {"a", "c"}
    assert (report.added, report.skipped) == (2, 0)  # "a" was kept by the failed batch: still added
    assert [f.origin for f in report.failures] == ["b"]
    assert report.article_ids == ["a", "c"]


def test_duplicate_ids_in_a_batch_count_once():
    store, report = FakeStore(), BatchReport()
    _store_batch(store, _arts("a", "a"), report, None)
    assert (report.added, report.skipped) == (1, 1)
