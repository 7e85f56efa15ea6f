"""The drawing model on its own: neighbourhoods, paths and chains built by hand, no database."""

from __future__ import annotations

import datetime

from xml.etree import ElementTree

import pytest

from api.drawing import (
    FALLBACK_HIGHLIGHT, HIGHLIGHT, LEVEL_COLOURS, LINE_STYLES, NO_LEVEL_COLOUR, Drawing, DrawnLine, DrawnNode,
    chain_drawing, neighbourhood_drawing, node_label, path_drawing,
)
from api.drawing_layout import LABEL_WIDTH, band_places, box_height, crossings, rows_of
from api.drawing_svg import drawing_svg
from api.models import Edge, EntitySummary
from api.neighbourhood import DrawnEdge, Neighbourhood, NeighbourhoodFilter
from cypher.chain import GOVERNANCE, Chain, ChainAnswer, ChainStep
from cypher.contact_path import PathAnswer, Route
from cypher.explain import Hop, NodeRef

LAG = EntitySummary(uid="lag:orebro:suicid", name="Suicidprevention", kind="lag", level="region")
LPO = EntitySummary(uid="lpo:orebro:psykisk-halsa", name="Psykisk hälsa", kind="lpo", level="region")
NPO = EntitySummary(uid="npo:psykisk-halsa", name="Psykisk hälsa", kind="npo", level="national")
AREA = EntitySummary(uid="knowledge-area:psykisk-halsa", name="Psykisk hälsa", kind="knowledge_area")
CHAIR = EntitySummary(uid="person:cecilia", name="Cecilia Wahlberg", kind="person")
COUNTY = EntitySummary(uid="county:18", name="Örebro län", kind="county")
SVG = "{http://www.w3.org/2000/svg}"


def edge(rel_type: str, family: str | None, other: EntitySummary, role: str | None = None,
         start: datetime.date | None = None) -> Edge:
    return Edge(direction="out", type=rel_type, family=family, role=role, start=start, source="000 §3",
                properties={}, other=other)


def small_neighbourhood() -> Neighbourhood:
    found = Neighbourhood(centre=LAG, nodes={entity.uid: entity for entity in (LAG, LPO, NPO, AREA, CHAIR)})
    found.edges = {
        "e1": DrawnEdge(LAG.uid, LPO.uid, edge("REPORTS_TO", "reporting", LPO)),
        "e2": DrawnEdge(CHAIR.uid, LAG.uid, edge("MEMBER_OF", "representation", LAG, role="chair",
                                                 start=datetime.date(2023, 3, 1))),
        "e3": DrawnEdge(NPO.uid, AREA.uid, edge("COVERS", "structure", AREA)),
        "e4": DrawnEdge(LPO.uid, NPO.uid, edge("MIRRORS", "reporting", NPO)),
    }
    return found


def nodes_by_id(vis: dict) -> dict[str, dict]:
    return {node["id"]: node for node in vis["nodes"]}


def edges_by_id(vis: dict) -> dict[str, dict]:
    return {drawn["id"]: drawn for drawn in vis["edges"]}


def assert_edges_join_drawn_nodes(vis: dict) -> None:
    ids = set(nodes_by_id(vis))
    assert all(drawn["from"] in ids and drawn["to"] in ids for drawn in vis["edges"])


# -- neighbourhood ---------------------------------------------------------------------------
def test_vis_json_has_the_documented_keys():
    vis = neighbourhood_drawing(small_neighbourhood()).as_vis()
    assert set(vis) == {"title", "nodes", "edges", "options", "legend", "notes", "steps"}
    assert set(nodes_by_id(vis)[LPO.uid]) >= {"id", "label", "title", "color", "shape", "size", "group", "kind",
                                              "governance_level", "members", "borderWidth"}
    assert set(edges_by_id(vis)["e1"]) >= {"id", "from", "to", "label", "title", "color", "dashes", "width",
                                           "arrows", "type", "family", "numbers"}
    assert set(vis["legend"]) == {"levels", "shapes", "families"}


