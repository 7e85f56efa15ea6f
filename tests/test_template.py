"""The template workbook as a person opens it: drop-down lists read back with openpyxl, names that read right."""

from __future__ import annotations

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from cypher.explain import NodeRef
from graphmodel.model import EDGE_KINDS, LEVELS, ROLES
from importers.chart import SHEETS
from importers.template import EXAMPLES, write_template

COLUMNS = {spec.name: spec.columns for spec in SHEETS}


def drop_downs(book, sheet_name: str) -> dict[str, list[str]]:
    """For each column of `sheet_name` with a list validation, the values the list offers."""
    sheet = book[sheet_name]
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        source_sheet, cells = validation.formula1.split("!")
        first, last = cells.replace("$", "").split(":")
        column = first.rstrip("0123456789")
        rows = range(int(first[len(column):]), int(last[len(column):]) + 1)
        values = [book[source_sheet][f"{column}{row}"].value for row in rows]
        for cell_range in str(validation.sqref).split():
            letter = cell_range.split(":")[0].rstrip("0123456789")
            found[COLUMNS[sheet_name][column_index_from_string(letter) - 1]] = values
            assert cell_range.endswith("200"), "the list reaches well below the example rows"
    return found


def test_the_template_offers_drop_downs_for_kind_role_type_level_and_knowledge_area(tmp_path):
    book = load_workbook(write_template(tmp_path / "mall.xlsx"))
    units = drop_downs(book, "units")
    assert {"kind", "level", "knowledge_area"} <= units.keys()
    assert "lokal arbetsgrupp" in units["kind"] and "person" not in units["kind"]
    assert units["level"] == [term.sv for term in LEVELS.terms]
    assert len(units["knowledge_area"]) == 26 and "knowledge-area:psykisk-halsa" in units["knowledge_area"]
    assert drop_downs(book, "memberships")["role"] == [term.sv for term in ROLES.terms]
    types = drop_downs(book, "relations")["type"]
    assert "rapporterar till" in types and "ledamot i" not in types, "memberships have their own sheet"
    assert all(EDGE_KINDS.lookup(word) is not None for word in types)


def test_every_example_word_is_one_the_drop_downs_offer_or_the_vocabulary_reads(tmp_path):
    book = load_workbook(write_template(tmp_path / "mall.xlsx"))
    roles = drop_downs(book, "memberships")["role"]
    assert {row["role"] for row in EXAMPLES["memberships"]} <= set(roles)
    assert {row["type"] for row in EXAMPLES["relations"]} <= set(drop_downs(book, "relations")["type"])


def test_example_names_are_not_prefixed_twice():
    for row in EXAMPLES["units"]:
        label = NodeRef(row["id"], row["name"], row["id"].split(":")[0]).label()
        words = label.split()
        assert words[0] != words[1], label
