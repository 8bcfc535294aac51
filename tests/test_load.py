"""The one YAML reader, ``csip.load.reader``: the data PyYAML reads, and where each node stands.

Every scalar stays text; otherwise the data is what PyYAML's BaseLoader gives (which keeps a
null's spelling, '~' or '', where csip has None). Positions are checked against the marks of
PyYAML's own composed nodes, and against git's lines where libyaml counts lines differently.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REFERENCE_PLAN

from csip.load import reader as load
from csip.load.positions import HEAVY_NODES, ROW, SIZE, Data, Loc, Placed, Position, Positions
from csip.load.reader import YamlError, YamlProblem

# Text and the data csip reads from it: the block style plan files use, and the rest of YAML.
CASES: list[tuple[str, str, Data]] = [
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


_NULL_SPELLINGS = frozenset({"", "~", "null", "Null", "NULL"})


def _like_base_loader(ours: Data, base: Any) -> bool:
    """Whether csip's data is BaseLoader's, a None standing for any spelling of null."""
    if ours is None:
        return base in _NULL_SPELLINGS
    if isinstance(ours, dict):
        return (
            isinstance(base, dict)
            and list(ours) == list(base)
            and all(_like_base_loader(ours[key], base[key]) for key in ours)
        )
    if isinstance(ours, list):
        return (
            isinstance(base, list)
            and len(ours) == len(base)
            and all(_like_base_loader(a, b) for a, b in zip(ours, base, strict=True))
        )
    return bool(ours == base)


def _marks(node: yaml.Node, loc: Loc, key: Position, seen: set[int]) -> list[Any]:
    """(loc, where the key stands, where the value stands) for every node PyYAML composed.

    A node met again is an alias: csip places it at the alias, PyYAML at the anchor, so its
    subtree is left out.
    """
    here = Position(node.start_mark.line + 1, node.start_mark.column + 1)
    found = [(loc, Placed(key, here))]
    if id(node) in seen:
        return []
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            item_at = Position(item.start_mark.line + 1, item.start_mark.column + 1)
            found += _marks(item, (*loc, index), item_at, seen)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_at = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            found += _marks(value_node, (*loc, key_node.value), key_at, seen)
    return found


def _assert_reads_like_pyyaml(text: str) -> None:
    """csip's data is BaseLoader's, and every node stands where PyYAML's composer says."""
    document = load.read(text)
    assert _like_base_loader(document.data, yaml.load(text, Loader=yaml.BaseLoader)), text
    root = yaml.compose(text, Loader=yaml.BaseLoader)
    if root is None:
        return
    at = Position(root.start_mark.line + 1, root.start_mark.column + 1)
    for loc, placed in _marks(root, (), at, set()):
        assert document.positions.find(loc) == (loc, placed), (text, loc)


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_reads_text_as_plain_data(text: str, expected: Data) -> None:
    assert load.read(text).data == expected


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_reads_bytes_as_it_reads_text(text: str, expected: Data) -> None:
    assert load.read(text.encode("utf-8")).data == expected


# Not the empty documents: BaseLoader gives None for no document and '' for an empty one.
_BASE_CASES = [case for case in CASES if case[2] is not None]


@pytest.mark.parametrize("text", [case[1] for case in _BASE_CASES], ids=[c[0] for c in _BASE_CASES])
def test_reads_like_pyyaml(text: str) -> None:
    _assert_reads_like_pyyaml(text)


# --------------------------------------------------------------------------------------------
# Positions and duplicate keys.

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
    loc: Loc, key: tuple[int, int], value: tuple[int, int]
) -> None:
    assert load.read(ACTION).positions.find(loc) == (loc, Placed(Position(*key), Position(*value)))


@pytest.mark.parametrize(
    ("loc", "found", "value"),
    [
        (("actions", 0, "due"), ("actions", 0), (3, 5)),
        (("actions", 3, "id"), ("actions",), (3, 3)),
        (("actions", 0, "lead", 0, "x"), ("actions", 0, "lead", 0), (5, 12)),
        (("actions", "0"), ("actions",), (3, 3)),
        (("priority", 0), ("priority",), (1, 11)),
    ],
    ids=["missing-key", "index-past-the-end", "into-a-scalar", "key-of-a-list", "index-of-text"],
)
def test_find_gives_the_deepest_node_that_exists(
    loc: Loc, found: Loc, value: tuple[int, int]
) -> None:
    where, placed = load.read(ACTION).positions.find(loc)
    assert (where, placed.value) == (found, Position(*value))