def test_labels_are_the_documents_swedish_and_bodies_named_like_their_area_stay_apart():
    vis = neighbourhood_drawing(small_neighbourhood()).as_vis()
    labels = {uid: node["label"] for uid, node in nodes_by_id(vis).items()}
    assert labels == {LAG.uid: "LAG Suicidprevention", LPO.uid: "LPO Psykisk hälsa", NPO.uid: "NPO Psykisk hälsa",
                      AREA.uid: "Psykisk hälsa", CHAIR.uid: "Cecilia Wahlberg"}
    edge_labels = {drawn["id"]: drawn["label"] for drawn in vis["edges"]}
    assert edge_labels == {"e1": "rapporterar till", "e2": "ordförande", "e3": "omfattar", "e4": "speglar"}
    assert "2023-03-01 – …" in edges_by_id(vis)["e2"]["title"]


def test_english_words_name_the_relation_with_its_role():
    vis = neighbourhood_drawing(small_neighbourhood(), words="en").as_vis()
    assert edges_by_id(vis)["e2"]["label"] == "member of (chair)"
    assert "local working group, region" in nodes_by_id(vis)[LAG.uid]["title"]


def test_a_name_that_already_carries_its_abbreviation_is_not_prefixed_again():
    assert node_label("lag:x", "LAG Depression", "lag") == "LAG Depression"
    assert node_label("lag:y", "Lagerarbete", "lag") == "LAG Lagerarbete"
    assert node_label("municipality:1880", "Örebro", "municipality") == "Örebro kommun"


def test_colour_by_level_shape_by_kind_line_by_family_and_the_centre_stands_out():
    vis = neighbourhood_drawing(small_neighbourhood()).as_vis()
    nodes, edges = nodes_by_id(vis), edges_by_id(vis)
    assert nodes[NPO.uid]["color"]["background"] == LEVEL_COLOURS["national"]
    assert nodes[LAG.uid]["color"]["background"] == LEVEL_COLOURS["region"]
    assert nodes[CHAIR.uid]["color"]["background"] == NO_LEVEL_COLOUR
    assert (nodes[NPO.uid]["shape"], nodes[LAG.uid]["shape"], nodes[CHAIR.uid]["shape"],
            nodes[AREA.uid]["shape"]) == ("box", "ellipse", "dot", "triangle")
    assert edges["e1"]["dashes"] is False and edges["e2"]["dashes"] == [8, 5]
    assert edges["e2"]["color"] == LINE_STYLES["representation"].colour
    assert nodes[LAG.uid]["borderWidth"] > nodes[LPO.uid]["borderWidth"]
    assert nodes[LAG.uid]["size"] > nodes[LPO.uid]["size"]


def test_the_legend_lists_what_the_drawing_uses_in_swedish():
    legend = neighbourhood_drawing(small_neighbourhood()).legend()
    assert [entry["key"] for entry in legend["levels"]] == ["national", "region", "none"]
    assert legend["levels"][0]["label"] == "nationell nivå"
    assert {entry["key"] for entry in legend["shapes"]} == {"programme_area", "working_group", "person",
                                                             "knowledge_area"}
    assert {entry["label"] for entry in legend["families"]} == {"rapportering", "representation", "struktur"}


def test_a_territory_is_coloured_by_the_level_it_sits_at():
    found = Neighbourhood(centre=COUNTY, nodes={COUNTY.uid: COUNTY})
    vis = neighbourhood_drawing(found).as_vis()
    assert vis["nodes"][0]["color"]["background"] == LEVEL_COLOURS["region"]


def test_a_tree_lays_out_what_is_reported_to_above_what_reports():
    vis = neighbourhood_drawing(small_neighbourhood(), tree=True).as_vis()
    hierarchical = vis["options"]["layout"]["hierarchical"]
    assert hierarchical["enabled"] and hierarchical["direction"] == "DU" and hierarchical["sortMethod"] == "directed"
    assert vis["options"]["physics"] == {"enabled": False}
    assert all("level" not in node for node in vis["nodes"])
    assert "layout" not in neighbourhood_drawing(small_neighbourhood()).as_vis()["options"]


