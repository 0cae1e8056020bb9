"""Exact, faster stand-ins for two of the spaCy model's own rule components.

Profiling the whole pipeline on news showed the English ``attribute_ruler`` and ``lemmatizer``
costing about as much as the dependency parser, although both are pure functions of a few token
attributes that repeat endlessly in running text:

* the attribute ruler's single-token patterns look only at a token's TAG, LOWER, DEP and
  IS_SPACE, yet the Matcher tests all ~180 patterns at every token;
* the rule lemmatizer caches only some of its answers (base forms are recomputed every time,
  through ``token.morph.to_dict()``).

:class:`CachedAttributeRuler` memoises which single-token patterns match a given
(TAG, LOWER, DEP, IS_SPACE) and runs a Matcher holding only the few multi-token patterns; the
collected matches are applied by the original component's own ``set_annotations``, in its order.
:class:`CachedLemmatizer` memoises the lemma of each (ORTH, POS, MORPH) and writes all lemmas with
one ``from_array``; a word not yet cached runs spaCy's own rule code against its word index held as
sets instead of lists (:class:`_FastRules`). Both produce exactly the original annotations (tests/test_speedups.py compares
them token by token); :func:`accelerate` swaps them in under the original names.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

__all__ = ["CachedAttributeRuler", "CachedLemmatizer", "accelerate"]

_CACHE_LIMIT = 200_000  # distinct keys kept per component; cleared, not evicted, when full
_KEY_ATTRS = frozenset({"TAG", "LOWER", "DEP", "IS_SPACE"})  # what the memo key holds of a token
# Token attributes the fast path writes with ``from_array`` (all token-level: set_token_attrs's
# lexeme write is a no-op for them).
_COLUMNS = frozenset({POS, MORPH, LEMMA, TAG, DEP})


class CachedAttributeRuler:
    """Same output as a spaCy ``AttributeRuler``; single-token pattern matches memoised per token kind."""

    def __init__(self, ruler: Any) -> None:
        self.ruler = ruler
        self.name = getattr(ruler, "name", "attribute_ruler")
        vocab = ruler.vocab
        self._single = Matcher(vocab, validate=False)
        self._multi = Matcher(vocab, validate=False)
        n_multi = n_keys = 0
        all_single: list[list[dict[str, Any]]] = []
        multi_patterns: list[list[dict[str, Any]]] = []
        for attr_id in range(len(ruler.attrs)):
            # AttributeRuler.add files rule i under the key str(i).
            key = vocab.strings[str(attr_id)]
            if key not in ruler.matcher:
                continue
            n_keys += 1
            _, patterns = ruler.matcher.get(key)
            single = [p for p in patterns if _is_single_token(p)]
            multi = [p for p in patterns if not _is_single_token(p)]
            if single:
                self._single.add(key, single)
                all_single.extend(single)
            if multi:
                self._multi.add(key, multi)
                multi_patterns.extend(multi)
                n_multi += 1
        if n_keys != len(ruler.matcher):
            raise ValueError("attribute ruler patterns are not keyed as expected; not cached")
        if any(set(spec) - _KEY_ATTRS for p in all_single for spec in p):
            raise ValueError("a single-token pattern tests more than TAG, LOWER, DEP, IS_SPACE; not cached")
        self._has_multi = n_multi > 0
        # A multi-token pattern can only match where a token matches its first token's spec: those
        # specs, memoised like the single-token patterns, say whether the Matcher needs to run at all
        # (most news sentences hold no "gonna" or "there is"). None: some first spec tests more
        # than the key holds, so the Matcher always runs.
        firsts = [[p[0]] for p in multi_patterns]
        self._starts: Matcher | None = None
        if firsts and not any(set(spec) - _KEY_ATTRS for (spec,) in firsts):
            self._starts = Matcher(vocab, validate=False)
            self._starts.add("start", firsts)
        # The longest multi-token pattern when none has an operator (each matches a fixed number of
        # tokens), else None (the Matcher then reads the whole doc).
        fixed = all("OP" not in spec for p in multi_patterns for spec in p)
        self._window = max((len(p) for p in multi_patterns), default=0) if fixed else None
        self._cache: dict[tuple[int, ...], _Entry] = {}
        self._lower_cache: dict[int, int] = {}
        self._lower_literals, self._lower_regexes = _lower_predicates(
            all_single + (firsts if self._starts is not None else []), vocab)
        self._columns, self._effects = _effects(ruler, vocab)

    def __call__(self, doc: Doc) -> Doc:
        if self._effects is None or not len(doc):
            self.ruler.set_annotations(doc, self.match(doc))
            return doc
        entries = self._entries(doc)
        values = np.array([e.values for e in entries], dtype=np.uint64)
        mask = np.array([e.mask for e in entries], dtype=bool)
        multi = self._multi_matches(doc, entries)
        if multi:
            self._apply_multi(doc, entries, multi, values, mask)
        cols = [c for c in range(len(self._columns)) if mask[:, c].any()]
        if cols:
            # Same token attributes as the ruler's set_token_attrs, written with one from_array: each
            # column takes the last value the sorted matches give it, the rest keep their value.
            attrs = [self._columns[c] for c in cols]
            current = doc.to_array(attrs).reshape(len(doc), len(cols)).astype(np.uint64)
            doc.from_array(attrs, np.where(mask[:, cols], values[:, cols], current))
        return doc

    def pipe(self, docs: Any, *, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The original ``AttributeRuler.match`` result: ``(attr_id, match_id, start, end)``, sorted."""
        entries = self._entries(doc)
        out = [(attr_id, m_id, i, i + 1) for i, e in enumerate(entries) for attr_id, m_id in e.hits]
        out.extend(self._multi_matches(doc, entries))
        out.sort()
        return out

    def _entries(self, doc: Doc) -> list[_Entry]:
        """The memoised single-token answer for every token, by (TAG, reduced LOWER, DEP, IS_SPACE)."""
        if not len(doc):
            return []
        strings = doc.vocab.strings
        cache = self._cache
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        if self._lower_literals is not None:
            lower_cache = self._lower_cache
            for row in rows:
                low = lower_cache.get(row[1])
                row[1] = low if low is not None else self._reduced_lower(row[1], strings)
        entries = []
        for i, row in enumerate(rows):
            key = tuple(row)
            entry = cache.get(key)
            if entry is None:
                entry = self._entry(doc, i)
                if len(cache) >= _CACHE_LIMIT:
                    cache.clear()
                cache[key] = entry
            entries.append(entry)
        return entries

    def _entry(self, doc: Doc, i: int) -> _Entry:
        # A single-token pattern sees only this token, so matching the one-token span is exact.
        one = doc[i : i + 1]
        strings = doc.vocab.strings
        hits = tuple(sorted((int(strings[m_id]), m_id)
                            for m_id, _, _ in self._single(one, allow_missing=True, as_spans=False)))
        starts = self._starts is None or bool(self._starts(one, allow_missing=True, as_spans=False))
        values, mask = self._apply_hits(hits)
        return _Entry(hits, starts, values, mask)

    def _apply_hits(self, hits: Any) -> tuple[tuple[int, ...], tuple[bool, ...]]:
        """Each column's value after the hits' attributes are set in order (the last one wins)."""
        n = len(self._columns)
        values, mask = [0] * n, [False] * n
        if self._effects is not None:
            for attr_id, *_ in hits:
                for col, value in self._effects[attr_id]:
                    values[col], mask[col] = value, True
        return tuple(values), tuple(mask)

    def _multi_matches(self, doc: Doc, entries: list[_Entry]) -> list[tuple[int, int, int, int]]:
        if not self._has_multi:
            return []
        strings = doc.vocab.strings
        if self._starts is None or self._window is None:
            return [(int(strings[m_id]), m_id, start, end)
                    for m_id, start, end in self._multi(doc, allow_missing=True, as_spans=False)]
        # Fixed-length patterns: a match starting at token i lies in doc[i : i + window], where the
        # Matcher finds it at offset 0 (a match starting later there has its own start token).
        out = []
        n, window = len(doc), self._window
        for i, e in enumerate(entries):
            if e.starts:
                found = self._multi(doc[i : min(n, i + window)], allow_missing=True, as_spans=False)
                out.extend((int(strings[m_id]), m_id, i + start, i + end)
                           for m_id, start, end in found if start == 0)
        return out

    def _apply_multi(self, doc: Doc, entries: list[_Entry], multi: list[tuple[int, int, int, int]],
                     values: np.ndarray, mask: np.ndarray) -> None:
        """Recompute the tokens a multi-token match writes to, from all their matches in sorted order."""
        indices = self.ruler.indices
        extra: dict[int, list[tuple[int, int, int, int]]] = {}
        for match in multi:
            attr_id, _, start, end = match
            index = indices[attr_id]
            target = start + index if index >= 0 else end + index
            if not start <= target < end:  # the ruler's own error for a bad index
                self.ruler.set_annotations(doc, [match])
            extra.setdefault(target, []).append(match)
        for target, matches in extra.items():
            seq = sorted([(a, m, target, target + 1) for a, m in entries[target].hits] + matches)
            row, row_mask = self._apply_hits(seq)
            values[target] = row
            mask[target] = row_mask

    def _reduced_lower(self, lower: int, strings: Any) -> int:
        """LOWER as the patterns can tell it apart: a word they name stays itself; any other word is
        only the set of pattern regexes it matches (so "kabul" and "herat" share cache entries)."""
        value = self._lower_cache.get(lower)
        if value is None:
            assert self._lower_literals is not None
            if lower in self._lower_literals:
                value = lower
            else:
                text = strings[lower]
                # Negative: never equal to a (non-negative) string hash.
                value = -1 - sum(1 << k for k, rx in enumerate(self._lower_regexes) if rx.search(text))
            if len(self._lower_cache) >= _CACHE_LIMIT:
                self._lower_cache.clear()
            self._lower_cache[lower] = value
        return value

    # Serialisation and the rest of the component API stay with the wrapped ruler.
    def __getattr__(self, name: str) -> Any:
        return getattr(self.ruler, name)


