"""A static guard for ad-hoc Cypher: refuse, before it reaches the engine, any text that could write.

ArcadeDB runs writes sent in a READ-mode transaction, so the driver's access
mode protects nothing there. `check_read_only(text)` is the first line of
defence for text typed by analysts; `Graph.read_bounded` rolls back whatever
still writes, as the second.

The guard tokenizes the text the way Cypher does (string literals with
backslash escapes, backtick-quoted names, `//` and `/* */` comments) and
refuses, wherever they stand, even inside `CALL { }`, `COUNT { }` and other
subqueries:

* the writing clauses CREATE, INSERT, MERGE, SET, DELETE, DETACH DELETE,
  REMOVE and FOREACH, LOAD CSV, and `IN TRANSACTIONS`;
* administration commands (DROP, ALTER, GRANT, SHOW, TERMINATE, ...), USE
  (another database), EXPLAIN, PROFILE and CYPHER options, where a statement,
  subquery or UNION part begins (the only place the engines run them; anywhere
  else these words are names, such as a variable `start`);
* every procedure call but the few in `READ_ONLY_PROCEDURES`;
* a second statement after `;`, and an empty text.

A keyword counts in any letter case. A word is a name, not a keyword, when a
`.` (property), `$` (parameter), `:` (label, relationship type) or `AS`
(alias) precedes it, or when it is a map key (`{set: 1}`). Any other use of a
writing keyword as a name is refused: write such a name in backticks
(`` `set` ``). Text the guard cannot
read to its end (an unclosed string, name or comment) is refused too.
"""

from __future__ import annotations

from dataclasses import dataclass

# Procedures that only read the schema or the server's version: shown to analysts as the allowed ones.
READ_ONLY_PROCEDURES = (
    "db.labels",
    "db.relationshipTypes",
    "db.propertyKeys",
    "db.schema.visualization",
    "dbms.components",
)

_WRITES = {"CREATE", "INSERT", "MERGE", "SET", "DELETE", "REMOVE", "FOREACH"}
_ADMINISTRATION = {"DROP", "ALTER", "GRANT", "DENY", "REVOKE", "RENAME", "START", "STOP", "TERMINATE",
                   "SHOW", "ENABLE", "DEALLOCATE", "REALLOCATE"}
_PLANS = {"EXPLAIN", "PROFILE"}
_NAME_MARKS = {".", "$", ":"}
_MAP_OPENERS = {"{", ","}


class WriteRejected(ValueError):
    """The text could write (or is not one plain read); nothing was sent to the engine.

    `keyword` is what was refused ("CREATE", "LOAD CSV", "CALL db.createLabel",
    "several statements"); `position` is its (line, column), both from 1.
    """

    def __init__(self, keyword: str, position: tuple[int, int], reason: str) -> None:
        line, column = position
        super().__init__(f"line {line}, column {column}: {reason}")
        self.keyword = keyword
        self.position = position
        self.reason = reason


@dataclass(frozen=True)
class Token:
    kind: str  # "word", "name" (backtick-quoted), "number", "string" or "symbol"
    text: str
    offset: int


def check_read_only(text: str) -> None:
    """Raise `WriteRejected` unless `text` is one statement that can only read."""
    tokens = tokenize(text)
    if not tokens:
        raise WriteRejected("empty query", (1, 1), "the query is empty")
    index = 0
    while index < len(tokens):
        index = _check_token(text, tokens, index)


def without_final_semicolon(text: str) -> str:
    """`text` with a `;` that ends it blanked out (in place, so positions hold).

    ArcadeDB refuses a `;` followed by anything, even a comment, and
    `Graph.read_bounded` adds a comment to the text.
    """
    tokens = tokenize(text)
    if not tokens or tokens[-1].text != ";" or tokens[-1].kind != "symbol":
        return text
    offset = tokens[-1].offset
    return f"{text[:offset]} {text[offset + 1:]}"


def tokenize(text: str) -> list[Token]:
    """The tokens of `text`, comments and whitespace left out; unclosed strings or comments are refused."""
    tokens: list[Token] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char.isspace():
            index += 1
        elif text.startswith("//", index):
            index = _line_end(text, index)
        elif text.startswith("/*", index):
            index = _closed_at(text, index, "/*", "*/", "comment")
        else:
            end, kind = _token_end(text, index)
            tokens.append(Token(kind, text[index:end], index))
            index = end
    return tokens