def test_filters_and_a_cut_walk_are_noted():
    found = small_neighbourhood()
    found.filters = NeighbourhoodFilter(at=datetime.date(2024, 1, 1), families=frozenset({"reporting"}))
    found.truncated = True
    notes = neighbourhood_drawing(found).notes
    assert notes[0] == "Filtered: as on 2024-01-01; only edge families: reporting."
    assert "stopped at 5 entities" in notes[1]


# -- folding large selections -------------------------------------------------------------------
def county_neighbourhood() -> Neighbourhood:
    """A region serving two counties with 20 and 12 municipalities, each located in its county."""
    region = EntitySummary(uid="region:01", name="Region Stockholm", kind="region")
    counties = {"county:01": "Stockholms län", "county:18": "Örebro län"}
    found = Neighbourhood(centre=region, nodes={region.uid: region})
    for county_uid, name in counties.items():
        county = EntitySummary(uid=county_uid, name=name, kind="county")
        found.nodes[county_uid] = county
        found.edges[f"serves {county_uid}"] = DrawnEdge(region.uid, county_uid, edge("SERVES", "structure", county))
    for number in range(32):
        county_uid = "county:01" if number < 20 else "county:18"
        municipality = EntitySummary(uid=f"municipality:{number:04d}", name=f"Kommun {number}", kind="municipality")
        found.nodes[municipality.uid] = municipality
        found.edges[f"in {number}"] = DrawnEdge(municipality.uid, county_uid,
                                               edge("LOCATED_IN", "structure", found.nodes[county_uid]))
        found.edges[f"served {number}"] = DrawnEdge(region.uid, municipality.uid,
                                                   edge("SERVES", "structure", municipality))
    found.county_of = {uid: found.nodes["county:01" if int(uid[-4:]) < 20 else "county:18"]
                       for uid in found.nodes if uid.startswith("municipality:")}
    return found


def test_below_the_limit_nothing_is_folded():
    drawing = neighbourhood_drawing(county_neighbourhood(), limit=40)
    assert len(drawing.nodes) == 35 and not drawing.notes


def test_above_the_limit_municipalities_fold_into_their_county_and_the_drawing_says_so():
    drawing = neighbourhood_drawing(county_neighbourhood(), limit=20)
    vis = drawing.as_vis()
    nodes = nodes_by_id(vis)
    # The region serves all 32 directly, but 32 neighbours do not fit in one band: they are grouped too.
    assert set(nodes) == {"region:01", "county:01", "county:18", "group:county:01:municipalities",
                          "group:county:18:municipalities"}
    stockholm = nodes["group:county:01:municipalities"]
    assert stockholm["label"] == "20 municipalities in Stockholms län" and len(stockholm["members"]) == 20
    assert "Kommun 0s kommun" in stockholm["title"] and stockholm["band"] == "municipality"
    assert drawing.notes == ("32 nodes are drawn as 2 groups (20 municipalities in Stockholms län, 12 municipalities "
                             "in Örebro län); click a group to open it.",)
    served = [drawn for drawn in vis["edges"] if drawn["from"] == "region:01" and drawn["to"].startswith("group:")]
    assert {(drawn["to"], drawn["label"]) for drawn in served} == {
        ("group:county:01:municipalities", "ansvarar för ×20"),
        ("group:county:18:municipalities", "ansvarar för ×12")}
    assert_edges_join_drawn_nodes(vis)


def test_without_a_known_county_a_located_in_line_tells_where_a_municipality_belongs():
    found = county_neighbourhood()
    found.county_of = {}
    nodes = nodes_by_id(neighbourhood_drawing(found, limit=20).as_vis())
    assert nodes["group:county:18:municipalities"]["label"] == "12 municipalities in Örebro län"


def test_grouped_by_kind_a_band_is_counted_by_kind():
    drawing = neighbourhood_drawing(county_neighbourhood(), limit=20, group_by="kind")
    group = nodes_by_id(drawing.as_vis())["group:municipality:municipality"]
    assert group["label"] == "32 municipalities" and len(group["members"]) == 32
    assert drawing.node_ids() == {"region:01", "county:01", "county:18", group["id"]}


