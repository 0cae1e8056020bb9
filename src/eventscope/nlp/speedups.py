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
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

__all__ = ["CachedAttributeRuler", "CachedLemmatizer", "accelerate"]

_CACHE_LIMIT = 200_000  # distinct keys kept per component; cleared, not evicted, when full


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
                n_multi += 1
        if n_keys != len(ruler.matcher):
            raise ValueError("attribute ruler patterns are not keyed as expected; not cached")
        self._has_multi = n_multi > 0
        self._cache: dict[tuple[int, ...], list[tuple[int, int]]] = {}
        self._lower_cache: dict[int, int] = {}
        self._lower_literals, self._lower_regexes = _lower_predicates(all_single, vocab)

    def __call__(self, doc: Doc) -> Doc:
        self.ruler.set_annotations(doc, self.match(doc))
        return doc

    def pipe(self, docs: Any, *, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The original ``AttributeRuler.match`` result: ``(attr_id, match_id, start, end)``, sorted."""
        strings = doc.vocab.strings
        cache = self._cache
        out: list[tuple[int, int, int, int]] = []
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist() if len(doc) else []
        reduce = self._lower_literals is not None
        for i, row in enumerate(rows):
            if reduce:
                row[1] = self._reduced_lower(row[1], strings)
            key = tuple(row)
            hits = cache.get(key)
            if hits is None:
                # A single-token pattern sees only this token, so matching the one-token span is exact.
                hits = sorted(
                    (int(strings[m_id]), m_id)
                    for m_id, _, _ in self._single(doc[i : i + 1], allow_missing=True, as_spans=False)
                )
                if len(cache) >= _CACHE_LIMIT:
                    cache.clear()
                cache[key] = hits
            for attr_id, m_id in hits:
                out.append((attr_id, m_id, i, i + 1))
        if self._has_multi:
            for m_id, start, end in self._multi(doc, allow_missing=True, as_spans=False):
                out.append((int(strings[m_id]), m_id, start, end))
        out.sort()
        return out

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
