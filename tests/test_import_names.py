"""Names where ids are expected (issue 13, item 4): a reference cell may name its node instead of giving the id.

An exact, case-insensitive name resolves when it names exactly one node of the kind the column expects,
in the workbook or in the graph; the record stores the id and the report says how the name was read.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from graphmodel.engine import Graph
from importers.load import apply_chart, existing_kinds
from importers.names import NameIndex, Named, graph_names, names_to_look_up
from importers.read import read_workbook
from importers.validate import validate, workbook_ids

IMPORTS = "/api/v1/imports"

UNITS_HEADER = "id;kind;name;region;knowledge_area\n"


def write_folder(folder: Path, sheets: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in sheets.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def checked(graph: Graph | None, folder: Path):
    """Validate a folder as `govgraph import` does, with the graph's names."""
    workbook = read_workbook(folder)
    known = existing_kinds(graph, workbook_ids(workbook)) if graph is not None else {}
    return validate(workbook, existing_ids=known, graph=graph)


def messages(problems) -> list[str]:
    return [str(problem) for problem in problems]


# -- names in the workbook itself (no graph) -------------------------------------------------------------------
AMBIGUOUS_PEOPLE = {
    "units": "id;kind;name\nlag:a;LAG;LAG A\n",
    "people": "id;name\nperson:anna-1;Anna Ek\nperson:anna-2;anna ek\nperson:bo;Bo Lind\n",
    "memberships": "person;unit;role\nAnna Ek;lag:a;ledamot\nBO LIND;LAG A;ordförande\n",
    "relations": "source;type;target\n",
}


def test_a_name_in_the_workbook_resolves_and_an_ambiguous_one_lists_the_candidates(tmp_path):
    validation = checked(None, write_folder(tmp_path / "chart", AMBIGUOUS_PEOPLE))

    assert messages(validation.problems) == [
        "memberships.csv row 2, column person: 'Anna Ek' names 2 nodes: person:anna-1, person:anna-2; "
        "write the id of the one meant"]
    assert "memberships.csv row 3, column person: person 'BO LIND' read as person:bo" in messages(validation.warnings)
    assert "memberships.csv row 3, column unit: unit 'LAG A' read as lag:a" in messages(validation.warnings)
    bo = [member for member in validation.chart.memberships if member.role == "chair"]
    assert [(member.person, member.unit) for member in bo] == [("person:bo", "lag:a")]


def test_an_id_is_read_as_an_id_even_when_a_node_is_named_like_it(tmp_path):
    sheets = dict(AMBIGUOUS_PEOPLE, people="id;name\nperson:bo;Bo Lind\nperson:x;person:bo\n",
                  memberships="person;unit;role\nperson:bo;lag:a;ledamot\n")
    validation = checked(None, write_folder(tmp_path / "chart", sheets))
    assert validation.problems == [] and validation.warnings == []
    assert validation.chart.memberships[0].person == "person:bo"


def test_an_unknown_name_stays_unknown_and_suggests_close_names(tmp_path):
    sheets = dict(AMBIGUOUS_PEOPLE, memberships="person;unit;role\nBo Lindh;lag:a;ledamot\n")
    validation = checked(None, write_folder(tmp_path / "chart", sheets))
    assert messages(validation.problems) == [
        "memberships.csv row 2, column person: 'Bo Lindh' is neither in this workbook nor in the graph "
        "(close names: 'Bo Lind' person:bo)"]


def test_a_list_of_names_resolves_item_by_item(tmp_path):
    sheets = {
        "units": "id;kind;name\nlag:a;LAG;LAG A\nmunicipality:9998;kommun;Norrby\nmunicipality:9999;kommun;Söderby\n",
        "people": "id;name\nperson:bo;Bo Lind\n",
        "memberships": "person;unit;role;represents\nperson:bo;lag:a;kommunal representant;Norrby kommun, municipality:9999\n",
        "relations": "source;type;target\n",
    }
    validation = checked(None, write_folder(tmp_path / "chart", sheets))
    assert validation.problems == []
    assert validation.chart.memberships[0].represents == ("municipality:9998", "municipality:9999")
    assert messages(validation.warnings) == [
        "memberships.csv row 2, column represents: represents 'Norrby kommun' read as municipality:9998"]