def test_an_opened_group_is_drawn_member_by_member_and_knows_where_it_folds_back():
    opened = frozenset({"group:county:18:municipalities"})
    vis = neighbourhood_drawing(county_neighbourhood(), limit=20, opened=opened).as_vis()
    nodes = nodes_by_id(vis)
    assert "group:county:18:municipalities" not in nodes and "group:county:01:municipalities" in nodes
    orebro = [node for node in nodes.values() if node.get("opened_group") == "group:county:18:municipalities"]
    assert len(orebro) == 12 and {node["opened_label"] for node in orebro} == {"12 municipalities in Örebro län"}
    assert all("opened_group" not in node for node in nodes.values() if node not in orebro)
    assert_edges_join_drawn_nodes(vis)


def test_an_unknown_grouping_is_refused_by_name():
    with pytest.raises(ValueError, match="group_by must be one of region, kind, not 'colour'"):
        neighbourhood_drawing(county_neighbourhood(), limit=20, group_by="colour")


def lag_with_people(count: int) -> Neighbourhood:
    found = Neighbourhood(centre=LPO, nodes={LPO.uid: LPO, LAG.uid: LAG})
    found.edges["e0"] = DrawnEdge(LAG.uid, LPO.uid, edge("REPORTS_TO", "reporting", LPO))
    for number in range(count):
        person = EntitySummary(uid=f"person:p{number:02d}", name=f"Person {number:02d}", kind="person")
        found.nodes[person.uid] = person
        found.edges[f"m{number}"] = DrawnEdge(person.uid, LAG.uid, edge(
            "MEMBER_OF", "representation", LAG, role="chair" if number == 0 else "member"))
    return found


def test_above_the_limit_people_fold_into_the_group_they_sit_in():
    drawing = neighbourhood_drawing(lag_with_people(15), limit=10)
    vis = drawing.as_vis()
    group = nodes_by_id(vis)["group:lag:orebro:suicid:people"]
    assert group["label"] == "15 people in LAG Suicidprevention" and group["shape"] == "dot"
    assert set(nodes_by_id(vis)) == {LPO.uid, LAG.uid, group["id"]}
    member_lines = [drawn for drawn in vis["edges"] if drawn["from"] == group["id"]]
    assert [drawn["label"] for drawn in member_lines] == ["ledamot i ×15"]


def test_a_band_with_many_kinds_keeps_its_largest_groups_and_gathers_the_rest():
    found = Neighbourhood(centre=LPO, nodes={LPO.uid: LPO})
    kinds = ["lag"] * 6 + ["unit"] * 4 + ["council", "administration", "area", "division", "operation",
                                           "management_group", "network", "collaboration_group"]
    for number, kind in enumerate(kinds):
        body = EntitySummary(uid=f"{kind}:b{number:02d}", name=f"Organ {number}", kind=kind, level="region")
        found.nodes[body.uid] = body
        # Two steps out: joined to the LPO through the first LAG, so none of them is the focus's own neighbour.
        target = LPO.uid if number == 0 else "lag:b00"
        found.edges[f"r{number}"] = DrawnEdge(body.uid, target, edge("REPORTS_TO", "reporting", LPO))
    vis = neighbourhood_drawing(found, limit=10, group_by="kind").as_vis()
    labels = sorted(node["label"] for node in vis["nodes"])
    # A band of eight: the focus, its neighbour, the two groups, three single bodies and the rest in one.
    assert len(vis["nodes"]) == 8
    assert "5 LAG" in labels and "4 units" in labels
    others = nodes_by_id(vis)["group:region:others"]
    assert others["label"] == "5 others, regional level" and len(others["members"]) == 5
    assert "lag:b00" in nodes_by_id(vis), "the focus's own neighbour stays"
    assert_edges_join_drawn_nodes(vis)


