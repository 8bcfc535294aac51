"""The two YAML readers of ``csip.load.reader`` give the same data, and the data PyYAML would give.

The fast reader handles the block style plan files are written in and declines anything else;
the careful reader reads any YAML and records positions. A plan that is read by one and placed
by the other must see the same document from both, so every snippet here is read by both.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REFERENCE_PLAN

from csip.load import reader as load
from csip.load.reader import Data, Position, YamlError, YamlProblem

# Text in the block subset that plan files use: the fast reader must read each of these.
FAST: list[tuple[str, str, Data]] = [
    (
        "folded-strip",
        "a: >-\n  one\n  two\n\n  three\n\n\nb: x\n",
        {"a": "one two\nthree", "b": "x"},
    ),
    (
        "folded-clip",
        "a: >\n  one\n  two\n\n  three\n\n\nb: x\n",
        {"a": "one two\nthree\n", "b": "x"},
    ),
    (
        "literal-clip",
        "a: |\n  one\n  two\n\n  three\n\n\nb: x\n",
        {"a": "one\ntwo\n\nthree\n", "b": "x"},
    ),
    (
        "literal-strip",
        "a: |-\n  one\n  two\n\n  three\n\n\nb: x\n",
        {"a": "one\ntwo\n\nthree", "b": "x"},
    ),
    ("folded-two-blank-lines", "a: >\n  x\n\n\n  y\n", {"a": "x\n\ny\n"}),
    ("literal-trailing-blank-lines-at-end", "a: |\n  one\n\n\n", {"a": "one\n"}),
    ("literal-blank-line-with-spaces", "a: |\n  one\n\n  \n", {"a": "one\n"}),
    ("folded-last-line-without-line-break", "a: >\n  one", {"a": "one"}),
    ("literal-last-line-without-line-break", "a: |\n  one\n  two", {"a": "one\ntwo"}),
    ("block-scalar-empty", "a: |\nb: c\n", {"a": "", "b": "c"}),
    ("block-scalar-empty-at-end", "a: >-\n", {"a": ""}),
    ("literal-more-indented-line", "a: |\n  x\n   y\n", {"a": "x\n y\n"}),
    ("literal-hash-is-text", "a: |\n  x\n  # not a comment\n", {"a": "x\n# not a comment\n"}),
    ("block-scalar-ended-by-comment", "a: >-\n  x\n # c\nb: y\n", {"a": "x", "b": "y"}),
    ("block-scalar-header-comment", "a: >- # c\n  x\nb: | # c\n  y\n", {"a": "x", "b": "y\n"}),
    ("block-scalar-in-sequence", "- |\n  x\n- >-\n  y\n  z\n- w\n", ["x\n", "y z", "w"]),
    (
        "block-scalar-in-action",
        'actions:\n  - id: "6.1.4"\n    action: >-\n      Write a job\n      description.\n\n'
        "    lead: DCS\n",
        {"actions": [{"id": "6.1.4", "action": "Write a job description.", "lead": "DCS"}]},
    ),
    (
        "comments-everywhere",
        "# c\na: b # c\n# c\nc: [x, y] # c\n  # c\nd:   # c\n  # c\n  e: 'f' # c\n"
        "g:\n  - h # c\n# c\n  - i\n# end",
        {"a": "b", "c": ["x", "y"], "d": {"e": "f"}, "g": ["h", "i"]},
    ),
    ("hash-inside-plain-text", "a: b#c\nd: e #f\n", {"a": "b#c", "d": "e"}),
    ("quoted-hash", "a: '#'\nb: \"#\" # c\n", {"a": "#", "b": "#"}),
    (
        "flow-list-quoted-commas",
        "a: ['x, y', \"z, w\", v]\n",
        {"a": ["x, y", "z, w", "v"]},
    ),
    ("flow-list-doubled-quote", "a: ['it''s', x]\n", {"a": ["it's", "x"]}),
    ("flow-list-codes-with-spaces", "a: [ADCSC, HOS C&R]\n", {"a": ["ADCSC", "HOS C&R"]}),
    ("flow-list-empty", "a: []\nb: [ ]\n", {"a": [], "b": []}),
    ("flow-list-trailing-comma", "a: [x, y,]\n", {"a": ["x", "y"]}),
    ("single-quotes-doubled", "a: 'it''s'\n", {"a": "it's"}),
    ("quoted-spaces-kept", "a: ' x '\nb: \"  \"\n", {"a": " x ", "b": "  "}),
    ("indentless-sequence", "a:\n- b\n- c\nd: e\n", {"a": ["b", "c"], "d": "e"}),
    ("indented-sequence", "a:\n   - b\n   - c\n", {"a": ["b", "c"]}),
    (
        "mapping-items",
        "- a: b\n  c: d\n- e: f\n",
        [{"a": "b", "c": "d"}, {"e": "f"}],
    ),
    (
        "mapping-items-in-indentless-sequence",
        "a:\n- b: c\n  d:\n  - e\ng: h\n",
        {"a": [{"b": "c", "d": ["e"]}], "g": "h"},
    ),
    (
        "nested-mappings",
        "a:\n  b:\n    c: d\n  e: f\ng: h\n",
        {"a": {"b": {"c": "d"}, "e": "f"}, "g": "h"},
    ),
    (
        "nulls",
        "a: ~\nb:\nc: null\nd: ''\ne: \"\"\nf: [~, null, '', x]\n",
        {"a": None, "b": None, "c": None, "d": "", "e": "", "f": [None, None, "", "x"]},
    ),
    ("empty-value-then-spaces", "a: \nb: c\n", {"a": None, "b": "c"}),
    ("empty-value-then-comment", "a: # c\nb: c\n", {"a": None, "b": "c"}),
    ("null-words-inside-text", "a: ~x\nb: null x\n", {"a": "~x", "b": "null x"}),
    (
        "keys-with-ampersand",
        "HOS C&R: x\nTask & Finish Group:\n",
        {"HOS C&R": "x", "Task & Finish Group": None},
    ),
    (
        "quoted-keys",
        "\"a b\": c\n'd: e': f\n'g''h': i\n\"HOS C&R\": j\n",
        {"a b": "c", "d: e": "f", "g'h": "i", "HOS C&R": "j"},
    ),
    ("keys-are-text", "~: x\nnull: y\n'': z\n1: w\n", {"~": "x", "null": "y", "": "z", "1": "w"}),
    ("space-before-colon", "a : b\nc   : d\n", {"a": "b", "c": "d"}),
    ("document-start", "---\na: b\n", {"a": "b"}),
    ("document-start-with-space", "--- \na: b\n", {"a": "b"}),
    ("document-start-only", "---\n", None),
    ("empty-text", "", None),
    ("only-a-comment", "# nothing here\n", None),
    (
        "unicode-text",
        "a: café ✓ 😀 £'000\nb: 'naïve ''quote'''\n",
        {"a": "café ✓ 😀 £'000", "b": "naïve 'quote'"},
    ),
    (
        "numbers-and-dates-stay-text",
        "a: 1.6\nb: 2017-02-30\nc: 010\nd: yes\ne: 1e3\nf: .inf\ng: 2016-05\n"
        "h: [1.6, 2017-01, no]\n",
        {
            "a": "1.6",
            "b": "2017-02-30",
            "c": "010",
            "d": "yes",
            "e": "1e3",
            "f": ".inf",
            "g": "2016-05",
            "h": ["1.6", "2017-01", "no"],
        },
    ),
    ("financial-year-keys", "2016/17:\n  budget: 731\n", {"2016/17": {"budget": "731"}}),
    ("colon-without-space", "a: b:c\nd: http://x\n", {"a": "b:c", "d": "http://x"}),
    ("plain-starting-with-dash", "a: -1\nb: -b\n", {"a": "-1", "b": "-b"}),
    ("plain-starting-with-indicators", "a: ?b\nb: :c\n", {"a": "?b", "b": ":c"}),
    ("trailing-spaces", "a: b   \nc: 'd'   \n", {"a": "b", "c": "d"}),
    ("blank-lines", "a: b\n\n\nc:\n\n  d: e\n\n", {"a": "b", "c": {"d": "e"}}),
]

# Text the fast reader declines: the careful reader reads it, to the same data as PyYAML.
DECLINED: list[tuple[str, str, Data]] = [
    ("anchor-and-alias", "a: &x b\nc: *x\n", {"a": "b", "c": "b"}),
    ("flow-mapping", "a: {b: c, d: [e]}\n", {"a": {"b": "c", "d": ["e"]}}),
    ("multi-line-plain-scalar", "a: b\n  c\n", {"a": "b c"}),
    ("multi-line-quoted-scalar", "a: 'x\n  y'\n", {"a": "x y"}),
    ("multi-line-flow-list", "a: [x,\n  y]\n", {"a": ["x", "y"]}),
    ("escape-in-double-quotes", 'a: "b\\nc"\n', {"a": "b\nc"}),
    ("escaped-quote-in-key", '"a\\"b": c\n', {'a"b': "c"}),
    ("tab", "a: 'b\tc'\nd: |\n  e\tf\n", {"a": "b\tc", "d": "e\tf\n"}),
    ("keep-chomping", "a: |+\n  x\n\n", {"a": "x\n\n"}),
    ("explicit-indentation", "a: |2\n   x\n", {"a": " x\n"}),
    ("folded-more-indented-line", "a: >\n  x\n   y\n", {"a": "x\n y\n"}),
    ("block-scalar-leading-blank-line", "a: >-\n\n  x\n", {"a": "\nx"}),
    ("sequence-in-sequence", "- - a\n", [["a"]]),
    ("dash-alone", "-\n  a: b\n", [{"a": "b"}]),
    ("indented-root", "  a: b\n", {"a": "b"}),
    ("windows-line-breaks", "a: b\r\nc: d\r\n", {"a": "b", "c": "d"}),
    ("byte-order-mark", "\ufeffa: b\n", {"a": "b"}),
    ("document-end", "a: b\n...\n", {"a": "b"}),
    ("root-flow-list", "[a, b]\n", ["a", "b"]),
    ("root-scalar", "a\n", "a"),
    ("flow-items-with-dash-and-hash", "a: [-1, x#y]\n", {"a": ["-1", "x#y"]}),
]

# Duplicate keys: the fast reader declines them; the careful reader keeps the first and reports.
DUPLICATE = "a: b\nc: d\na: e\n"


def _fast(text: str) -> Data:
    return load._FastReader(text).document()


def _careful(text: str) -> Data:
    return load.read_with_positions(text)[0]


def _as_base_loader(data: Data) -> Any:
    """Our data as PyYAML's BaseLoader gives it: an empty value is '' there, None here."""
    if data is None:
        return ""
    if isinstance(data, dict):
        return {key: _as_base_loader(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_as_base_loader(item) for item in data]
    return data


def _writes_null_word(text: str) -> bool:
    """Whether the text spells a null (~, null): BaseLoader keeps those words as text."""
    return "~" in text or "null" in text


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in FAST], ids=[c[0] for c in FAST]
)
def test_fast_reader_reads_the_block_subset(text: str, expected: Data) -> None:
    assert _fast(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [case[1:] for case in FAST + DECLINED],
    ids=[c[0] for c in FAST + DECLINED],
)
def test_careful_reader_gives_the_same_data(text: str, expected: Data) -> None:
    assert _careful(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [case[1:] for case in FAST + DECLINED],
    ids=[c[0] for c in FAST + DECLINED],
)
def test_read_gives_the_same_data(text: str, expected: Data) -> None:
    assert load.read(text)[0] == expected