def test_a_name_with_a_comma_resolves_in_a_single_reference_and_an_id_with_one_is_refused(tmp_path):
    sheets = {
        "units": "id;kind;name;knowledge_area\n"
                 "knowledge-area:rehab;kunskapsområde;Rehabilitering, habilitering och försäkringsmedicin;\n"
                 "lpo:rehab;LPO;LPO Rehab;rehabilitering, habilitering och försäkringsmedicin\n"
                 "lpo:other;LPO;LPO Other;knowledge-area:a,b\n",
        "people": "id;name\n", "memberships": "person;unit;role\n", "relations": "source;type;target\n",
    }
    validation = checked(None, write_folder(tmp_path / "chart", sheets))
    assert validation.chart.units[1].knowledge_area == "knowledge-area:rehab"
    assert messages(validation.problems) == [
        "units.csv row 4, column knowledge_area: 'knowledge-area:a,b' is not an id: ids cannot contain ',', "
        "and no node has this name"]


def test_names_to_look_up_are_lowered_and_add_a_municipality_name_without_kommun():
    asked = names_to_look_up(["Gällivare kommun", "  Psykisk   HÄLSA "])
    assert asked == ["gällivare", "gällivare kommun", "psykisk hälsa"]


def test_the_index_finds_municipalities_by_name_and_by_name_kommun_and_filters_by_kind():
    index = NameIndex([Named("municipality:2523", "municipality", "Gällivare"),
                       Named("knowledge-area:psykisk-halsa", "knowledge_area", "Psykisk hälsa"),
                       Named("npo:psykisk-halsa", "npo", "Psykisk hälsa")])
    assert [node.uid for node in index.named("GÄLLIVARE KOMMUN")] == ["municipality:2523"]
    assert [node.uid for node in index.named("psykisk hälsa", frozenset({"knowledge_area"}))] == [
        "knowledge-area:psykisk-halsa"]
    assert len(index.named("Psykisk hälsa")) == 2


# -- names in the graph ----------------------------------------------------------------------------------------
LPO_CHART = {
    "units": UNITS_HEADER + "lpo:region-testland-psykisk-halsa;LPO;LPO Psykisk hälsa;Region Örebro län;Psykisk hälsa\n"
                            "lag:gallivare;LAG;LAG Gällivare;Gällivare;\n"
                            "lag:gallivare-2;LAG;LAG Gällivare 2;gällivare kommun;\n"
                            "lpo:region-testland-rehab;LPO;LPO Rehab;;Rehabilitering, habilitering och "
                            "försäkringsmedicin\n",
    "people": "id;name\n",
    "memberships": "person;unit;role\n",
    "relations": "source;type;target\n",
}


@pytest.mark.engine
def test_names_resolve_against_the_graph_and_the_import_stores_the_ids(reference_graph, tmp_path):
    graph = reference_graph
    validation = checked(graph, write_folder(tmp_path / "chart", LPO_CHART))

    assert validation.problems == []
    notes = messages(validation.warnings)
    assert "units.csv row 2, column knowledge_area: knowledge_area 'Psykisk hälsa' read as " \
           "knowledge-area:psykisk-halsa" in notes
    assert "units.csv row 2, column region: region 'Region Örebro län' read as region:18" in notes
    assert "units.csv row 3, column region: region 'Gällivare' read as municipality:2523" in notes
    assert "units.csv row 4, column region: region 'gällivare kommun' read as municipality:2523" in notes
    lpo, lag, lag2, rehab = validation.chart.units
    assert rehab.knowledge_area == "knowledge-area:rehabilitering-habilitering-och-forsakringsmedicin"
    assert (lpo.knowledge_area, lpo.region, lag.region, lag2.region) == (
        "knowledge-area:psykisk-halsa", "region:18", "municipality:2523", "municipality:2523")

    try:
        apply_chart(graph, validation.chart, owner="names-test", checked=True)
        covered = graph.read("MATCH (:Entity {uid: $lpo})-[:COVERS]->(k:Entity) RETURN k.uid AS uid",
                             lpo="lpo:region-testland-psykisk-halsa")
        assert [row["uid"] for row in covered] == ["knowledge-area:psykisk-halsa"]
        # Importing the same workbook again reads the same names as the same ids: nothing changes.
        again = checked(graph, tmp_path / "chart")
        report = apply_chart(graph, again.chart, owner="names-test", checked=True)
        assert report.changes == 0
    finally:
        graph.write("MATCH (n:Entity) WHERE n.imported_from = $owner DETACH DELETE n", owner="names-test")