def _lower_predicates(patterns: list[list[dict[str, Any]]], vocab: Any) -> tuple[set[int] | None, list[Any]]:
    """The LOWER strings and regexes single-token patterns test, or (None, []) when some LOWER test is
    of another kind (then LOWER is used as it is, which is always exact, only less cached)."""
    literals: set[int] = set()
    regexes: list[Any] = []
    for pattern in patterns:
        for spec in pattern:
            value = spec.get("LOWER")
            if value is None:
                continue
            if isinstance(value, str):
                literals.add(vocab.strings.add(value))
            elif isinstance(value, dict) and set(value) <= {"IN", "NOT_IN", "REGEX"}:
                for op, arg in value.items():
                    if op == "REGEX":
                        regexes.append(re.compile(arg))
                    else:
                        literals.update(vocab.strings.add(v) for v in arg)
            else:
                return None, []
    return literals, regexes


def _is_single_token(pattern: list[dict[str, Any]]) -> bool:
    return len(pattern) == 1 and "OP" not in pattern[0]


class _Entry(NamedTuple):
    """What the single-token patterns do to a token of one kind: their sorted ``(attr_id, match_id)``
    hits, whether a multi-token pattern may start at it, and the resulting value of each ruler
    column (``mask``: the column is set)."""

    hits: tuple[tuple[int, int], ...]
    starts: bool
    values: tuple[int, ...]
    mask: tuple[bool, ...]


