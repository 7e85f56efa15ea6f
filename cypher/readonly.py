"""The guard in front of ad-hoc Cypher: let through only text that reads as one read-only query.

The engine is the first wall: analysts' queries run as an engine user that
may only read (see `graphmodel.engine.engine_users` and `Graph.read`). This
guard is the second, and it allows rather than forbids. `check_read_only(text)`
accepts a text only when

* it holds no control, format or line-separator character outside string
  literals (engines disagree about where `//` comments end: at `\\n`, `\\r`,
  `\\u2028`, `\\u0085` ...), and no such character but tab, line feed and
  carriage return anywhere;
* every clause is one of MATCH, OPTIONAL MATCH, WITH, UNWIND, WHERE, RETURN,
  ORDER BY, SKIP, LIMIT, UNION and CALL: `CALL { ... }` subqueries (not `IN
  TRANSACTIONS`) and the procedures in `READ_ONLY_PROCEDURES`;
* every function called is one of `READ_ONLY_FUNCTIONS`, Cypher's own;
* it is one statement (a final `;` is allowed).

Anything else is refused with its position and what was refused: a writing
clause (CREATE, MERGE, SET ...), an administration command (SHOW, DROP ...),
EXPLAIN, a plug-in function (`util.sleep`, `apoc.*`), an unknown word where a
clause must stand. The guard does not check the whole grammar: what it lets
through the engine still parses, and refuses when wrong.

How it reads the text: tokens (strings with backslash escapes, backtick
names, numbers, words, symbols; comments dropped), then a scan that knows
whether a clause keyword, an operand or what follows an operand comes next.
A clause can only begin where an expression has ended, so every word in that
place must be an allowed keyword. A word is a name, never a keyword, after
`.`, `:`, `$` or `AS`, as a map key, or in backticks.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

# Procedures that only read the schema or the server's version: shown to analysts as the allowed ones.
READ_ONLY_PROCEDURES = (
    "db.labels",
    "db.relationshipTypes",
    "db.propertyKeys",
    "db.schema.visualization",
    "dbms.components",
)

# Cypher 5's own functions that compute values from their arguments and the graph, nothing else.
READ_ONLY_FUNCTIONS = frozenset(name.lower() for name in """
abs acos all any asin atan atan2 avg btrim ceil char_length character_length coalesce collect cos cot count
date date.realtime date.statement date.transaction date.truncate datetime datetime.fromepoch
datetime.fromepochmillis datetime.realtime datetime.statement datetime.transaction datetime.truncate degrees
duration duration.between duration.indays duration.inmonths duration.inseconds e elementId endNode exists exp
floor haversin head id isEmpty isNaN keys labels last left length localdatetime localdatetime.realtime
localdatetime.statement localdatetime.transaction localdatetime.truncate localtime localtime.realtime
localtime.statement localtime.transaction localtime.truncate log log10 lower ltrim max min nodes none
normalize nullIf percentileCont percentileDisc pi point point.distance point.withinBBox properties radians
rand randomUUID range reduce relationships replace reverse right round rtrim sign sin single size split sqrt
startNode stDev stDevP substring sum tail tan time time.realtime time.statement time.transaction time.truncate
toBoolean toBooleanList toBooleanOrNull toFloat toFloatList toFloatOrNull toInteger toIntegerList
toIntegerOrNull toLower toString toStringList toStringOrNull toUpper trim type upper valueType
shortestPath allShortestPaths
""".split())

_WRITES = {"CREATE", "INSERT", "MERGE", "SET", "DELETE", "REMOVE", "FOREACH"}
_ADMINISTRATION = {"DROP", "ALTER", "GRANT", "DENY", "REVOKE", "RENAME", "START", "STOP", "TERMINATE",
                   "SHOW", "ENABLE", "DEALLOCATE", "REALLOCATE"}
_PLANS = {"EXPLAIN", "PROFILE"}
# Never a bare name: a word of these must be written in backticks to name something (`set`), unless the
# query made it a variable with AS.
_NEVER_NAMES = _WRITES | _ADMINISTRATION | _PLANS | {
    "DETACH", "LOAD", "CSV", "USE", "CYPHER", "TRANSACTIONS", "FINISH", "LET", "FILTER", "NEXT", "CALL", "YIELD"}

_STATEMENT_CLAUSES = {"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL"}
_CLAUSES_AFTER_OPERAND = _STATEMENT_CLAUSES | {"WHERE", "ORDER", "SKIP", "OFFSET", "LIMIT", "UNION", "YIELD"}
_INFIX = {"AND", "OR", "XOR", "IN", "IS", "CONTAINS", "WHEN", "THEN", "ELSE"}
_OPERAND_ENDERS = {"ASC", "ASCENDING", "DESC", "DESCENDING", "END", "NULL"}
_CONSTANTS = {"NULL", "TRUE", "FALSE"}
_PREFIX = {"NOT", "DISTINCT", "CASE", "WHEN", "ALL", "BY"}
_SUBQUERY_WORDS = {"EXISTS", "COUNT", "COLLECT"}
_WHITESPACE = {" ", "\t", "\n", "\r"}
_ALLOWED_CLAUSES_TEXT = "MATCH, OPTIONAL MATCH, WITH, UNWIND, WHERE, RETURN, ORDER BY, SKIP, LIMIT, UNION, CALL"


class WriteRejected(ValueError):
    """The text is not one plain read; nothing was sent to the engine.

    `keyword` is what was refused ("CREATE", "LOAD CSV", "CALL db.createLabel",
    "util.sleep", "U+0000", "several statements"); `position` is its (line,
    column), both from 1.
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
    _Scan(text, tokens).run()


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