@pytest.mark.engine
def test_an_ambiguous_or_unknown_name_in_the_graph_is_a_problem_naming_the_candidates(reference_graph, tmp_path):
    sheets = dict(LPO_CHART, units=UNITS_HEADER + "lag:x;LAG;LAG X;;Hälsa\n",
                  people="id;name\nperson:bo;Bo Lind\n",
                  memberships="person;unit;role\nperson:bo;Psykisk hälsa;ledamot\nperson:bo;lag:x;ordförande\n")
    validation = checked(reference_graph, write_folder(tmp_path / "chart", sheets))
    found = messages(validation.problems)

    assert len(found) == 2, found
    assert found[0].startswith("units.csv row 2, column knowledge_area: 'Hälsa' is neither in this workbook nor "
                               "in the graph")
    ambiguous = found[1]
    assert ambiguous.startswith("memberships.csv row 2, column unit: 'Psykisk hälsa' names 6 nodes: ")
    for uid in ("npo:psykisk-halsa", "rpo:sjukvardsregion-mellansverige-psykisk-halsa",
                "lpo:region-orebro-lan-psykisk-halsa", "lpo:region-dalarna-psykisk-halsa"):
        assert uid in ambiguous
    assert "knowledge-area:psykisk-halsa" not in ambiguous  # a knowledge area is no body to be a member of


@pytest.mark.engine
def test_a_name_of_the_wrong_kind_says_what_it_names(reference_graph, tmp_path):
    sheets = dict(LPO_CHART, units=UNITS_HEADER + "lag:x;LAG;LAG X;;Örebro\n")
    validation = checked(reference_graph, write_folder(tmp_path / "chart", sheets))
    assert messages(validation.problems) == [
        "units.csv row 2, column knowledge_area: 'Örebro' names no knowledge area; it names a municipality "
        "(municipality:1880)"]


@pytest.mark.engine
def test_the_names_are_looked_up_in_one_query_with_parameters(reference_graph):
    queries = []
    real_read = reference_graph.read

    def counting(query, **params):
        queries.append((query, params))
        return real_read(query, **params)

    reference_graph.read = counting
    try:
        found = graph_names(reference_graph, ["Gällivare kommun", "Psykisk hälsa", "x' OR 1=1 //"])
    finally:
        del reference_graph.read
    assert len(queries) == 1
    query, params = queries[0]
    assert "Gällivare" not in query and "gällivare" not in query and "1=1" not in query
    assert "gällivare" in params["names"]
    assert {"municipality:2523", "knowledge-area:psykisk-halsa", "npo:psykisk-halsa"} <= {node.uid for node in found}