@pytest.mark.parametrize("text", [case[1] for case in DECLINED], ids=[c[0] for c in DECLINED])
def test_fast_reader_declines_what_it_does_not_handle(text: str) -> None:
    with pytest.raises(load._Unsupported):
        _fast(text)


@pytest.mark.parametrize(
    "text",
    [DUPLICATE, "a: !!str b\n", "a: ! b\n", "a: b\n---\nc: d\n", "? a\n: b\n", "[a, b]: c\n"],
    ids=["duplicate-key", "tag", "non-specific-tag", "second-document", "explicit-key", "list-key"],
)
def test_fast_reader_declines_what_the_careful_reader_must_judge(text: str) -> None:
    with pytest.raises(load._Unsupported):
        _fast(text)


# Not the empty documents: BaseLoader gives None for no document and '' for an empty one.
_BASE_CASES = [
    case for case in FAST + DECLINED if case[2] is not None and not _writes_null_word(case[1])
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in _BASE_CASES], ids=[c[0] for c in _BASE_CASES]
)
def test_readers_agree_with_pyyaml(text: str, expected: Data) -> None:
    assert _as_base_loader(load.read(text)[0]) == yaml.load(text, Loader=yaml.BaseLoader)


def test_fast_reader_gives_no_positions() -> None:
    data, index, duplicates = load.read("a: b\n")
    assert (data, index, duplicates) == ({"a": "b"}, None, [])