def _effects(ruler: Any, vocab: Any) -> tuple[tuple[int, ...], list[tuple[tuple[int, int], ...]] | None]:
    """The token attributes the ruler sets (its columns) and, per rule, its ``(column, value)``
    assignments in the order ``set_token_attrs`` makes them; None for the rules when some rule
    sets an extension or another attribute, or its index cannot point into a one-token match (then
    the ruler's own ``set_annotations`` writes them)."""
    singles_ok = all(ruler.indices[a] in (0, -1) for a in range(len(ruler.attrs))
                     if vocab.strings[str(a)] in ruler.matcher
                     and any(_is_single_token(p) for p in ruler.matcher.get(vocab.strings[str(a)])[1]))
    if not singles_ok or any(set(attrs) - _COLUMNS for attrs in ruler.attrs):
        return (), None
    columns = tuple(sorted({a for attrs in ruler.attrs for a in attrs}))
    where = {a: c for c, a in enumerate(columns)}
    return columns, [tuple((where[a], int(v)) for a, v in attrs.items()) for attrs in ruler.attrs]


class CachedLemmatizer:
    """Same output as a spaCy rule/lookup ``Lemmatizer``; one lemma computed per (ORTH, POS, MORPH)."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.name = getattr(lemmatizer, "name", "lemmatizer")
        self._cache: dict[tuple[int, int, int], int] = {}
        self._rules = _FastRules.wrap(lemmatizer)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lem = self.lemmatizer
        if not getattr(lem, "_validated", True):
            lem._validate_tables()
        overwrite = bool(getattr(lem, "overwrite", False))
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = arr[:, 3].copy()
        cache = self._cache
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if lemma and not overwrite:
                continue  # set before us (the attribute ruler's exceptions): kept, as the original does
            key = (orth, pos, morph)
            value = cache.get(key)
            if value is None:
                token = doc[i]
                forms = self._rules.rule_lemmatize(token) if self._rules is not None else lem.lemmatize(token)
                value = strings.add(forms[0])
                if len(cache) >= _CACHE_LIMIT:
                    cache.clear()
                cache[key] = value
            lemmas[i] = value
        doc.from_array([LEMMA], lemmas.reshape(-1, 1).astype(np.uint64))
        return doc

    def pipe(self, docs: Any, *, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.lemmatizer, name)


class _NoCache(dict):  # type: ignore[type-arg]
    """A cache that keeps nothing: :class:`CachedLemmatizer` caches the final lemma itself."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


