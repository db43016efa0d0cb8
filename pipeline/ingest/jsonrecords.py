"""JSON and JSON Lines exports of news scrapers (news-please and the like)."""
from __future__ import annotations

import json
from dataclasses import dataclass

from pipeline.ingest.published import parse_any_date

# Field names, most specific first, as news-please, newspaper3k, trafilatura's
# JSON output and common hand-made exports spell them.
TEXT_FIELDS = ("maintext", "text", "content", "body", "article_text", "raw_text")
TITLE_FIELDS = ("title", "headline", "title_page")
DATE_FIELDS = ("date_publish", "published_date", "publish_date", "date", "published", "pubDate")
URL_FIELDS = ("url", "link", "source_url")
OUTLET_FIELDS = ("source_domain", "outlet", "sitename", "source", "publisher", "site_name")
AUTHOR_FIELDS = ("authors", "author", "byline")


@dataclass
class JsonProblem:
    index: int | None  # the record's position, None for the whole file
    kind: str
    message: str


def load_json(text: str, index: int | None = None):
    """(value, None) or (None, JsonProblem): malformed, too deeply nested, or with
    numbers too long for Python all become a problem of this text alone."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as err:
        return None, json_problem(index, text, err)
    except RecursionError:
        return None, JsonProblem(index, "invalid_json", "nested too deeply to read (thousands of levels)")
    except ValueError as err:  # e.g. an integer of more digits than Python converts
        return None, JsonProblem(index, "invalid_json", str(err))


def parse_json_document(text: str) -> tuple[list[dict] | None, JsonProblem | None]:
    """The records of a JSON file: an object, or an array of objects."""
    data, problem = load_json(text)
    if problem is not None:
        return None, problem
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        return [data], None
    if isinstance(data, list):
        return data, None
    return None, JsonProblem(None, "invalid_json", f"top level is a {type(data).__name__}, not an article object")


def parse_json_lines(text: str) -> list[tuple[int, int, dict | None, JsonProblem | None]]:
    """(index, line number, record, problem) per non-blank line; one bad line spoils
    only itself. ``index`` counts the non-blank lines from 0 (the record's name),
    the line number counts every line from 1 (for people)."""
    out = []
    lines = [(number, line) for number, line in enumerate(text.split("\n"), 1) if line.strip()]
    for index, (number, line) in enumerate(lines):
        record, problem = load_json(line, index)
        out.append((index, number, record, problem))
    return out


def json_problem(index: int | None, text: str, err: json.JSONDecodeError) -> JsonProblem:
    """Tell a file cut short (the parser ran out of input) from malformed JSON."""
    at_end = err.pos >= len(text.rstrip()) - 1 or err.msg.startswith("Unterminated string")
    kind = "truncated_json" if at_end and "Extra data" not in err.msg else "invalid_json"
    return JsonProblem(index, kind, f"{err.msg} at line {err.lineno} column {err.colno}")


def record_bytes(record) -> tuple[bytes | None, str | None]:
    """(canonical bytes, None), or (None, why): JSON may escape a lone surrogate
    ("\\ud800"), which is no text a warehouse can store."""
    try:
        return canonical_json(record), None
    except UnicodeEncodeError as err:
        return None, f"holds {err.object[err.start:err.end]!r}, a lone surrogate: not text"
    except RecursionError:
        return None, "nested too deeply to store"


def canonical_json(record) -> bytes:
    """The bytes a record's doc_id is hashed from: key order and spacing do not matter."""
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def first_field(record: dict, names: tuple[str, ...]):
    return next((record[n] for n in names if record.get(n)), None)


def record_fields(record) -> tuple[dict | None, str | None]:
    """(SourceRecord fields, None) or (None, why the record is not an article)."""
    if not isinstance(record, dict):
        return None, f"a {type(record).__name__}, not an article object"
    text = first_field(record, TEXT_FIELDS)
    if not isinstance(text, str) or not text.strip():
        return None, f"no article text in any of the fields {', '.join(TEXT_FIELDS)}"
    authors = first_field(record, AUTHOR_FIELDS)
    if isinstance(authors, list):
        authors = ", ".join(str(a) for a in authors if a) or None
    return {
        "text": text,
        "title": as_str(first_field(record, TITLE_FIELDS)),
        "url": as_str(first_field(record, URL_FIELDS)),
        "outlet": as_str(first_field(record, OUTLET_FIELDS)),
        "byline": as_str(authors),
        "published_date": parse_any_date(first_field(record, DATE_FIELDS)),
    }, None


def as_str(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
