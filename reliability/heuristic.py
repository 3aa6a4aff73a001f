"""What a heuristic is: a small object with a name, a version and a pure method.

A heuristic never does I/O. It reads the shared `Analysis` of a document (and,
for a cross-document heuristic, the analyses of its peers) and returns an
`Outcome`. The engine adds the plugin name, timing and status.

Heuristics share work only through the engine:

- **Products.** A heuristic that declares `publishes = SomeType` may call
  `context.publish(value)` once in `evaluate` with an instance of that type
  (a frozen msgspec Struct, or an object that behaves as immutable). A
  heuristic that names it in `requires` runs after it and reads it with
  `context.product(name, SomeType)`. Products stay in memory for the
  scoring of one document; they are never part of the scorecard. A required
  heuristic that is disabled, excluded, failed or timed out gives no product
  (`context.product` returns None), and the dependent carries on without it.
- **Memos.** The engine owns the memos a heuristic may keep: `context.memo`
  for the document being scored, `context.memo_of(doc)` for any document of
  the story (the document or a peer), and `context.story_memo` for what
  spans documents (a pair of them), shared by all the documents scored in one
  call (`Engine.score_many(..., compare=True)`). Each heuristic has its own
  memos (others cannot read them), each bounded (least recently used first
  out), all dropped when the call returns. No module-level caches.
- **Options.** A heuristic declares its settings as a msgspec Struct
  (`options = MyOptions`, with `forbid_unknown_fields=True`); the engine
  validates the configured table against it when plugins load, refusing
  unknown keys and bad values at start-up, and hands the instance to
  `evaluate` (`context.options_as(MyOptions)`).
- **Budget.** `budget` is the heuristic's own CPU-time budget in seconds;
  None uses the configured `timeout`.
"""

from __future__ import annotations

import abc
import math
import threading
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import cachetools
import msgspec

from reliability.analysis import Analysis
from reliability.models import Outcome

if TYPE_CHECKING:
    from reliability.models import HeuristicResult

T = TypeVar("T")
P = TypeVar("P")
S = TypeVar("S", bound=msgspec.Struct)

STORY_MEMO_SIZE = 4096
"""Entries a heuristic's story memo keeps (least recently used first out)."""
DOCUMENT_MEMO_SIZE = 256
"""Entries a heuristic's memo of one document keeps."""


class NoOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The options of a heuristic that takes none: any configured key is refused."""


class Memo:
    """Values computed once and kept, bounded (least recently used first out); thread-safe.

    `get(key, make)` returns the kept value for `key`, or calls `make()`,
    keeps its value and returns it. Keys are any hashable values; analyses
    are hashable by identity, so `(“profile”, doc)` is a fine key.
    """

    def __init__(self, maxsize: int = STORY_MEMO_SIZE) -> None:
        self._cache: cachetools.LRUCache[Hashable, Any] = cachetools.LRUCache(maxsize)
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value kept for `key`, computing it with `make()` the first time."""
        with self._lock:
            try:
                value: T = self._cache[key]
                return value
            except KeyError:
                pass
        value = make()
        with self._lock:
            self._cache[key] = value
        return value

    def __len__(self) -> int:
        return len(self._cache)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._cache


class Memos:
    """The memos of one scoring call, by heuristic: one for the story and one per document.

    The engine makes one for each call (one story) and drops it after; the
    documents it memoises for are kept referenced with it, so keys made of
    analyses stay valid while it lives.
    """

    def __init__(
        self, *, story_size: int = STORY_MEMO_SIZE, document_size: int = DOCUMENT_MEMO_SIZE
    ) -> None:
        self._story_size = story_size
        self._document_size = document_size
        self._story: dict[str, Memo] = {}
        self._documents: dict[tuple[str, int], tuple[Analysis, Memo]] = {}
        self._lock = threading.Lock()

    def story(self, heuristic: str) -> Memo:
        """The heuristic's memo for the whole story."""
        with self._lock:
            memo = self._story.get(heuristic)
            if memo is None:
                memo = self._story[heuristic] = Memo(self._story_size)
            return memo

    def document(self, heuristic: str, doc: Analysis) -> Memo:
        """The heuristic's memo for one document of the story."""
        key = (heuristic, id(doc))
        with self._lock:
            found = self._documents.get(key)
            if found is None:
                found = self._documents[key] = (doc, Memo(self._document_size))
            return found[1]


class _AnyProduct:
    """Marks a context built outside the engine: any product may be published."""


