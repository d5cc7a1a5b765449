"""tm: a multilingual translation memory toolkit (segmentation, PO/TMX, glossary, QA, memory)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tm")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

from tm.errors import ParseError, TmError, UnsafeXMLError
from tm.model import Context, Origin, Status, Tag, Unit, Variant, normalize_lang
from tm.segment import Paragraph, Sentence, segment, split_sentences

__all__ = [
    "Context",
    "Origin",
    "Paragraph",
    "ParseError",
    "Sentence",
    "Status",
    "Tag",
    "TmError",
    "Unit",
    "UnsafeXMLError",
    "Variant",
    "__version__",
    "normalize_lang",
    "segment",
    "split_sentences",
]