# -- the level bands -------------------------------------------------------------------------------
def test_a_neighbourhood_stands_in_level_bands_top_to_bottom_and_keeps_still():
    vis = neighbourhood_drawing(small_neighbourhood()).as_vis()
    y = {node["id"]: node["y"] for node in vis["nodes"]}
    bands = {node["id"]: node["band"] for node in vis["nodes"]}
    assert bands == {NPO.uid: "national", LPO.uid: "region", LAG.uid: "region", CHAIR.uid: "people",
                     AREA.uid: "topics"}
    # The LPO and LAG share their band; vis-network places a box by its centre, so compare the bands' order.
    assert y[NPO.uid] < min(y[LPO.uid], y[LAG.uid]) <= max(y[LPO.uid], y[LAG.uid]) < y[CHAIR.uid] < y[AREA.uid]
    assert vis["options"]["physics"] == {"enabled": False}
    within = edges_by_id(vis)["e1"]
    assert within["smooth"]["type"].startswith("curved"), "a line inside a band bows out of it"
    assert "smooth" not in edges_by_id(vis)["e4"]


def layered() -> tuple[list[DrawnNode], list[DrawnLine]]:
    """Four LPOs over four LAGs, met in an order that crosses every line if drawn as met."""
    top = [DrawnNode(f"lpo:{index}", f"LPO {index}", "lpo", "region") for index in range(4)]
    bottom = [DrawnNode(f"network:{index}", f"Nätverk {index}", "network", "municipality") for index in range(4)]
    lines = [DrawnLine(f"l{index}", f"lpo:{index}", f"network:{3 - index}", "INFORMS", "communication", "", "")
             for index in range(4)]
    return top + bottom, lines


def test_nodes_in_a_band_are_ordered_by_their_neighbours_so_lines_do_not_cross():
    nodes, lines = layered()
    as_met = {node.id: (index % 4 * 200.0, 0.0 if node.level == "region" else 200.0)
              for index, node in enumerate(nodes)}
    assert crossings(as_met, lines) == 6
    assert crossings(band_places(nodes, lines), lines) == 0


def test_a_full_band_is_written_in_rows_whose_boxes_do_not_overlap():
    people = [DrawnNode(f"person:{index}", f"Person med ett ganska långt namn {index}", "person", None)
              for index in range(20)]
    places = band_places(people, [])
    assert len({y for _, y in places.values()}) == rows_of(20) == 3

    def box(node: DrawnNode) -> tuple[float, float, float, float]:
        x, y = places[node.id]
        return x - LABEL_WIDTH / 2 - 8, y - node.size, x + LABEL_WIDTH / 2 + 8, y - node.size + box_height(node)

    boxes = [box(node) for node in people]
    assert not [(one, other) for index, one in enumerate(boxes) for other in boxes[index + 1:]
                if one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]]


def test_a_neighbourhood_in_svg_stands_where_the_explorer_draws_it():
    drawing = neighbourhood_drawing(small_neighbourhood())
    picture = ElementTree.fromstring(drawing_svg(drawing).encode("utf-8"))
    circles = {group.get("data-id"): group.find(f"{SVG}circle") for group in picture.iter(f"{SVG}g")}
    y = {uid: float(circle.get("cy")) for uid, circle in circles.items()}
    assert y[NPO.uid] < y[LPO.uid] < y[CHAIR.uid] < y[AREA.uid]
    vis = nodes_by_id(drawing.as_vis())
    x = {uid: float(circle.get("cx")) for uid, circle in circles.items()}
    # The same order along each band as the explorer's.
    assert sorted(vis, key=lambda uid: (vis[uid]["band"], vis[uid]["x"])) == sorted(x, key=lambda uid: (
        vis[uid]["band"], x[uid]))


# -- contact path ----------------------------------------------------------------------------
REF = {entity.uid: NodeRef(entity.uid, entity.name, entity.kind) for entity in (LAG, LPO, NPO, AREA, CHAIR)}
JOHANNA = NodeRef("person:johanna", "Johanna Rask", "person")
LINDESBERG = NodeRef("municipality:1885", "Lindesberg", "municipality")
AT = datetime.date(2024, 6, 1)


def documented_route() -> Route:
    hops = [Hop(REF[LPO.uid], REF[NPO.uid], "MIRRORS", forward=False, document="000 §3"),
            Hop(REF[LAG.uid], REF[LPO.uid], "REPORTS_TO", forward=False),
            Hop(JOHANNA, REF[LAG.uid], "MEMBER_OF", forward=False, role="municipal_representative",
                start="2023-03-01"),
            Hop(JOHANNA, LINDESBERG, "DISSEMINATES_TO")]
    return Route(LINDESBERG, hops, found=True)