def test_declined_text_comes_back_with_positions() -> None:
    data, index, duplicates = load.read("a: &x b\n")
    assert data == {"a": "b"}
    assert index is not None
    assert index.places[("a",)] == load.Placed(Position(1, 1), Position(1, 4))
    assert duplicates == []


# --------------------------------------------------------------------------------------------
# Positions and duplicate keys: what the careful reader records.

ACTION = """\
priority: 6
actions:
  - id: "6.1.4"
    deu: 2016-10
    lead: [DCS, HOS C&R]
    updates:
      - date: 2016-11-30
"""


@pytest.mark.parametrize(
    ("loc", "key", "value"),
    [
        ((), (1, 1), (1, 1)),
        (("priority",), (1, 1), (1, 11)),
        (("actions",), (2, 1), (3, 3)),
        (("actions", 0), (3, 5), (3, 5)),
        (("actions", 0, "id"), (3, 5), (3, 9)),
        (("actions", 0, "deu"), (4, 5), (4, 10)),
        (("actions", 0, "lead", 1), (5, 17), (5, 17)),
        (("actions", 0, "updates", 0), (7, 9), (7, 9)),
        (("actions", 0, "updates", 0, "date"), (7, 9), (7, 15)),
    ],
)
def test_positions_of_keys_and_values(
    loc: load.Loc, key: tuple[int, int], value: tuple[int, int]
) -> None:
    index = load.read_with_positions(ACTION)[1]
    assert index.places[loc] == load.Placed(Position(*key), Position(*value))


