"""Export, import into an empty engine, export again: the same workbook (a full one, and the reference data)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from importers import load, read, reference, validate
from importers.chart import SHEETS, Chart, format_cell
from importers.export import export_chart, sort_chart
from importers.export_workbook import write_csv_folder, write_xlsx

pytestmark = pytest.mark.engine


# Every sheet and every column, written the way people type: `;` between cells, Swedish words, ja/nej.
HANDWRITTEN = {
    "units": """\
id;kind;name;level;region;knowledge_area;start;end;established_by;decision_ref;source;code;former_names;name_since;note;fictional;measure_scope;added_cost;organisational_change;within_mandate;political_decision;several_divisions;route_order;wording
region:20;region;Region Dalarna;;;;;;;;reference/regions.csv;20;Landstinget Dalarna;2019-01-01;;nej
municipality:2080;kommun;Falun;;;;;;;;reference/municipalities.csv;2080;;;;
municipality:2081;kommun;Borlänge;;;;;;;;reference/municipalities.csv;2081;;;;
healthcare-region:mellansverige;sjukvårdsregion;Sjukvårdsregion Mellansverige;;;;;;;;reference/README.md;;Uppsala-Örebro;2023-01-01;;
knowledge-area:psykisk-halsa;kunskapsområde;Psykisk hälsa;;;;;;;;;;;;;
decision-matter:new-lag;beslutsfråga;Creating a LAG;;;;;;;;004 §2;;;;Goals and new groups;;regional;ja;ja;ja;ja;ja;2;Nya grupper beslutas i LGHS
management-group:lghs;ledningsgrupp;LGHS;regional;region:20;;;;;;004 §2;;;;Hälso- och sjukvårdens ledningsgrupp;
preparatory-group:ksg-b;beredningsgrupp;KSG-B;regional;region:20;;;;management-group:lghs;;004 §3;;;;;
lpo:dalarna-psykisk-halsa;LPO;LPO Psykisk hälsa;regional;region:20;knowledge-area:psykisk-halsa;;;management-group:lghs;LD17/02028;004 §3;;;;;
lag:dalarna-depression;lokal arbetsgrupp;LAG Depression;regional;region:20;knowledge-area:psykisk-halsa;2019-03-01;2021-12-31;preparatory-group:ksg-b;LD18/02757;004 §4;;LAG Nedstämdhet, LAG Ångest;2020-01-01;=SUM(A1) stays text;ja
rpo:mellansverige-psykisk-halsa;RPO;RPO Psykisk hälsa;sjukvårdsregional;healthcare-region:mellansverige;knowledge-area:psykisk-halsa;;;;;004;;;;;
post:dalarna-coordinator;befattning;Kunskapsstyrningssamordnare;;;;;;;;004 §3;;;;;
""",
    "people": """\
id;name;title;organisation;email;phone;fictional;source;note
person:anna;Anna Andersson;Överläkare;Region Dalarna;anna.andersson@example.org;023-49 00 00;ja;invented;chairs the LAG
person:bertil;Bertil Berg;Enhetschef;Falu kommun;;;ja;;
person:cecilia;Cecilia Carlsson;;;;;ja;;
""",
    "memberships": """\
person;unit;role;represents;start;end;appointed_by;source;note
person:anna;lag:dalarna-depression;ordförande;region:20;2019-03-01;2021-12-31;preparatory-group:ksg-b;004 §4;named by KSG-B
person:bertil;lag:dalarna-depression;kommunal representant;municipality:2080, municipality:2081;2019-03-01;;;003;
person:bertil;lag:dalarna-depression;ledamot;;2020-01-01;;;;
post:dalarna-coordinator;preparatory-group:ksg-b;ordförande;;;;;004 §3;ex officio
""",
    "relations": """\
source;type;target;start;end;note;source_document
lag:dalarna-depression;rapporterar till;lpo:dalarna-psykisk-halsa;2019-03-01;2021-12-31;yearly action plan;004 §4
lag:dalarna-depression;BELONGS_TO;municipality:2080;2020-01-01;;hosted by Falun;
lpo:dalarna-psykisk-halsa;speglar;rpo:mellansverige-psykisk-halsa;;;;004
preparatory-group:ksg-b;bereder;management-group:lghs;;;;004 §3
person:cecilia;innehar;post:dalarna-coordinator;2020-01-01;;;
region:20;del av;healthcare-region:mellansverige;;;;reference/regions.csv
municipality:2080;ligger i;healthcare-region:mellansverige;;;;
""",
    "mandates": """\
holder;scope;decides;condition;decision_ref;source;part;step;qualifier;rank;decided_on
management-group:lghs;decision-matter:new-lag;ja;when the costs exceed an operation's budget;LD17/02028;004 §2;beslutar;2;vid behov;1;2017-11-01
person:bertil;decision-matter:new-lag;nej;;;003;saknar mandat;;;;
""",
}


def write_handwritten(folder: Path) -> Path:
    folder.mkdir()
    for name, text in HANDWRITTEN.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def validated(path: Path) -> Chart:
    validation = validate.validate(read.read_workbook(path))
    assert validation.ok, [str(problem) for problem in validation.problems]
    return validation.chart


def import_into_empty(graph, path: Path) -> Chart:
    graph.write("MATCH (n) DETACH DELETE n")
    chart = validated(path)
    report = load.apply_chart(graph, chart, owner=path.stem or path.name)
    assert report.written and not report.conflicts, [str(problem) for problem in report.conflicts]
    return chart


def csv_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def xlsx_cells(path: Path) -> dict[str, list[tuple]]:
    workbook = load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def assert_round_trip(graph, first: Chart, tmp_path: Path) -> None:
    """`first` is in the graph: its CSV and xlsx exports import into an empty engine and export the same."""
    write_csv_folder(first, tmp_path / "first")
    write_xlsx(first, tmp_path / "first.xlsx")

    import_into_empty(graph, tmp_path / "first")
    write_csv_folder(export_chart(graph), tmp_path / "second")
    assert csv_bytes(tmp_path / "second") == csv_bytes(tmp_path / "first")

    import_into_empty(graph, tmp_path / "first.xlsx")
    write_xlsx(export_chart(graph), tmp_path / "second.xlsx")
    assert xlsx_cells(tmp_path / "second.xlsx") == xlsx_cells(tmp_path / "first.xlsx")


def test_a_workbook_using_every_column_survives_import_and_export(graph, tmp_path):
    imported = import_into_empty(graph, write_handwritten(tmp_path / "dalarna"))
    first = export_chart(graph)
    # Nothing the workbook said is lost on the way through the graph.
    assert first == sort_chart(imported)
    for sheet in SHEETS:
        used = {column for record in getattr(first, sheet.name) for column in sheet.columns
                if getattr(record, column) not in (None, (), False)}
        assert used == set(sheet.columns), sheet.name
    assert_round_trip(graph, first, tmp_path)


def test_the_reference_data_survives_export_and_import(graph, tmp_path):
    chart = reference.reference_chart()
    assert load.apply_chart(graph, chart, owner="reference").written
    first = export_chart(graph)
    # Every record comes back (levels the importer filled in from the kind may differ, so compare keys).
    for sheet in SHEETS:
        assert keys(first, sheet) == keys(chart, sheet), sheet.name
    assert_round_trip(graph, first, tmp_path)


def keys(chart: Chart, sheet) -> list[tuple]:
    return sorted(tuple(format_cell(getattr(record, column)) for column in sheet.key)
                  for record in getattr(chart, sheet.name))