def test_a_path_numbers_and_highlights_its_hops_and_carries_their_explanations():
    answer = PathAnswer(REF[NPO.uid], AT, [documented_route()])
    vis = path_drawing(answer).as_vis()
    assert vis["title"] == "NPO Psykisk hälsa → Lindesbergs kommun on 2024-06-01"
    assert [drawn["label"] for drawn in vis["edges"]] == [
        "1. speglar", "2. rapporterar till", "3. kommunal representant", "4. sprider till"]
    assert all(drawn["color"] == HIGHLIGHT and drawn["width"] == 5 for drawn in vis["edges"])
    assert (vis["edges"][0]["from"], vis["edges"][0]["to"]) == (LPO.uid, NPO.uid)
    # Stored upwards (the LPO mirrors the NPO), travelled downwards: the arrows point the way guidance goes.
    assert [drawn["arrows"] for drawn in vis["edges"]] == ["from", "from", "from", "to"]
    assert [step["number"] for step in vis["steps"]] == [1, 2, 3, 4]
    assert vis["steps"][2]["explanation"] == ("Johanna Rask is member of LAG Suicidprevention as kommunal "
                                              "representant since 2023-03-01")
    assert vis["steps"][0]["source"] == "000 §3" and vis["steps"][0]["edge"] == vis["edges"][0]["id"]
    assert vis["steps"][0]["source_name"] == "Uppdrag för lokala arbetsgrupper (LAG) (Region Örebro län), §3"
    assert nodes_by_id(vis)[NPO.uid]["borderWidth"] == 4 and vis["legend"]["highlight"]["color"] == HIGHLIGHT


def test_a_fallback_hop_is_marked_and_a_missing_route_is_explained():
    fallback = Route(JOHANNA, [Hop(REF[CHAIR.uid], REF[LAG.uid], "MEMBER_OF", forward=False, role="chair",
                                   remarks=("the LAG chair is asked instead",))], found=True, fallback=True)
    missing = Route(LINDESBERG, found=False, reasons=["no municipal representative sits in LAG Suicidprevention"])
    vis = path_drawing(PathAnswer(REF[LAG.uid], AT, [fallback, missing])).as_vis()
    assert vis["edges"][0]["color"] == FALLBACK_HIGHLIGHT and vis["steps"][0]["fallback"]
    assert vis["steps"][0]["remarks"] == ["the LAG chair is asked instead"]
    assert vis["notes"] == [
        "The route to Johanna Rask is a fallback through the people the documents name.",
        "No route to Lindesbergs kommun on 2024-06-01: no municipal representative sits in LAG Suicidprevention."]


def test_routes_sharing_hops_draw_each_hop_once():
    second = documented_route()
    other = NodeRef("municipality:1880", "Örebro", "municipality")
    second = Route(other, second.hops[:3] + [Hop(JOHANNA, other, "DISSEMINATES_TO")], found=True)
    vis = path_drawing(PathAnswer(REF[NPO.uid], AT, [documented_route(), second]),
                       asked=NodeRef("county:18", "Örebro län", "county")).as_vis()
    assert len(vis["edges"]) == 5 and len(vis["steps"]) == 8
    assert vis["title"] == "NPO Psykisk hälsa → Örebro län (2 targets) on 2024-06-01"


def test_a_path_over_a_neighbourhood_highlights_only_its_hops():
    backdrop = small_neighbourhood()
    vis = path_drawing(PathAnswer(REF[NPO.uid], AT, [documented_route()]), backdrop=backdrop).as_vis()
    reporting = [drawn for drawn in vis["edges"] if (drawn["from"], drawn["to"]) == (LAG.uid, LPO.uid)]
    assert [drawn["label"] for drawn in reporting] == ["2. rapporterar till"]
    assert nodes_by_id(vis)[AREA.uid]["borderWidth"] == 1
    assert edges_by_id(vis)["e3"]["color"] == LINE_STYLES["structure"].colour
    assert_edges_join_drawn_nodes(vis)