# -- the CLI and the API -----------------------------------------------------------------------------------------
def govgraph(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govgraph", *args], env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.engine
def test_the_cli_refuses_an_ambiguous_name_and_writes_nothing(cli_env, tmp_path):
    folder = write_folder(tmp_path / "chart", AMBIGUOUS_PEOPLE)
    assert govgraph(cli_env, "db", "start").returncode == 0
    try:
        refused = govgraph(cli_env, "import", str(folder), "--lang", "en")
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert "memberships.csv row 2, column person: 'Anna Ek' names 2 nodes: person:anna-1, person:anna-2" \
            in refused.stderr
        assert "nothing was written" in refused.stderr
        listed = govgraph(cli_env, "import", str(folder), "--dry-run")
        assert listed.returncode == 1
        fixed = dict(AMBIGUOUS_PEOPLE, memberships=AMBIGUOUS_PEOPLE["memberships"].replace("Anna Ek;", "person:anna-1;"))
        done = govgraph(cli_env, "import", str(write_folder(tmp_path / "fixed", fixed)), "--lang",
                        "en")
        assert done.returncode == 0, done.stderr
        assert "person 'BO LIND' read as person:bo" in done.stdout + done.stderr
    finally:
        govgraph(cli_env, "db", "stop")


def zipped(sheets: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in sheets.items():
            archive.writestr(f"{name}.csv", text)
    return buffer.getvalue()


@pytest.mark.engine
def test_the_api_dry_run_reports_the_ambiguous_name_and_the_names_it_read(api_client, api_keys, graph):
    answer = api_client.post(IMPORTS, headers={"Accept-Language": "en", **api_keys["editor"]},
                             files={"file": ("chart.zip", zipped(AMBIGUOUS_PEOPLE), "application/zip")})
    assert answer.status_code == 422, answer.text
    errors = answer.json()["errors"]
    assert any(error["column"] == "person" and "names 2 nodes: person:anna-1, person:anna-2" in error["message"]
               for error in errors), errors
    assert graph.read("MATCH (n) RETURN count(n) AS c")[0]["c"] == 0

    fixed = dict(AMBIGUOUS_PEOPLE, memberships=AMBIGUOUS_PEOPLE["memberships"].replace("Anna Ek;", "person:anna-1;"))
    dry = api_client.post(IMPORTS, headers={"Accept-Language": "en", **api_keys["editor"]},
                          files={"file": ("chart.zip", zipped(fixed), "application/zip")})
    assert dry.status_code == 200, dry.text
    assert any("person 'BO LIND' read as person:bo" in warning["message"] for warning in dry.json()["warnings"])
    assert graph.read("MATCH (n) RETURN count(n) AS c")[0]["c"] == 0


@pytest.mark.engine
def test_the_cli_reads_names_of_the_graph_where_ids_are_expected(cli_env, tmp_path):
    by_name = write_folder(tmp_path / "named", {
        "units": UNITS_HEADER + "lpo:region-gavleborg-psykisk-halsa;LPO;LPO Psykisk hälsa;Region Gävleborg;"
                                "Psykisk hälsa\n",
        "people": "id;name\nperson:test-rep;Test Representant\n",
        "memberships": "person;unit;role;represents\n"
                       "person:test-rep;lpo:region-gavleborg-psykisk-halsa;kommunal representant;Gävle kommun\n",
        "relations": "source;type;target\n",
    })
    unknown = write_folder(tmp_path / "unknown", {
        "units": UNITS_HEADER + "lpo:x;LPO;LPO X;region:21;Hälsa\n", "people": "id;name\n",
        "memberships": "person;unit;role\n", "relations": "source;type;target\n"})
    assert govgraph(cli_env, "db", "start").returncode == 0
    try:
        assert govgraph(cli_env, "load", "reference").returncode == 0
        refused = govgraph(cli_env, "import", str(unknown), "--lang", "en")
        assert refused.returncode == 1 and "knowledge_area" in refused.stderr and "'Hälsa'" in refused.stderr
        done = govgraph(cli_env, "import", str(by_name), "--lang", "en")
        assert done.returncode == 0, done.stderr
        said = done.stdout + done.stderr
        assert "'Psykisk hälsa' read as knowledge-area:psykisk-halsa" in said
        assert "'Region Gävleborg' read as region:21" in said and "'Gävle kommun' read as municipality:2180" in said
    finally:
        govgraph(cli_env, "db", "stop")