def test_find_gives_the_deepest_node_that_exists() -> None:
    index = load.read_with_positions(ACTION)[1]
    found, placed = index.find(("actions", 0, "due"))
    assert (found, placed.value) == (("actions", 0), Position(3, 5))


def test_duplicate_key_is_reported_at_the_second() -> None:
    data, _, duplicates = load.read_with_positions(DUPLICATE)
    assert data == {"a": "b", "c": "d"}
    assert duplicates == [
        YamlProblem(
            Position(3, 1),
            "duplicate key 'a' (first at line 1); YAML would silently keep only one",
            "duplicate-key",
        )
    ]


def test_duplicate_key_with_a_block_value_is_skipped_whole() -> None:
    data, _, duplicates = load.read_with_positions("a:\n  b: c\na:\n  d: e\nf: g\n")
    assert data == {"a": {"b": "c"}, "f": "g"}
    assert [problem.position for problem in duplicates] == [Position(3, 1)]


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            "a: [b\n",
            2,
            1,
            "not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence)",
        ),
        (
            "a: !!python/object:os.system b\n",
            1,
            4,
            "YAML tags such as '!!python/object:os.system' are not used in plan files",
        ),
        ("a: !local b\n", 1, 4, "YAML tags such as '!local' are not used in plan files"),
        ("a: b\n---\nc: d\n", 2, 1, "a plan file holds one YAML document, not several"),
        ("[a, b]: c\n", 1, 1, "a key must be plain text"),
        ("a: *nowhere\n", 1, 4, "alias '*nowhere' names no anchor"),
        ("a: b\nc: d\x00\n", 2, 5, "not valid YAML: the character U+0000 is not allowed in YAML"),
        ("a: é\nb: é\x07\n", 2, 5, "not valid YAML: the character U+0007 is not allowed in YAML"),
    ],
    ids=[
        "syntax",
        "tag",
        "local-tag",
        "two-documents",
        "list-key",
        "undefined-alias",
        "nul",
        "bell-after-utf8",
    ],
)
def test_text_that_is_not_a_plan_document(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(YamlError) as raised:
        load.read(text)
    assert raised.value.problem == YamlProblem(Position(line, column), message)


# --------------------------------------------------------------------------------------------
# Random documents from the constructs above: both readers, and PyYAML, must agree.

_PLAIN = ["x", "1.6", "2017-02-30", "2016-05", "yes", "café ✓", "HOS C&R", "a b"]
_PLAIN_OUTSIDE_FLOW = ["a:b", "x#y", "-1", "50%", "it's"]
_QUOTED = ["it's", "#", " x ", "a, b", "x: y", "[a]"]
_KEYS = ["id", "action", "HOS C&R", "Task & Finish Group", "2016/17", "a b"]
_QUOTED_KEYS = ['"x: y"', "'it''s'", '"HOS C&R"']
_WORDS = ["care", "leavers", "plan", "# not a comment", "50%", "x: y", "'q'", "- item"]
_MAX_DEPTH = 4


class _Document:
    """A random block document in the fast reader's subset.

    It gives the text, the data csip reads from it, and the data PyYAML's BaseLoader reads
    (which keeps a null's spelling: '~', 'null' or '').
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: list[str] = []

    def spacer(self, indent: int) -> None:
        """Now and then a comment line (never deeper than what follows) or a blank line."""
        roll = self.rng.random()
        if roll < 0.1:
            self.lines.append(" " * self.rng.randint(0, indent) + "# comment")
        elif roll < 0.2:
            self.lines.append("")

    def scalar(self, *, flow: bool) -> tuple[str, Data, Any]:
        """A scalar on one line: (text, csip's data, BaseLoader's data)."""
        rng = self.rng
        kind = rng.randrange(4)
        if kind == 0:
            word = rng.choice(_PLAIN if flow else _PLAIN + _PLAIN_OUTSIDE_FLOW)
            return word, word, word
        # The fast reader declines a flow list with "#" or brackets inside quotes: leave them out.
        quotable = _PLAIN + [word for word in _QUOTED if not (flow and set(word) & set("#[]"))]
        if kind == 1:
            word = rng.choice(quotable)
            return "'" + word.replace("'", "''") + "'", word, word
        if kind == 2:
            word = rng.choice(quotable)
            return f'"{word}"', word, word
        null = rng.choice(["~", "null"] if flow else ["~", "null", ""])
        return null, None, null

    def inline(self) -> tuple[str, Data, Any]:
        """A value on its key's or dash's line: a scalar or a flow list."""
        if self.rng.random() < 0.75:
            return self.scalar(flow=False)
        items = [self.scalar(flow=True) for _ in range(self.rng.randrange(4))]
        text = "[" + ", ".join(item[0] for item in items) + "]"
        return text, [item[1] for item in items], [item[2] for item in items]

    def block_scalar(self, indent: int) -> tuple[Data, Any]:
        """A block scalar whose header goes on the last line and whose lines go below it."""
        rng = self.rng
        style, chomp = rng.choice(">|"), rng.choice(["", "-"])
        paragraphs = [
            [" ".join(rng.sample(_WORDS, 2)) for _ in range(rng.randint(1, 3))]
            for _ in range(rng.randint(1, 3))
        ]
        self.lines[-1] += f" {style}{chomp}"
        for number, paragraph in enumerate(paragraphs):
            if number:
                self.lines.append("")
            self.lines.extend(" " * (indent + 2) + line for line in paragraph)
        self.lines.extend([""] * rng.randrange(3))
        if style == "|":
            text = "\n\n".join("\n".join(paragraph) for paragraph in paragraphs)
        else:
            text = "\n".join(" ".join(paragraph) for paragraph in paragraphs)
        text = text if chomp else text + "\n"
        return text, text

    def value(self, indent: int, depth: int) -> tuple[Data, Any]:
        """The value of the key on the last line, whose mapping is at ``indent``."""
        roll = self.rng.random()
        if depth < _MAX_DEPTH and roll < 0.25:
            return self.mapping(indent + self.rng.choice([2, 4]), depth + 1)
        if depth < _MAX_DEPTH and roll < 0.45:
            # Level with the key (an indentless sequence) or indented below it.
            return self.sequence(indent + self.rng.choice([0, 2]), depth + 1)
        if roll < 0.6:
            return self.block_scalar(indent)
        text, ours, base = self.inline()
        if text:
            self.lines[-1] += " " + text
            if self.rng.random() < 0.2:
                self.lines[-1] += " # comment"
        return ours, base

    def mapping(self, indent: int, depth: int, dash: str | None = None) -> tuple[Data, Any]:
        """A block mapping at ``indent``; after ``dash`` ("- ") its first key shares that line."""
        ours: dict[str, Data] = {}
        base: dict[str, Any] = {}
        for written in self.rng.sample(_KEYS + _QUOTED_KEYS, self.rng.randint(1, 4)):
            key = yaml.load(written, Loader=yaml.BaseLoader)
            if key in ours:
                continue  # "HOS C&R" quoted and plain are one key
            if dash is None:
                self.spacer(indent)
                self.lines.append(" " * indent + written + ":")
            else:
                self.lines.append(dash + written + ":")
                dash = None
            ours[key], base[key] = self.value(indent, depth)
        return ours, base

    def sequence(self, indent: int, depth: int) -> tuple[Data, Any]:
        """A block sequence whose dashes are at ``indent``."""
        ours: list[Data] = []
        base: list[Any] = []
        for _ in range(self.rng.randint(1, 3)):
            self.spacer(indent)
            roll = self.rng.random()
            if depth < _MAX_DEPTH and roll < 0.4:
                item, item_base = self.mapping(indent + 2, depth + 1, dash=" " * indent + "- ")
            elif roll < 0.5:
                self.lines.append(" " * indent + "-")
                item, item_base = self.block_scalar(indent)
            else:
                text, item, item_base = self.inline()
                if not text:  # "- " and nothing is not in the subset: write the null as ~
                    text, item_base = "~", "~"
                self.lines.append(" " * indent + "- " + text)
            ours.append(item)
            base.append(item_base)
        return ours, base

    def document(self) -> tuple[str, Data, Any]:
        ours, base = self.mapping(0, 0)
        return "\n".join(self.lines) + "\n", ours, base


@pytest.mark.parametrize("seed", range(300))
def test_random_block_documents_read_alike(seed: int) -> None:
    text, ours, base = _Document(random.Random(seed)).document()
    assert _fast(text) == ours, text
    assert _careful(text) == ours, text
    assert yaml.load(text, Loader=yaml.BaseLoader) == base, text


# --------------------------------------------------------------------------------------------
# The reference plan, when it is there.


def _reference_files() -> list[Path]:
    if not REFERENCE_PLAN.is_dir():
        return []
    return sorted(path for path in REFERENCE_PLAN.iterdir() if path.suffix in (".yaml", ".yml"))


@pytest.mark.skipif(not _reference_files(), reason="no reference plan in plan/")
@pytest.mark.parametrize("path", _reference_files(), ids=lambda path: path.name)
def test_reference_plan_reads_alike(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _fast(text) == _careful(text)