def test_a_path_tree_runs_left_to_right_in_hop_order():
    vis = path_drawing(PathAnswer(REF[NPO.uid], AT, [documented_route()]), tree=True).as_vis()
    assert vis["options"]["layout"]["hierarchical"]["direction"] == "LR"
    levels = {node["id"]: node["level"] for node in vis["nodes"]}
    assert levels == {NPO.uid: 0, LPO.uid: 1, LAG.uid: 2, JOHANNA.uid: 3, LINDESBERG.uid: 4}


# -- reporting chain -------------------------------------------------------------------------
RMKS = NodeRef("council:rmks", "RMKS", "council")
DIRECTOR = NodeRef("post:director", "Hälso- och sjukvårdsdirektör", "post")


def chain_answer() -> ChainAnswer:
    lag, lpo = REF[LAG.uid], REF[LPO.uid]
    steps = (ChainStep(lpo, 1, GOVERNANCE, Hop(lag, lpo, "REPORTS_TO", document="000 §3.6"), (lag, lpo)),
             ChainStep(RMKS, 2, GOVERNANCE, Hop(lpo, RMKS, "REPORTS_TO"), (lag, lpo, RMKS), led_by=(DIRECTOR,)))
    return ChainAnswer(lag, "2025-01-01", (Chain(lag, steps),))


def test_a_chain_is_an_organisation_chart_with_the_top_of_the_line_above():
    vis = chain_drawing(chain_answer()).as_vis()
    assert vis["options"]["layout"]["hierarchical"]["direction"] == "UD"
    assert {node["id"]: node["level"] for node in vis["nodes"]} == {LAG.uid: 2, LPO.uid: 1, RMKS.uid: 0}
    assert "leds av Hälso- och sjukvårdsdirektör" in nodes_by_id(vis)[RMKS.uid]["title"]
    assert [step["explanation"] for step in vis["steps"]] == [
        "LAG Suicidprevention reports to LPO Psykisk hälsa",
        "LPO Psykisk hälsa reports to RMKS (led by Hälso- och sjukvårdsdirektör)"]
    assert vis["title"] == "Reporting chain of LAG Suicidprevention on 2025-01-01"


def test_a_persons_chain_starts_from_the_bodies_they_sit_in():
    answer = chain_answer()
    membership = Hop(JOHANNA, REF[LAG.uid], "MEMBER_OF", role="municipal_representative")
    answer = ChainAnswer(JOHANNA, answer.at, answer.chains, (membership,))
    vis = chain_drawing(answer).as_vis()
    assert {node["id"]: node["level"] for node in vis["nodes"]} == {
        JOHANNA.uid: 3, LAG.uid: 2, LPO.uid: 1, RMKS.uid: 0}
    assert nodes_by_id(vis)[JOHANNA.uid]["borderWidth"] == 4


def test_a_drawing_without_anything_is_still_drawable():
    empty = Drawing("nothing", (), ())
    vis = empty.as_vis()
    assert vis["nodes"] == [] and vis["legend"] == {"levels": [], "shapes": [], "families": []}


def test_a_path_runs_down_the_level_bands_in_hop_order():
    vis = path_drawing(PathAnswer(REF[NPO.uid], AT, [documented_route()])).as_vis()
    placed = {node["id"]: node for node in vis["nodes"]}
    assert all(node["fixed"] == {"x": True, "y": True} for node in placed.values())
    assert placed[NPO.uid]["y"] < placed[LPO.uid]["y"] == placed[LAG.uid]["y"] < placed[LINDESBERG.uid]["y"]
    # Johanna Rask has no level: she stands between the LAG she sits in and the municipality she reaches.
    assert placed[LAG.uid]["y"] < placed[JOHANNA.uid]["y"] < placed[LINDESBERG.uid]["y"]
    order = [NPO.uid, LPO.uid, LAG.uid, JOHANNA.uid, LINDESBERG.uid]
    assert [placed[uid]["x"] for uid in order] == sorted(placed[uid]["x"] for uid in order)
    assert "x" not in path_drawing(PathAnswer(REF[NPO.uid], AT, [documented_route()]), tree=True).as_vis()["nodes"][0]