def test_positions_in_a_long_list_and_a_big_mapping() -> None:
    text = "".join(f"k{number}: v\n" for number in range(50)) + "items:\n"
    text += "".join(f"  - x{number}\n" for number in range(50))
    positions = load.read(text).positions
    assert positions.find(("k42",))[1] == Placed(Position(43, 1), Position(43, 6))
    assert positions.find(("items", 37))[1].value == Position(89, 5)
    assert positions.find(("items", 50))[0] == ("items",)


def test_positions_survive_plain_data() -> None:
    positions = load.read(ACTION).positions
    again = Positions.from_plain(positions.to_plain())
    loc = ("actions", 0, "lead", 1)
    assert again.find(loc) == positions.find(loc)


def test_a_position_table_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError, match="not a position table"):
        Positions.from_plain((b"\x00" * 20, ()))


def test_a_position_table_whose_subtrees_hold_nothing_is_refused() -> None:
    """A row holds at least its own node: a table with an empty subtree could be walked for
    ever, so it is not one."""
    rows = load.read(ACTION).positions.rows
    rows[ROW + SIZE] = 0
    with pytest.raises(ValueError, match="not a position table"):
        Positions.from_plain((rows.tobytes(), ()))


def test_an_empty_document_is_placed_at_the_start() -> None:
    assert Positions().find(("a",)) == ((), Placed(Position(1, 1), Position(1, 1)))


def test_a_table_that_does_not_hold_together_places_at_the_start() -> None:
    rows, keys = load.read(ACTION).positions.to_plain()
    broken = Positions.from_plain((rows, keys[:1]))  # key numbers past the end of the keys
    assert broken.find(("actions", 0, "id")) == ((), Placed(Position(1, 1), Position(1, 1)))


