"""The reference data written into a real engine: it loads, repeats cleanly, and the documents' paths exist."""

from __future__ import annotations

import datetime

import pytest

from graphmodel.engine import Graph
from importers.load import apply_chart
from importers.reference import reference_chart

pytestmark = pytest.mark.engine

OWNER = "reference"

# NPO -> RPO -> LPO -> LAG -> municipal representative -> V&F contact -> network -> key person -> municipality,
# each hop in the direction the edge is stored.
COMMUNICATION_PATH = """
MATCH (npo:Entity {uid: $npo})<-[:MIRRORS]-(rpo:RPO)<-[:MIRRORS]-(lpo:LPO)<-[:REPORTS_TO]-(lag:LAG)
      <-[rep_in:MEMBER_OF]-(rep:Person)<-[:CONTACT_PERSON_FOR]-(contact:Person)-[:DISSEMINATES_TO]->(network:Network)
      <-[key_in:MEMBER_OF]-(key:Person)-[:DISSEMINATES_TO]->(municipality:Municipality {uid: $municipality})
WHERE rep_in.role = $rep_role AND key_in.role = $key_role
RETURN [n IN [npo, rpo, lpo, lag, rep, contact, network, key, municipality] | n.uid] AS path
"""

# The same trace as a variable-length path over the communication and reporting edge types.
ANY_TRACE = """
MATCH p = (npo:Entity {uid: $npo})-[:MIRRORS|REPORTS_TO|MEMBER_OF|CONTACT_PERSON_FOR|DISSEMINATES_TO*1..8]-
          (municipality:Entity {uid: $municipality})
WHERE any(r IN relationships(p) WHERE r.role = $key_role)
  AND any(r IN relationships(p) WHERE r.role = $rep_role)
RETURN [n IN nodes(p) | n.uid] AS path
LIMIT 1
"""

WHO_DECIDES = """
MATCH (holder:Entity)-[m:MANDATE]->(matter:Entity {uid: $matter})
RETURN holder.uid AS holder, m.decides AS decides
"""


@pytest.fixture(scope="module")
def loaded(engine_graph: Graph) -> Graph:
    """The reference data loaded once into an emptied graph; the tests here only read."""
    engine_graph.write("MATCH (n) DETACH DELETE n")
    report = apply_chart(engine_graph, reference_chart(), owner=OWNER)
    assert report.written and not report.conflicts
    return engine_graph


def test_the_reference_data_loads_every_territory_and_national_body(loaded):
    rows = loaded.read("MATCH (n:Entity) WHERE n.kind IN $kinds RETURN n.kind AS kind, count(*) AS n",
                       kinds=["municipality", "region", "county", "healthcare_region", "npo"])
    assert {(row["kind"], row["n"]) for row in rows} == {
        ("municipality", 290), ("region", 21), ("county", 21), ("healthcare_region", 6), ("npo", 26)}


def test_loading_again_changes_nothing(loaded):
    report = apply_chart(loaded, reference_chart(), owner=OWNER)
    assert report.changes == 0 and not report.written


def test_a_renamed_npo_keeps_its_name_history_in_the_graph(loaded):
    (row,) = loaded.read("MATCH (n:Entity {uid: $uid}) RETURN n.name AS name, n.former_names AS former, "
                         "n.name_since AS since", uid="npo:aldres-halsa-och-palliativ-vard")
    assert (row["name"], list(row["former"])) == ("Äldres hälsa och palliativ vård", ["Äldres hälsa"])
    assert row["since"].to_native() == datetime.date(2022, 10, 28)


@pytest.mark.parametrize("municipality", ["municipality:1880", "municipality:1864"])
def test_a_document_travels_from_the_npo_to_a_key_person_in_an_orebro_municipality(loaded, municipality):
    rows = loaded.read(COMMUNICATION_PATH, npo="npo:psykisk-halsa", municipality=municipality,
                       rep_role="municipal_representative", key_role="key_person")
    paths = {tuple(row["path"]) for row in rows}
    assert ("npo:psykisk-halsa", "rpo:sjukvardsregion-mellansverige-psykisk-halsa",
            "lpo:region-orebro-lan-psykisk-halsa", "lag:region-orebro-lan-suicidprevention",
            "person:johanna-rask", "person:eva-marklund", "network:orebro-lan-natverk-for-mas-mar") in {
        path[:7] for path in paths}
    assert {path[-1] for path in paths} == {municipality}


def test_a_variable_length_trace_finds_the_same_route(loaded):
    (row,) = loaded.read(ANY_TRACE, npo="npo:psykisk-halsa", municipality="municipality:1880",
                         rep_role="municipal_representative", key_role="key_person")
    path = row["path"]
    assert path[0] == "npo:psykisk-halsa" and path[-1] == "municipality:1880"
    assert "person:lena-hjort" in path


def test_the_graph_answers_who_decides_a_measure_within_budget(loaded):
    rows = loaded.read(WHO_DECIDES, matter="decision-matter:region-orebro-lan-implementering-av-atgarder-inom-"
                                           "verksamhetens-uppdrag-och-budget")
    assert {(row["holder"], row["decides"]) for row in rows} == {
        ("post:region-orebro-lan-verksamhetschef", True), ("council:region-orebro-lan-rmks", False)}