def position(text: str, offset: int) -> tuple[int, int]:
    """The (line, column) of `offset` in `text`, both counted from 1 (lines end at \\n)."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


# -- tokenizing ------------------------------------------------------------------------------------
def tokenize(text: str) -> list[Token]:
    """The tokens of `text`, comments and whitespace left out; refuses unclosed literals and stray characters."""
    tokens: list[Token] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char in _WHITESPACE:
            index += 1
        elif _is_forbidden_character(char):
            _refuse_character(text, index)
        elif text.startswith("//", index):
            index = _line_comment_end(text, index)
        elif text.startswith("/*", index):
            index = _block_comment_end(text, index)
        else:
            end, kind = _token_end(text, index)
            tokens.append(Token(kind, text[index:end], index))
            index = end
    return tokens


def _is_forbidden_character(char: str) -> bool:
    """Characters no query needs outside a string: control, format, separators and odd spaces."""
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Zs", "Co", "Cs", "Cn")


def _is_forbidden_anywhere(char: str) -> bool:
    """Not even in a string, comment or name: control and format characters, line and paragraph separators."""
    return char not in _WHITESPACE and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def _refuse_character(text: str, index: int) -> None:
    char = text[index]
    name = unicodedata.name(char, "a control character")
    raise WriteRejected(f"U+{ord(char):04X}", position(text, index),
                        f"the character U+{ord(char):04X} ({name.lower()}) is not allowed in a query; "
                        "remove it (engines disagree on where such characters end a comment or a word)")


def _check_characters(text: str, start: int, end: int) -> None:
    for index in range(start, end):
        if _is_forbidden_anywhere(text[index]):
            _refuse_character(text, index)


def _line_comment_end(text: str, index: int) -> int:
    """A `//` comment ends at the first line feed or carriage return, as every engine agrees."""
    ends = [found for found in (text.find("\n", index), text.find("\r", index)) if found >= 0]
    end = min(ends) if ends else len(text)
    _check_characters(text, index, end)
    return end


def _block_comment_end(text: str, index: int) -> int:
    end = _closed_at(text, index, "/*", "*/", "comment")
    _check_characters(text, index, end)
    return end


def _token_end(text: str, index: int) -> tuple[int, str]:
    char = text[index]
    if char in "'\"":
        end = _string_end(text, index)
        _check_characters(text, index, end)
        return end, "string"
    if char == "`":
        end = _backtick_end(text, index)
        _check_characters(text, index, end)
        return end, "name"
    if char.isdigit() or (char == "." and text[index + 1:index + 2].isdigit()):
        return _number_end(text, index), "number"
    if _is_word_char(char):
        end = index
        while end < len(text) and _is_word_char(text[end]):
            end += 1
        return end, "word"
    return index + 1, "symbol"


def _number_end(text: str, index: int) -> int:
    """Digits, a fraction and an exponent; letters glued on (`1CREATE`) are the next word, as engines read them."""
    end = _digits_end(text, index)
    if text[end:end + 1] == "." and text[end + 1:end + 2].isdigit():
        end = _digits_end(text, end + 1)
    if text[end:end + 1] in ("e", "E"):
        exponent = end + 1 + (text[end + 1:end + 2] in ("+", "-"))
        if text[exponent:exponent + 1].isdigit():
            end = _digits_end(text, exponent)
    return end


def _digits_end(text: str, index: int) -> int:
    while index < len(text) and text[index].isdigit():
        index += 1
    return index


def _is_word_char(char: str) -> bool:
    return ("a" + char).isidentifier()


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


# -- scanning ------------------------------------------------------------------------------------------
CLAUSE, OPERAND, AFTER, MAP_KEY = "clause", "operand", "after", "map key"
_OPENERS = {"(": ")", "[": "]", "{": "}"}


@dataclass
class _Scan:
    """Walks the tokens once, knowing what may come next (`state`) and which brackets are open (`stack`).

    The stack holds (closing symbol, kind); kind "call" marks a `CALL { }`
    subquery, "subquery" an `EXISTS`/`COUNT`/`COLLECT { }`, "map" a map or
    map projection, "group" any other bracket.
    """

    text: str
    tokens: list[Token]
    state: str = CLAUSE
    stack: list[tuple[str, str]] = field(default_factory=list)
    variables: set[str] = field(default_factory=set)
    index: int = 0

    def run(self) -> None:
        while self.index < len(self.tokens):
            token = self.tokens[self.index]
            self.index += 1
            if token.kind == "symbol":
                self._symbol(token)
            elif token.kind == "word":
                self._word(token)
            else:  # a string, number or backtick name is an operand (or a map key)
                self._operand_token(token)
        # A bracket left open is a syntax error the engine reports in its own words.

    # -- symbols
    def _symbol(self, token: Token) -> None:
        symbol = token.text
        if symbol == ";":
            self._semicolon(token)
        elif symbol in _OPENERS:
            self._open(token)
        elif symbol in (")", "]", "}"):
            self._close(token)
        elif symbol == ",":
            self.state = MAP_KEY if self._in("map") else OPERAND
        elif symbol in (".", ":", "$"):
            self._name_after(token)
        else:  # operators and pattern arrows: an operand follows
            self.state = OPERAND

    def _semicolon(self, token: Token) -> None:
        if self.index < len(self.tokens):
            self._refuse("several statements", self.tokens[self.index],
                         "only one statement is allowed; remove what follows the ';'")

    def _open(self, token: Token) -> None:
        closing = _OPENERS[token.text]
        if token.text == "{":
            # A map literal, pattern properties or a map projection (`n {.name}`): keys come first.
            self.stack.append((closing, "map"))
            self.state = MAP_KEY
        else:
            self.stack.append((closing, "group"))
            self.state = OPERAND

    def _close(self, token: Token) -> None:
        if not self.stack or self.stack[-1][0] != token.text:
            self._refuse("unbalanced bracket", token, f"'{token.text}' closes no open bracket")
        _, kind = self.stack.pop()
        self.state = CLAUSE if kind == "call" else AFTER
        if kind == "call":
            self._after_call_subquery()

    def _after_call_subquery(self) -> None:
        """`CALL { }` may be followed by a clause or the end, never by `IN TRANSACTIONS` or anything else."""
        if self.index < len(self.tokens):
            following = self.tokens[self.index]
            if following.kind == "word" and following.text.upper() == "IN":
                self._refuse("IN TRANSACTIONS", following,
                             "IN TRANSACTIONS commits batches of writes; this route only reads")

    def _name_after(self, token: Token) -> None:
        """After `.`, `:` or `$` comes a name (a property, label, type or parameter)."""
        if self.index >= len(self.tokens):
            return
        following = self.tokens[self.index]
        previous = self.tokens[self.index - 2] if self.index >= 2 else None
        dot_after_number = token.text == "." and previous is not None and previous.kind == "number"
        if following.kind in ("word", "name") and not dot_after_number:
            self.index += 1
            self.state = AFTER
        elif token.text == "." and following.text == "*" and self._in("map"):
            self.index += 1  # `n {.*}`
            self.state = AFTER
        else:
            self.state = OPERAND if token.text == ":" else AFTER

    # -- operands
    def _operand_token(self, token: Token) -> None:
        if self.state == CLAUSE:
            self._refuse_clause(token)
        if self.state == MAP_KEY and self._next_is(":"):
            self.index += 1
            self.state = OPERAND
            return
        self.state = AFTER

    # -- words
    def _word(self, token: Token) -> None:
        keyword = token.text.upper()
        if self.state == MAP_KEY:
            self._map_key(token, keyword)
        elif self.state == CLAUSE:
            self._clause(token, keyword)
        elif self.state == AFTER:
            self._after_operand(token, keyword)
        else:
            self._operand_word(token, keyword)

    def _map_key(self, token: Token, keyword: str) -> None:
        if self._next_is(":"):
            self.index += 1
            self.state = OPERAND
        else:  # a variable selector in a map projection: `n {x, .name}`
            self._operand_word(token, keyword)

    def _clause(self, token: Token, keyword: str) -> None:
        if keyword not in _STATEMENT_CLAUSES:
            self._refuse_clause(token)
        if keyword == "OPTIONAL":
            self.state = CLAUSE  # OPTIONAL MATCH, OPTIONAL CALL
        elif keyword == "CALL":
            self._call(token)
        else:
            self.state = OPERAND

    def _after_operand(self, token: Token, keyword: str) -> None:
        if keyword in _CLAUSES_AFTER_OPERAND:
            if keyword == "CALL":
                self._call(token)
            else:
                self.state = CLAUSE if keyword in ("UNION", "OPTIONAL") else OPERAND
                if keyword == "UNION":
                    self._skip_words("ALL", "DISTINCT")
        elif keyword in ("STARTS", "ENDS"):
            self._skip_words("WITH")
            self.state = OPERAND
        elif keyword == "AS":
            self._alias(token)
        elif keyword in _INFIX:
            self.state = OPERAND
        elif keyword in _OPERAND_ENDERS:
            self.state = AFTER
        else:
            self._refuse_word(token, keyword)

    def _operand_word(self, token: Token, keyword: str) -> None:
        if keyword in _SUBQUERY_WORDS and self._next_is("{"):
            self.index += 1
            self.stack.append(("}", "subquery"))
            self.state = CLAUSE if self._next_word_is_clause() else OPERAND
            return
        name, after = self._dotted_name(self.index - 1)
        if after < len(self.tokens) and self.tokens[after].text == "(":
            self._function(token, name)
            self.index = after
            self.state = OPERAND
            return
        if keyword in _CONSTANTS:
            self.state = AFTER
        elif keyword in _PREFIX:
            self.state = OPERAND
        elif keyword in _NEVER_NAMES and token.text.lower() not in self.variables and not self._declares(token):
            self._refuse_word(token, keyword)
        else:
            self.state = AFTER

    def _declares(self, token: Token) -> bool:
        """`token` names a variable where a pattern or path declares one: `(start:Entity)`, `[set]`, `end = (...)`.

        No clause can begin there, so the word is a name to every engine.
        """
        position_ = self.index - 1
        before = self.tokens[position_ - 1].text if position_ > 0 else ""
        after = self.tokens[self.index].text if self.index < len(self.tokens) else ""
        declared = after in (":", "=") or (before in ("(", "[") and after in (")", "]", "{"))
        if declared:
            self.variables.add(token.text.lower())
        return declared

    def _alias(self, token: Token) -> None:
        if self.index >= len(self.tokens) or self.tokens[self.index].kind not in ("word", "name"):
            self._refuse("AS", token, "AS must be followed by a name")
        self.variables.add(self.tokens[self.index].text.lower())
        self.index += 1
        self.state = AFTER

    # -- CALL, procedures and functions
    def _call(self, token: Token) -> None:
        """`CALL { }`, `CALL (x) { }` and an allowed procedure, with its arguments and YIELD."""
        if self._next_is("{"):
            self.index += 1
            self.stack.append(("}", "call"))
            self.state = CLAUSE
            return
        if self._next_is("("):
            self._skip_scope_list(token)
            return
        name, after = self._dotted_name(self.index)
        if not name:
            self._refuse("CALL", token, "CALL must be followed by a subquery { ... } or a procedure name")
        if name.lower() not in {known.lower() for known in READ_ONLY_PROCEDURES}:
            self._refuse(f"CALL {name}", token,
                         f"CALL {name} is not a known read-only procedure; this route allows only "
                         f"{', '.join(READ_ONLY_PROCEDURES)}")
        self.index = after
        self.state = AFTER

    def _skip_scope_list(self, token: Token) -> None:
        """`CALL (a, b) {` or `CALL (*) {`: variables imported into the subquery."""
        end = self.index + 1
        while end < len(self.tokens) and self.tokens[end].text != ")":
            if self.tokens[end].kind not in ("word", "name") and self.tokens[end].text not in (",", "*"):
                self._refuse("CALL", token, "CALL ( ... ) may only list variables before its subquery")
            end += 1
        if end + 1 >= len(self.tokens) or self.tokens[end + 1].text != "{":
            self._refuse("CALL", token, "CALL ( ... ) must be followed by a subquery { ... }")
        self.index = end + 2
        self.stack.append(("}", "call"))
        self.state = CLAUSE

    def _function(self, token: Token, name: str) -> None:
        if name.lower() not in READ_ONLY_FUNCTIONS:
            self._refuse(name, token, f"the function {name} is not allowed here; ad-hoc queries may call "
                                      "Cypher's own functions only, not procedures or plug-ins")

    def _dotted_name(self, start: int) -> tuple[str, int]:
        """The dotted name starting at token `start` (backticks removed) and the index after it."""
        parts: list[str] = []
        index = start
        while index < len(self.tokens) and self.tokens[index].kind in ("word", "name"):
            parts.append(_unquoted(self.tokens[index]))
            index += 1
            if not (index + 1 < len(self.tokens) and self.tokens[index].text == "."
                    and self.tokens[index + 1].kind in ("word", "name")):
                break
            index += 1
        return ".".join(parts), index

    # -- helpers
    def _in(self, kind: str) -> bool:
        return bool(self.stack) and self.stack[-1][1] == kind

    def _next_is(self, symbol: str) -> bool:
        return self.index < len(self.tokens) and self.tokens[self.index].text == symbol \
            and self.tokens[self.index].kind == "symbol"

    def _next_word_is_clause(self) -> bool:
        following = self.tokens[self.index] if self.index < len(self.tokens) else None
        return following is not None and following.kind == "word"

    def _skip_words(self, *words: str) -> None:
        if self.index < len(self.tokens) and self.tokens[self.index].kind == "word" \
                and self.tokens[self.index].text.upper() in words:
            self.index += 1

    def _refuse_clause(self, token: Token) -> None:
        keyword = token.text.upper() if token.kind == "word" else token.text
        if token.kind == "word":
            _refuse_known(self.text, token, keyword, self.tokens, self.index)
        self._refuse(keyword, token, f"'{token.text}' cannot start a clause here; this route allows "
                                     f"{_ALLOWED_CLAUSES_TEXT}")

    def _refuse_word(self, token: Token, keyword: str) -> None:
        _refuse_known(self.text, token, keyword, self.tokens, self.index)
        self._refuse(token.text, token, f"'{token.text}' is not allowed here; this route allows the clauses "
                                        f"{_ALLOWED_CLAUSES_TEXT} (write a name that is a keyword in backticks)")

    def _refuse(self, keyword: str, token: Token, reason: str) -> None:
        raise WriteRejected(keyword, position(self.text, token.offset), reason)


def _refuse_known(text: str, token: Token, keyword: str, tokens: list[Token], index: int) -> None:
    """The refusals with their own words: writes, LOAD CSV, administration, plans, other databases."""
    where = position(text, token.offset)
    if keyword in _WRITES:
        raise WriteRejected(keyword, where, f"{keyword} writes to the graph; this route only reads")
    if keyword == "DETACH":
        raise WriteRejected("DETACH DELETE", where, "DETACH DELETE writes to the graph; this route only reads")
    if keyword in ("LOAD", "CSV"):
        raise WriteRejected("LOAD CSV", where, "LOAD CSV reads files into the engine; this route only reads the graph")
    if keyword == "USE":
        raise WriteRejected("USE", where, "USE switches to another database; this route reads only its own graph")
    if keyword in _PLANS:
        raise WriteRejected(keyword, where, f"{keyword} is not supported here; send the query without it")
    if keyword == "CYPHER":
        raise WriteRejected("CYPHER", where, "CYPHER query options are not supported here; send the query without them")
    if keyword in _ADMINISTRATION:
        raise WriteRejected(keyword, where, f"{keyword} starts an administration command; this route only reads the graph")
    if keyword == "TRANSACTIONS":
        raise WriteRejected("IN TRANSACTIONS", where, "IN TRANSACTIONS commits batches of writes; this route only reads")


def _unquoted(token: Token) -> str:
    return token.text[1:-1].replace("``", "`") if token.kind == "name" else token.text