def test_pyyamls_own_parser_gives_the_same_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where PyYAML is built without libyaml, its pure-Python parser takes over."""
    expected = load.read(ACTION)
    monkeypatch.setattr(load, "_Parser", yaml.SafeLoader)
    document = load.read(ACTION)
    assert document.data == expected.data
    assert document.positions.to_plain() == expected.positions.to_plain()


DUPLICATE = "a: b\nc: d\na: e\n"


def test_duplicate_key_is_reported_at_the_second() -> None:
    document = load.read(DUPLICATE)
    assert document.data == {"a": "b", "c": "d"}
    assert document.problems == [
        YamlProblem(
            Position(3, 1),
            "duplicate key 'a' (first at line 1); YAML would silently keep only one",
            "duplicate-key",
        )
    ]


def test_duplicate_key_with_a_block_value_is_skipped_whole() -> None:
    document = load.read("a:\n  b: c\na:\n  d: e\nf: g\n")
    assert document.data == {"a": {"b": "c"}, "f": "g"}
    assert [problem.position for problem in document.problems] == [Position(3, 1)]
    assert document.positions.find(("a", "d"))[0] == ("a",)
    assert document.positions.find(("f",))[1].value == Position(5, 4)


def test_duplicate_key_with_a_line_break_is_shown_on_one_line() -> None:
    document = load.read('"x\\ny": 1\n"x\\ny": 2\n')
    assert document.problems[0].message.startswith("duplicate key 'x\\ny' (first at line 1)")


def test_aliases_share_their_anchor_data_and_stand_at_the_alias() -> None:
    document = load.read("a: &x {b: ~}\nc: *x\n")
    assert document.data == {"a": {"b": None}, "c": {"b": None}}
    assert document.positions.find(("c", "b")) == (("c",), Placed(Position(2, 1), Position(2, 4)))


def test_a_document_says_whether_it_names_data_again_by_alias() -> None:
    assert load.read("a: &x {b: ~}\nc: *x\n").aliased
    assert not load.read("a: &x {b: ~}\nc: {b: ~}\n").aliased


def test_heavy_collections_are_counted_with_aliases_expanded() -> None:
    items = ", ".join(["x"] * (HEAVY_NODES + 1))
    document = load.read(f"a: &a [{items}]\nb: [*a, *a]\nc: [y]\n")
    data = document.data
    assert isinstance(data, dict)
    assert document.heavy == {
        id(data["a"]): HEAVY_NODES + 2,
        id(data["b"]): 2 * HEAVY_NODES + 5,
        id(data): 3 * HEAVY_NODES + 10,
    }


# --------------------------------------------------------------------------------------------
# Lines as git and GitHub count them: libyaml also breaks lines at NEL, U+2028, U+2029 and a
# lone CR; a CRLF is one line break for both.


@pytest.mark.parametrize(
    ("text", "loc", "value"),
    [
        ('a: "x\u2028y"\nb: c\n', ("b",), (2, 4)),
        ('a: "x\u2029y"\nb: c\n', ("b",), (2, 4)),
        ('a: "x\x85y"\nb: c\n', ("b",), (2, 4)),
        ("a: |\n  x\u2028  y\nb: c\n", ("b",), (3, 4)),
        ("a: b\rc: d\n", ("c",), (1, 9)),
        ("a: b\r\nc: d\r\n", ("c",), (2, 4)),
        ('a: "x\u2028y"\nb: [c, d]\n', ("b", 1), (2, 8)),
    ],
    ids=[
        "line-separator",
        "paragraph-separator",
        "nel",
        "in-a-block-scalar",
        "lone-cr",
        "crlf",
        "col",
    ],
)
def test_lines_are_counted_as_git_counts_them(text: str, loc: Loc, value: tuple[int, int]) -> None:
    for given in (text, text.encode("utf-8")):
        placed = load.read(given).positions.find(loc)[1]
        assert placed.value == Position(*value)


def test_a_duplicate_key_after_a_line_separator_is_at_its_git_line() -> None:
    document = load.read('a: "x\u2028y"\nb: 1\nb: 2\n')
    assert [problem.position for problem in document.problems] == [Position(3, 1)]
    assert "(first at line 2)" in document.problems[0].message


def test_a_syntax_error_after_a_line_separator_is_at_its_git_line() -> None:
    with pytest.raises(YamlError) as raised:
        load.read('a: "x\u2028y"\nb: [c\n')
    assert raised.value.problem.position == Position(2, 4)


# --------------------------------------------------------------------------------------------
# Text that is not a plan document.


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            "a: [b\n",
            1,
            4,
            "not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence)",
        ),
        (
            'a: b\nc: "d\ne: f\n',
            2,
            4,
            "not valid YAML: found unexpected end of stream (while scanning a quoted scalar)",
        ),
        ("a: b\n---\nc: d\n", 2, 1, "a plan file holds one YAML document, not several"),
        ("a: *nowhere\n", 1, 4, "alias '*nowhere' names no anchor"),
        (
            "a: &a [*a]\n",
            1,
            8,
            "alias '*a' is inside what its anchor names: nothing can hold itself",
        ),
        (
            "a: &a\n  b: [1, {c: *a}]\n",
            2,
            14,
            "alias '*a' is inside what its anchor names: nothing can hold itself",
        ),
        ("a: b\nc: d\x00\n", 2, 5, "not valid YAML: the character U+0000 is not allowed in YAML"),
        ("a: é\nb: é\x07\n", 2, 5, "not valid YAML: the character U+0007 is not allowed in YAML"),
        ("a:\n\tb: c\n", 2, 1, "not valid YAML: a tab here; indent YAML with spaces"),
    ],
    ids=[
        "syntax",
        "unclosed-quote",
        "two-documents",
        "undefined-alias",
        "alias-in-its-own-anchor",
        "alias-deep-in-its-own-anchor",
        "nul",
        "bell-after-utf8",
        "tab",
    ],
)
def test_text_that_is_not_a_plan_document(text: str, line: int, column: int, message: str) -> None:
    for given in (text, text.encode("utf-8")):
        with pytest.raises(YamlError) as raised:
            load.read(given)
        assert raised.value.problem == YamlProblem(Position(line, column), message)


@pytest.mark.parametrize(
    ("text", "data", "line", "column", "message"),
    [
        (
            "a: !!python/object:os.system b\nc: d\n",
            {"a": "b", "c": "d"},
            1,
            4,
            "YAML tags such as '!!python/object:os.system' are not used in plan files",
        ),
        (
            "a: !local b\n",
            {"a": "b"},
            1,
            4,
            "YAML tags such as '!local' are not used in plan files",
        ),
        ("a: !!str b\n", {"a": "b"}, 1, 4, "YAML tags such as '!!str' are not used in plan files"),
        (
            "a: !!seq [b]\n",
            {"a": ["b"]},
            1,
            4,
            "YAML tags such as '!!seq' are not used in plan files",
        ),
        ("[a, b]: c\nd: e\n", {"d": "e"}, 1, 1, "a key must be plain text"),
        ("? [a]\n: c\nd: {e: f}\n", {"d": {"e": "f"}}, 1, 3, "a key must be plain text"),
        ("a: &x [b]\n*x : c\n", {"a": ["b"]}, 2, 1, "a key must be plain text"),
    ],
    ids=[
        "tag",
        "local-tag",
        "core-tag",
        "collection-tag",
        "list-key",
        "explicit-list-key",
        "alias-to-a-list-as-key",
    ],
)
def test_what_is_refused_but_read_past(
    text: str, data: object, line: int, column: int, message: str
) -> None:
    """A tag is ignored and a key that is not text left out, each with its problem: the rest
    of the file is read and checked (spec section 6)."""
    for given in (text, text.encode("utf-8")):
        document = load.read(given)
        assert (document.data, document.problems) == (
            data,
            [YamlProblem(Position(line, column), message)],
        )


def test_an_alias_to_text_may_be_a_key() -> None:
    assert load.read("a: &k b\n*k : c\n").data == {"a": "b", "b": "c"}


# --------------------------------------------------------------------------------------------
# Seeded random documents in every style YAML has: csip reads them as PyYAML does.

_WORDS = ["x", "1.6", "2017-02-30", "2016-05", "yes", "café ✓", "HOS C&R", "a b", "~", "null"]
_ODD = ["it's", "#", " x ", "a, b", "x: y", "[a]", "{b}", "-1", "50%", "*no", "&no", "!no"]
_KEYS = ["id", "action", "HOS C&R", "Task & Finish Group", "2016/17", "a b", "~", "1"]
_PROSE = ["care", "leavers", "plan", "# not a comment", "50%", "x: y", "'q'", "- item"]
_MAX_DEPTH = 4


class _Random:
    """A random YAML document built from every construct csip must read alike."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.anchors: list[str] = []

    def scalar(self, *, flow: bool) -> str:
        """A scalar on one line (or a flow scalar over two)."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.3:
            return rng.choice(_WORDS)
        word = rng.choice(_WORDS + _ODD)
        if roll < 0.5:
            return "'" + word.replace("'", "''") + "'"
        if roll < 0.7:
            return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if roll < 0.75:
            return rng.choice(['"tab\\tnew\\nline"', '"\\u00e9\\x41"', "'two\n  lines'"])
        if roll < 0.8 and not flow:
            return "plain over\n  two lines"
        if roll < 0.85 and self.anchors:
            return "*" + rng.choice(self.anchors)
        if roll < 0.9:
            name = f"n{len(self.anchors)}"
            self.anchors.append(name)
            return f"&{name} {rng.choice(_WORDS)}"
        return rng.choice(["", "~", "null", "''"]) if not flow else rng.choice(["~", "null"])

    def flow(self, depth: int) -> str:
        """A flow sequence or mapping, now and then nested or over several lines."""
        rng = self.rng
        count = rng.randrange(4)
        nested = depth < _MAX_DEPTH and rng.random() < 0.3
        separator = rng.choice([", ", ",\n  "])
        if rng.random() < 0.5:
            items = [
                self.flow(depth + 1) if nested else self.scalar(flow=True) for _ in range(count)
            ]
            return "[" + separator.join(items) + (rng.choice(["", ","]) if items else "") + "]"
        keys = rng.sample(_KEYS, count)
        entries = [
            f"{key}: {self.flow(depth + 1) if nested else self.scalar(flow=True)}" for key in keys
        ]
        return "{" + separator.join(entries) + "}"

    def block_scalar(self, indent: int) -> str:
        rng = self.rng
        header = rng.choice(">|") + rng.choice(["", "-", "+"])
        lines: list[str] = []
        for number in range(rng.randint(1, 4)):
            if number and rng.random() < 0.3:
                lines.append("")
            extra = " " * rng.choice([0, 0, 0, 2])
            lines.append(" " * (indent + 2) + extra + " ".join(rng.sample(_PROSE, 2)))
        return header + "\n" + "\n".join(lines) + "\n" * rng.randint(1, 3)

    def value(self, indent: int, depth: int) -> str:
        """What follows a key's colon (or a dash), up to and including its last line break."""
        rng = self.rng
        roll = rng.random()
        if depth < _MAX_DEPTH and roll < 0.2:
            return "\n" + self.mapping(indent + rng.choice([1, 2, 4]), depth + 1)
        if depth < _MAX_DEPTH and roll < 0.35:
            return "\n" + self.sequence(indent + rng.choice([0, 2]), depth + 1)
        if roll < 0.5:
            return " " + self.block_scalar(indent)
        if roll < 0.65:
            return " " + self.flow(depth).replace("\n", "\n" + " " * (indent + 2)) + "\n"
        text = self.scalar(flow=False).replace("\n", "\n" + " " * (indent + 2))
        comment = " # comment" if rng.random() < 0.2 and not text.endswith(("|", ">")) else ""
        return (" " + text if text else "") + comment + "\n"

    def mapping(self, indent: int, depth: int) -> str:
        out = ""
        for key in self.rng.sample(_KEYS, self.rng.randint(1, 4)):
            if self.rng.random() < 0.1:
                out += " " * indent + "# a comment\n"
            written = key if self.rng.random() < 0.7 else f'"{key}"'
            out += " " * indent + written + ":" + self.value(indent, depth)
        return out

    def sequence(self, indent: int, depth: int) -> str:
        out = ""
        for _ in range(self.rng.randint(1, 3)):
            if depth < _MAX_DEPTH and self.rng.random() < 0.3:
                body = self.mapping(indent + 2, depth + 1)
                out += " " * indent + "- " + body[indent + 2 :]
            else:
                out += " " * indent + "-" + self.value(indent, depth)
        return out

    def document(self) -> str:
        rng = self.rng
        body = self.mapping(0, 0) if rng.random() < 0.8 else self.sequence(0, 0)
        start = rng.choice(["", "", "---\n", "# heading\n", "%YAML 1.1\n---\n"])
        end = rng.choice(["", "", "...\n"])
        text = start + body + end
        return text.replace("\n", "\r\n") if rng.random() < 0.1 else text


@pytest.mark.parametrize("seed", range(400))
def test_random_documents_read_as_pyyaml_reads_them(seed: int) -> None:
    text = _Random(random.Random(seed)).document()
    try:
        yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        with pytest.raises(YamlError):
            load.read(text)
        return
    _assert_reads_like_pyyaml(text)


# --------------------------------------------------------------------------------------------
# The reference plan, when it is there.


def _reference_files() -> list[Path]:
    if not REFERENCE_PLAN.is_dir():
        return []
    return sorted(path for path in REFERENCE_PLAN.iterdir() if path.suffix in (".yaml", ".yml"))


@pytest.mark.skipif(not _reference_files(), reason="no reference plan in plan/")
@pytest.mark.parametrize("path", _reference_files(), ids=lambda path: path.name)
def test_reference_plan_reads_as_pyyaml_reads_it(path: Path) -> None:
    _assert_reads_like_pyyaml(path.read_text(encoding="utf-8"))
    from_bytes, from_text = (
        load.read(path.read_bytes()),
        load.read(path.read_text(encoding="utf-8")),
    )
    assert from_bytes.data == from_text.data
    assert from_bytes.positions.to_plain() == from_text.positions.to_plain()
