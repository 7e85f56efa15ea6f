"""The template workbook: the five sheets with their columns, example rows, a guide and the vocabulary.

The example is a small, fictional local working group in Region Örebro län,
written the way a person fills in the sheets (Swedish words for kinds, roles
and relation types), and pointing at the built-in reference data by id
(`region:18`, `municipality:1880`, `npo:psykisk-halsa`, ...). It imports as it
is once `govgraph load reference` has run.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from graphmodel.model import EDGE_KINDS, LEVELS, NODE_KINDS, ROLES
from graphmodel.vocabulary import MANDATE_PARTS, MANDATE_QUALIFIERS, MEASURE_SCOPES, Term, TermTable
from importers.chart import SHEETS, SheetSpec
from importers.ids import entity_id
from importers.reference import read_reference_tables
from importers.validate_chart import OWN_SHEET_TYPES

TEMPLATE_PATH = Path(__file__).resolve().parent.parent / "templates" / "govgraph-template.xlsx"
EXAMPLE_ROWS = 200  # how far down the vocabulary drop-downs reach

LPO = "lpo:exempel-region-orebro-lan-psykisk-halsa"
LAG = "lag:exempel-region-orebro-lan-angest-och-depression"
MATTER = "decision-matter:exempel-ny-rutin-utan-merkostnad"
ANNA, BO, CARIN = "person:exempel-anna-andersson", "person:exempel-bo-berg", "person:exempel-carin-dahl"
RPO = "rpo:sjukvardsregion-mellansverige-psykisk-halsa"

EXAMPLES: dict[str, list[dict[str, str]]] = {
    "units": [
        # Names without the kind's abbreviation: the explorer and the hop texts put "LPO" or "LAG" before them.
        {"id": LPO, "kind": "lokalt programområde", "name": "Psykisk hälsa (exempel)", "region": "region:18",
         "knowledge_area": "knowledge-area:psykisk-halsa", "start": "2019-01-01",
         "source": "000_9d1f36fc60801c79.txt", "fictional": "ja"},
        {"id": LAG, "kind": "LAG", "name": "Ångest och depression (exempel)", "region": "region:18",
         "knowledge_area": "knowledge-area:psykisk-halsa", "start": "2024-01-01", "end": "2026-12-31",
         "established_by": LPO, "decision_ref": "EXEMPEL-2023/001", "source": "000_9d1f36fc60801c79.txt",
         "note": "Exempel: handlingsplan följs upp årligen", "fictional": "ja"},
        {"id": MATTER, "kind": "beslutsfråga", "name": "Kunskapsstöd utan merkostnad eller organisatorisk följd",
         "source": "002_f2c56e9e6debe3bb.txt §10", "fictional": "ja", "measure_scope": "kommunal",
         "added_cost": "nej", "organisational_change": "nej"},
    ],
    "people": [
        {"id": ANNA, "name": "Anna Andersson", "title": "Överläkare", "organisation": "Region Örebro län",
         "email": "anna.andersson@example.org", "fictional": "ja"},
        {"id": BO, "name": "Bo Berg", "title": "Enhetschef", "organisation": "Örebro kommun", "fictional": "ja"},
        {"id": CARIN, "name": "Carin Dahl", "title": "Utvecklare", "organisation": "Kunskapsstödsgruppen",
         "fictional": "ja"},
    ],
    "memberships": [
        {"person": ANNA, "unit": LAG, "role": "ordförande", "start": "2024-01-01", "appointed_by": LPO},
        {"person": BO, "unit": LAG, "role": "kommunal representant",
         "represents": "municipality:1880, municipality:1881", "start": "2024-01-01",
         "source": "003_ef8c122bca7ad691.txt"},
        {"person": CARIN, "unit": LAG, "role": "metodstöd", "start": "2024-01-01"},
    ],
    "relations": [
        {"source": LAG, "type": "rapporterar till", "target": LPO, "source_document": "000_9d1f36fc60801c79.txt"},
        {"source": LPO, "type": "speglar", "target": RPO},
        {"source": CARIN, "type": "kontaktperson för", "target": BO, "start": "2024-01-01"},
    ],
    "mandates": [
        {"holder": LPO, "scope": MATTER, "decides": "ja", "condition": "inom kunskapsstyrningsorganisationen",
         "source": "002_f2c56e9e6debe3bb.txt §10", "part": "beslutar", "step": "1"},
        {"holder": BO, "scope": MATTER, "decides": "nej",
         "condition": "den kommunala representanten har inget mandat att fatta beslut",
         "source": "003_ef8c122bca7ad691.txt", "part": "saknar mandat"},
    ],
}

GUIDE = [
    "govgraph: organisationsschema för kunskapsstyrning / organisation chart for knowledge governance",
    "",
    "Fill in the sheets units, people, memberships, relations and (optionally) mandates; row 1 is the header.",
    "Bold columns are required. Dates are YYYY-MM-DD. Lists (represents, former_names) are separated by commas.",
    "kind, type, role, level and knowledge_area have drop-down lists (from the 'vocabulary' sheet, in Swedish);",
    "kind, type, role and level also take the sheet's keys or English words, any case.",
    "Names are written without the kind's abbreviation: 'Psykisk hälsa' for an LPO, shown as 'LPO Psykisk hälsa'.",
    "A decision matter (beslutsfråga) may say which measures it covers: measure_scope (region, kommunal or båda)",
    "and yes/no in political_decision, within_mandate, several_divisions, added_cost, organisational_change",
    "(empty: either); route_order (1, 2, ...) orders the alternatives, wording quotes the document's rule.",
    "A mandates row's part (beslutar, bereder, rekommenderar, i samråd med, tillstyrker, förankrar, för kännedom,",
    "genomför, saknar mandat), qualifier (alltid, i första hand, vid behov, alternativt), rank and step (1, 2, ...)",
    "give the decision route that `govgraph decide` shows; an empty part follows decides.",
    "Ids are stable: region:18, municipality:1880, npo:psykisk-halsa come with `govgraph load reference`.",
    "Import:   govgraph import chart.xlsx --dry-run   (shows what would change), then without --dry-run.",
    "Re-importing changes only what you changed; --prune removes what you deleted from the workbook.",
    "Every row of the example is fictional; replace it with your own.",
]


def write_template(path: Path = TEMPLATE_PATH) -> Path:
    """Write a fresh template workbook to `path` (folders are created) and return the path."""
    book = Workbook()
    guide = book.active
    guide.title = "guide"
    for line in GUIDE:
        guide.append([line])
    guide["A1"].font = Font(bold=True)
    guide.column_dimensions["A"].width = 110
    vocabulary = _vocabulary_sheet(book)
    for spec in SHEETS:
        _chart_sheet(book, spec, EXAMPLES[spec.name], vocabulary)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _chart_sheet(book: Workbook, spec: SheetSpec, rows: list[dict[str, str]], vocabulary: dict[str, str]) -> None:
    sheet = book.create_sheet(spec.name)
    sheet.append(list(spec.columns))
    for column, cell in zip(spec.columns, sheet[1], strict=True):
        cell.font = Font(bold=column in spec.required)
    for row in rows:
        sheet.append([row.get(column, "") for column in spec.columns])
    sheet.freeze_panes = "A2"
    for number, column in enumerate(spec.columns, start=1):
        widest = max(len(column), *(len(row.get(column, "")) for row in rows))
        sheet.column_dimensions[get_column_letter(number)].width = min(max(widest + 2, 10), 60)
        if column in vocabulary:
            _suggest(sheet, number, vocabulary[column])


def _suggest(sheet: Worksheet, column_number: int, source_range: str) -> None:
    """A drop-down of the vocabulary's Swedish words that still accepts any other spelling (a key, English)."""
    letter = get_column_letter(column_number)
    suggestion = DataValidation(type="list", formula1=source_range, allow_blank=True, showErrorMessage=False)
    suggestion.add(f"{letter}2:{letter}{EXAMPLE_ROWS}")
    sheet.add_data_validation(suggestion)