class _FastRules:
    """The rule lemmatizer's own ``rule_lemmatize`` code, run against its tables with the word index
    as sets. spaCy keeps ``lemma_index`` as lists (57,000 nouns) and tests ``form in index`` for
    each suffix rule, so a word not yet cached cost ~0.3 ms; with sets the same code gives the same
    lemmas at a fraction of that. Only for a rule lemmatizer whose ``rule_lemmatize`` is spaCy's own.
    """

    def __init__(self, lemmatizer: Any, lookups: Any) -> None:
        self.lookups = lookups
        self.cache = _NoCache()
        self.is_base_form = lemmatizer.is_base_form

    @classmethod
    def wrap(cls, lemmatizer: Any) -> _FastRules | None:
        from spacy.lookups import Lookups, Table
        from spacy.pipeline import Lemmatizer

        if (getattr(lemmatizer, "mode", None) != "rule"
                or type(lemmatizer).rule_lemmatize is not Lemmatizer.rule_lemmatize):
            return None
        source = getattr(lemmatizer, "lookups", None)
        if not isinstance(source, Lookups) or not source.has_table("lemma_index"):
            return None
        lookups = Lookups()
        for name in source.tables:
            table = source.get_table(name)
            if name == "lemma_index":
                fast = Table(name=name)
                for key, words in table.items():
                    fast[key] = frozenset(words)  # membership is all rule_lemmatize asks of it
                table = fast
            lookups.set_table(name, table)
        return cls(lemmatizer, lookups)

    def rule_lemmatize(self, token: Any) -> list[str]:
        from spacy.pipeline import Lemmatizer

        return Lemmatizer.rule_lemmatize(self, token)  # type: ignore[arg-type]


@Language.factory("eventscope_cached_attribute_ruler")
def _make_cached_ruler(nlp: Language, name: str) -> _Slot:
    return _Slot(name)


@Language.factory("eventscope_cached_lemmatizer")
def _make_cached_lemmatizer(nlp: Language, name: str) -> _Slot:
    return _Slot(name)


class _Slot:
    """Placeholder a factory returns; :func:`accelerate` fills it with the wrapped component."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.impl: Any = None

    def __call__(self, doc: Doc) -> Doc:
        return self.impl(doc)

    def __getattr__(self, name: str) -> Any:
        if name == "impl":
            raise AttributeError(name)
        return getattr(self.impl, name)


def accelerate(nlp: Language) -> Language:
    """Swap the model's ``attribute_ruler`` and rule ``lemmatizer`` for the cached versions, in place,
    under the same names and positions. A no-op for components that are absent or already swapped."""
    from spacy.pipeline import AttributeRuler, Lemmatizer

    for name, factory, wrapper, kind in (
        ("attribute_ruler", "eventscope_cached_attribute_ruler", CachedAttributeRuler, AttributeRuler),
        ("lemmatizer", "eventscope_cached_lemmatizer", CachedLemmatizer, Lemmatizer),
    ):
        if name not in nlp.pipe_names:
            continue
        original = nlp.get_pipe(name)
        if not isinstance(original, kind):
            continue  # already swapped, or a component of another kind under that name
        if name == "lemmatizer" and getattr(original, "mode", "rule") not in ("rule", "lookup"):
            continue  # a trainable lemmatizer is not a pure function of these attributes
        try:
            impl = wrapper(original)
        except ValueError:  # a component built differently from spaCy's own: keep it as it is
            continue
        index = nlp.pipe_names.index(name)
        nlp.remove_pipe(name)
        slot = nlp.add_pipe(factory, name=name, before=nlp.pipe_names[index] if index < len(nlp.pipe_names) else None)
        slot.impl = impl
    return nlp