class Context:
    """What a heuristic receives beside the document.

    - `peers`: analyses of the other coverage of the same story (empty unless
      the heuristic is cross-document and peers were given).
    - `results`: the results of the heuristics named in `requires`, by name
      (absent when disabled, excluded or not installed; a failed one has
      status `error` or `timeout`).
    - `options`: this heuristic's validated options (an instance of its
      `options` Struct); read it typed with `options_as`.
    - `product(name, kind)`, `publish(value)`: products (module docstring).
    - `memo`, `memo_of(doc)`, `story_memo`: memos (module docstring).

    The engine builds one for each heuristic and document. Tests may build
    one directly: `Context(peers=[...], options={"today": "2025-01-01"})`.
    """

    __slots__ = (
        "_doc",
        "_heuristic",
        "_memos",
        "_products",
        "_publishes",
        "options",
        "peers",
        "published",
        "results",
    )

    def __init__(
        self,
        *,
        peers: Sequence[Analysis] = (),
        results: Mapping[str, HeuristicResult] | None = None,
        options: msgspec.Struct | Mapping[str, Any] | None = None,
        products: Mapping[str, object] | None = None,
        memos: Memos | None = None,
        heuristic: str = "",
        document: Analysis | None = None,
        publishes: type | type[_AnyProduct] | None = _AnyProduct,
    ) -> None:
        self.peers: Sequence[Analysis] = peers
        self.results: Mapping[str, HeuristicResult] = results if results is not None else {}
        self.options: msgspec.Struct | Mapping[str, Any] = options if options is not None else {}
        self.published: object | None = None
        self._products: Mapping[str, object] = products if products is not None else {}
        self._memos = memos if memos is not None else Memos()
        self._heuristic = heuristic
        self._doc = document
        self._publishes = publishes

    def options_as(self, kind: type[S]) -> S:
        """The options as `kind`, the heuristic's options Struct.

        The engine passes an instance already validated; a mapping (a context
        built by hand) is converted here, raising `msgspec.ValidationError`
        on a bad value.
        """
        if isinstance(self.options, kind):
            return self.options
        if isinstance(self.options, Mapping):
            return msgspec.convert(dict(self.options), kind, strict=False)
        raise TypeError(f"options are {type(self.options).__name__}, not {kind.__name__}")

    def product(self, name: str, kind: type[P]) -> P | None:
        """The product of the required heuristic `name`, if it ran and published a `kind`."""
        value = self._products.get(name)
        return value if isinstance(value, kind) else None

    def publish(self, product: object) -> None:
        """Publish this heuristic's product for the heuristics that require it.

        Raises `TypeError` when the heuristic declares no `publishes`, or the
        product is not an instance of it (the run then fails with status
        `error`, naming the problem).
        """
        expected = self._publishes
        if expected is None:
            raise TypeError(f"heuristic {self._heuristic!r} declares no `publishes` type")
        if expected is not _AnyProduct and not isinstance(product, expected):
            raise TypeError(
                f"heuristic {self._heuristic!r} published {type(product).__name__}, "
                f"not {expected.__name__} as it declares"
            )
        self.published = product

    @property
    def memo(self) -> Memo:
        """This heuristic's memo for the document being scored."""
        if self._doc is None:
            return self._memos.story(f"{self._heuristic}\x00document")
        return self._memos.document(self._heuristic, self._doc)

    def memo_of(self, doc: Analysis) -> Memo:
        """This heuristic's memo for `doc`, the document or one of its peers."""
        return self._memos.document(self._heuristic, doc)

    @property
    def story_memo(self) -> Memo:
        """This heuristic's memo for the story: every document scored in this call."""
        return self._memos.story(self._heuristic)


class Heuristic(abc.ABC):
    """Base class for heuristics. Subclasses set the class attributes and `evaluate`.

    - `name`: a stable machine name, unique across installed plugins (`hedging`).
    - `version`: the heuristic's own version; bump it when results change.
    - `description`: one sentence saying what it judges.
    - `default_weight`: its weight in the overall score unless configured.
    - `requires`: names of heuristics whose results and products it reads; they run first.
    - `cross_document`: true when it compares the document with its peers.
    - `publishes`: the type of the product it publishes for others, or None.
    - `options`: the msgspec Struct of its options (`forbid_unknown_fields=True`).
    - `budget`: its CPU-time budget in seconds, or None for the configured `timeout`.
    """

    name: ClassVar[str]
    version: ClassVar[str] = "1.0.0"
    description: ClassVar[str] = ""
    default_weight: ClassVar[float] = 1.0
    requires: ClassVar[tuple[str, ...]] = ()
    cross_document: ClassVar[bool] = False
    publishes: ClassVar[type | None] = None
    options: ClassVar[type[msgspec.Struct]] = NoOptions
    budget: ClassVar[float | None] = None

    @abc.abstractmethod
    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        """Judge one analysed document; must be pure and must not mutate `doc`."""


def valid_budget(value: object) -> bool:
    """Whether `value` is a usable budget: None, or a positive finite number of seconds."""
    if value is None:
        return True
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 0 < value <= 3600
    )