def position(text: str, offset: int) -> tuple[int, int]:
    """The (line, column) of `offset` in `text`, both counted from 1."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


# -- tokenizing ------------------------------------------------------------------------------------
def _token_end(text: str, index: int) -> tuple[int, str]:
    char = text[index]
    if char in "'\"":
        return _string_end(text, index), "string"
    if char == "`":
        return _backtick_end(text, index), "name"
    if char.isdigit():
        # Only the digits: letters glued to a number (`LIMIT 1CREATE`) are read as the next word,
        # as the engine's lexer reads them.
        end = index
        while end < len(text) and text[end].isdigit():
            end += 1
        return end, "number"
    if _is_word_char(char):
        end = index
        while end < len(text) and _is_word_char(text[end]):
            end += 1
        return end, "word"
    return index + 1, "symbol"


def _is_word_char(char: str) -> bool:
    return ("a" + char).isidentifier()


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end


def _closed_at(text: str, index: int, opening: str, closing: str, what: str) -> int:
    end = text.find(closing, index + len(opening))
    if end < 0:
        raise WriteRejected(f"unclosed {what}", position(text, index),
                            f"this {what} is never closed, so the query cannot be checked")
    return end + len(closing)


def _string_end(text: str, index: int) -> int:
    quote = text[index]
    cursor = index + 1
    while cursor < len(text):
        if text[cursor] == "\\":
            cursor += 2
        elif text[cursor] == quote:
            return cursor + 1
        else:
            cursor += 1
    raise WriteRejected("unclosed string", position(text, index),
                        "this string is never closed, so the query cannot be checked")


def _backtick_end(text: str, index: int) -> int:
    cursor = index
    while True:
        cursor = _closed_at(text, cursor, "`", "`", "name")
        if not text.startswith("`", cursor):  # a doubled backtick is one backtick inside the name
            return cursor


# -- checking --------------------------------------------------------------------------------------
def _check_token(text: str, tokens: list[Token], index: int) -> int:
    """Refuse what `tokens[index]` starts, if anything; return the index of the next token to check."""
    token = tokens[index]
    if token.kind == "symbol" and token.text == ";" and index + 1 < len(tokens):
        _refuse(text, "several statements", tokens[index + 1],
                "only one statement is allowed; remove what follows the ';'")
    if token.kind != "word" or _is_name(tokens, index):
        return index + 1
    keyword = token.text.upper()
    if keyword == "CALL":
        return _check_call(text, tokens, index)
    _check_keyword(text, tokens, index, keyword)
    return index + 1


def _check_keyword(text: str, tokens: list[Token], index: int, keyword: str) -> None:
    token = tokens[index]
    if keyword in _WRITES:
        _refuse(text, keyword, token, f"{keyword} writes to the graph; this route only reads")
    if keyword == "DETACH":
        _refuse(text, "DETACH DELETE", token, "DETACH DELETE writes to the graph; this route only reads")
    if keyword == "LOAD":
        _refuse(text, "LOAD CSV", token, "LOAD CSV reads files into the engine; this route only reads the graph")
    if keyword == "TRANSACTIONS":
        _refuse(text, "IN TRANSACTIONS", _in_before(tokens, index),
                "IN TRANSACTIONS commits batches of writes; this route only reads")
    if _starts_statement(tokens, index):
        _check_statement_start(text, token, keyword)


def _check_statement_start(text: str, token: Token, keyword: str) -> None:
    """Keywords that only open a statement or subquery, and elsewhere are names (`n.start AS start`)."""
    if keyword == "USE":
        _refuse(text, "USE", token, "USE switches to another database; this route reads only its own graph")
    if keyword in _PLANS:
        _refuse(text, keyword, token, f"{keyword} is not supported here; send the query without it")
    if keyword == "CYPHER":
        _refuse(text, "CYPHER", token, "CYPHER query options are not supported here; send the query without them")
    if keyword in _ADMINISTRATION:
        _refuse(text, keyword, token, f"{keyword} starts an administration command; this route only reads the graph")


def _starts_statement(tokens: list[Token], index: int) -> bool:
    """At the start of the text, of a subquery (`{`) or of a UNION part."""
    if index == 0 or tokens[index - 1].text == "{":
        return True
    before = [token.text.upper() for token in tokens[max(index - 2, 0):index] if token.kind == "word"]
    return before[-1:] == ["UNION"] or before[-2:] in (["UNION", "ALL"], ["UNION", "DISTINCT"])


def _check_call(text: str, tokens: list[Token], index: int) -> int:
    """`CALL { ... }` and `CALL (x) { ... }` are subqueries (checked as the scan goes on); a procedure must be allowed."""
    following = index + 1
    if following < len(tokens) and tokens[following].text in ("{", "("):
        return following
    name, after = _procedure_name(tokens, following)
    if not name:
        _refuse(text, "CALL", tokens[index], "CALL must be followed by a subquery { ... } or a procedure name")
    if name.lower() not in {known.lower() for known in READ_ONLY_PROCEDURES}:
        _refuse(text, f"CALL {name}", tokens[index],
                f"CALL {name} is not a known read-only procedure; this route allows only "
                f"{', '.join(READ_ONLY_PROCEDURES)}")
    return after


def _procedure_name(tokens: list[Token], index: int) -> tuple[str, int]:
    """The dotted name starting at `index` (backticks removed) and the index after it."""
    parts: list[str] = []
    while index < len(tokens) and tokens[index].kind in ("word", "name"):
        parts.append(_unquoted(tokens[index]))
        index += 1
        if not (index + 1 < len(tokens) and tokens[index].text == "."):
            break
        index += 1
    return ".".join(parts), index


def _unquoted(token: Token) -> str:
    return token.text[1:-1].replace("``", "`") if token.kind == "name" else token.text


def _is_name(tokens: list[Token], index: int) -> bool:
    before = tokens[index - 1] if index > 0 else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if before is not None and before.kind == "word" and before.text.upper() == "AS":
        return True  # an alias: `RETURN n.start AS start`
    if before is not None and before.text in _NAME_MARKS:
        # `1.CREATE` is no property access: a dot after a number cannot make a name.
        return not (before.text == "." and index > 1 and tokens[index - 2].kind == "number")
    return (after is not None and after.text == ":"
            and before is not None and before.text in _MAP_OPENERS)


def _in_before(tokens: list[Token], index: int) -> Token:
    """The IN of `IN [n [ROWS]] [CONCURRENT] TRANSACTIONS`, else the TRANSACTIONS token itself."""
    for back in range(index - 1, max(index - 5, -1), -1):
        if tokens[back].kind == "word" and tokens[back].text.upper() == "IN":
            return tokens[back]
    return tokens[index]


def _refuse(text: str, keyword: str, token: Token, reason: str) -> None:
    raise WriteRejected(keyword, position(text, token.offset), reason)