def knowledge_areas() -> TermTable:
    """The 26 knowledge areas of the reference data, by id, with their (Swedish) name."""
    names = [row["knowledge_area"] for row in read_reference_tables().programme_areas]
    return TermTable("knowledge area", [Term(entity_id("knowledge_area", name), name, name) for name in names])


# (the vocabulary sheet's heading, the words, the chart column given a drop-down, the column it lists)
VOCABULARY_COLUMNS: tuple[tuple[str, TermTable, str, str], ...] = (
    ("units.kind", TermTable("unit kind", [term for term in NODE_KINDS.terms if term.key != "person"]), "kind", "sv"),
    ("relations.type", TermTable("relation type", [term for term in EDGE_KINDS.terms
                                                   if term.key not in OWN_SHEET_TYPES]), "type", "sv"),
    ("memberships.role", ROLES, "role", "sv"),
    ("units.level", LEVELS, "level", "sv"),
    ("units.measure_scope", MEASURE_SCOPES, "measure_scope", "sv"),
    ("mandates.part", MANDATE_PARTS, "part", "sv"),
    ("mandates.qualifier", MANDATE_QUALIFIERS, "qualifier", "sv"),
    # A knowledge area by its id, which imports without a name to look up; its name stands beside it.
    ("units.knowledge_area", knowledge_areas(), "knowledge_area", "key"),
)
_LISTED_OFFSET = {"key": 0, "en": 1, "sv": 2}


def _vocabulary_sheet(book: Workbook) -> dict[str, str]:
    """Each table as key / English / Swedish columns; returns the drop-down range per chart column."""
    sheet = book.create_sheet("vocabulary")
    ranges = {}
    for block, (title, table, column, listed) in enumerate(VOCABULARY_COLUMNS):
        first = block * 4 + 1
        for offset, heading in enumerate((title, "English", "Swedish")):
            cell = sheet.cell(row=1, column=first + offset, value=heading)
            cell.font = Font(bold=True)
        for number, term in enumerate(table.terms, start=2):
            for offset, value in enumerate((term.key, term.en, term.sv)):
                sheet.cell(row=number, column=first + offset, value=value)
        letter = get_column_letter(first + _LISTED_OFFSET[listed])
        ranges[column] = f"vocabulary!${letter}$2:${letter}${len(table.terms) + 1}"
        for offset in range(3):
            sheet.column_dimensions[get_column_letter(first + offset)].width = 26
    return ranges


if __name__ == "__main__":  # `python -m importers.template` regenerates templates/govgraph-template.xlsx
    print(write_template())
