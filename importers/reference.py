"""The built-in reference data: the national system and the territories, plus three regions' structures.

Two parts, joined by `reference_chart()`:

* national and territorial facts, generated here by pure functions from packaged copies of the
  public reference CSVs (`reference_data/national/`): the 6 healthcare regions, 21 regions,
  21 counties and 290 municipalities; the 26 knowledge areas and their NPOs, the NSGs, SKS,
  NSK-S and SKR; and Sjukvårdsregion Mellansverige's RPOs and RSGs, which mirror the whole
  national structure (004, "Kunskapsstyrning på sjukvårdsregional nivå");
* three regions' own structures, written by hand in the chart format so they double as
  examples (`reference_data/regions/<region>/units.csv`, `people.csv`, ...): Region Örebro län
  with its municipal side (documents 000, 002, 003), Region Dalarna (004), Region Västerbotten
  (001). People there are fictional, and so are groups the documents imply but do not name.

Ids follow `importers.ids`: territories by official code (`municipality:1880`, `region:18`,
`county:18`); everything else `<kind>:<slug of the name>` with `-` for `_` in the kind
(`npo:psykisk-halsa`, `healthcare-region:sjukvardsregion-mellansverige`); anything that belongs
to a region, county or healthcare region carries its owner's name in the slug
(`lpo:region-orebro-lan-psykisk-halsa`, `rpo:sjukvardsregion-mellansverige-psykisk-halsa`,
`network:orebro-lan-socialchefsnatverket`), because every region has its own LPO Psykisk hälsa
and its own Utvecklingsenheten. Bodies named after their field carry the field as their name
(NPO "Psykisk hälsa", NSG "Uppföljning och analys"); bodies best known by an abbreviation carry
it (SKS, NSK-S, SKR, RMKS, KSG-B), with the full name in the note.

Choices the documents leave open: an Örebro municipal representative `represents` the twelve
`municipality:` ids of county 18 (003: "representerar du kommunerna i Örebro län"), so a query
for one municipality finds them; Västerbotten's example LPO mirrors an RPO of Norra
sjukvårdsregionen, which is created only for the areas the region's folder needs; rules of the
form "X may (not) decide Y when Z" are `mandates` rows on `decision_matter` units.

Every record says where its fact comes from: a document file and section
(`002_f2c56e9e6debe3bb.txt §10`) or a reference file (`reference/municipalities.csv`).

Bodies carry the start dates the documents give, and the source and note say where each date comes
from. The national system's bodies (NPO, NSG) and the healthcare regions' mirrors of them (RPO, RSG)
start on 2018-01-01: "sedan år 2018" (002 §1), "Under 2018 ... etablerat en mer tydlig struktur både
nationellt och sjukvårdsregionalt" (004 Inledning); the documents give the year only, so its first day
is used. Before that no NPO exists, so no route starts. The regions' own dates are in their folders
(Dalarna's KSG-B from LD17/02028, November 2017; Örebro's and Västerbotten's documents give none).
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from importers.chart import Chart, RelationRecord, UnitRecord
from importers.ids import county_id, entity_id, municipality_id, region_id
from importers.read import read_workbook
from importers.validate import validate

# The owner of every reference record in the graph, as `govgraph import --owner` names a workbook.
REFERENCE_OWNER = "reference"
DATA_DIR = Path(__file__).resolve().parent / "reference_data"
NATIONAL_DIR = DATA_DIR / "national"
REGIONS_DIR = DATA_DIR / "regions"
REGION_FOLDERS = ("region-orebro-lan", "region-dalarna", "region-vasterbotten")

DOC_VASTERBOTTEN = "001_a14aaf4a3697e8c0.txt"
DOC_OREBRO_AGREEMENT = "002_f2c56e9e6debe3bb.txt"
DOC_DALARNA = "004_c404d1e861ddfdc3.txt"
REF_MUNICIPALITIES = "reference/municipalities.csv"
REF_REGIONS = "reference/regions.csv"
REF_HALLAND = "reference/halland_split.csv"
REF_AREAS = "reference/national_programme_areas.csv"
REF_NSG = "reference/national_collaboration_groups.csv"
REF_README = "reference/README.md"

HEALTHCARE_REGION_SEPARATOR = ";"
NSG_PREFIX = "NSG "
MELLANSVERIGE = "Sjukvårdsregion Mellansverige"
MIRROR_SOURCE = f"{DOC_DALARNA} Kunskapsstyrning på sjukvårdsregional nivå"

# The reference tables' `status` of a name: a code in the CSV, said in Swedish in the notes it adds.
CHECKED = "checked"
STATUS_WORDS = {"unverified": "overifierat", "unverified (may be an older name)": "overifierat (kan vara ett äldre namn)",
                "indirect": "indirekt belagt"}

# When the national system's bodies start: the documents give the year (2018), not the day.
NATIONAL_SYSTEM_START = datetime.date(2018, 1, 1)
NATIONAL_SYSTEM_START_SOURCE = f"{DOC_OREBRO_AGREEMENT} §1; {DOC_DALARNA} Inledning"
NATIONAL_SYSTEM_START_NOTE = (
    "start: det nationella systemet för kunskapsstyrning har utvecklats 'sedan år 2018' (002 §1), och "
    "'Under 2018' har det 'etablerat en mer tydlig struktur både nationellt och sjukvårdsregionalt' "
    "(004 Inledning); dokumenten anger bara året, så årets första dag används")


@dataclass(frozen=True)
class Rename:
    """A body that kept its identity under a new name."""

    former_names: tuple[str, ...] = ()
    name_since: datetime.date | None = None
    source: str | None = None


NOT_RENAMED = Rename()

RENAMED_HEALTHCARE_REGIONS = {
    MELLANSVERIGE: Rename(("Uppsala-Örebro sjukvårdsregion",), None, f"{REF_README}; {MIRROR_SOURCE}"),
}
RENAMED_NPOS = {
    "Äldres hälsa och palliativ vård": Rename(("Äldres hälsa",), datetime.date(2022, 10, 28), REF_README),
}
# The NPOs municipalities were recommended (2019) to take part in, by knowledge area.
MUNICIPAL_NPOS = frozenset({
    "Barn och ungdomars hälsa", "Psykisk hälsa", "Primärvård", "Äldres hälsa och palliativ vård",
    "Rehabilitering, habilitering och försäkringsmedicin", "Levnadsvanor",
})


@dataclass(frozen=True)
class ReferenceTables:
    """The rows of the packaged reference CSVs, as text by column name."""

    municipalities: list[dict[str, str]]
    regions: list[dict[str, str]]
    halland_split: list[dict[str, str]]
    programme_areas: list[dict[str, str]]
    collaboration_groups: list[dict[str, str]]


# -- get ----------------------------------------------------------------------------------------
def read_reference_tables(folder: Path = NATIONAL_DIR) -> ReferenceTables:
    """Read the packaged reference CSVs; a missing file or column raises with its name."""
    return ReferenceTables(
        municipalities=_read_csv(folder / "municipalities.csv", ("municipality_code", "name", "county_code")),
        regions=_read_csv(folder / "regions.csv", ("county_code", "county", "region", "healthcare_region")),
        halland_split=_read_csv(folder / "halland_split.csv", ("municipality_code", "healthcare_region")),
        programme_areas=_read_csv(folder / "national_programme_areas.csv", ("knowledge_area", "status")),
        collaboration_groups=_read_csv(folder / "national_collaboration_groups.csv", ("name", "status")),
    )


def _read_csv(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in required if column not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
        rows = [{key: (value or "").strip() for key, value in row.items() if key is not None} for row in reader]
    for number, row in enumerate(rows, start=2):
        empty = [column for column in required if not row[column]]
        if empty:
            raise ValueError(f"{path} row {number}: empty {', '.join(empty)}")
        if "status" in required and row["status"] not in (CHECKED, *STATUS_WORDS):
            raise ValueError(f"{path} row {number}, column status: '{row['status']}' is none of "
                             f"{', '.join((CHECKED, *STATUS_WORDS))}")
    return rows


# -- transform: territories ------------------------------------------------------------------------
def territories_chart(tables: ReferenceTables) -> Chart:
    """Healthcare regions, regions, counties and municipalities, and where each lies."""
    chart = Chart(units=healthcare_region_units(tables.regions))
    for row in tables.regions:
        chart.extend(_region_and_county(row))
    chart.extend(municipalities_chart(tables))
    return chart


def healthcare_region_names(regions: Iterable[dict[str, str]]) -> list[str]:
    """The healthcare regions named in regions.csv, in order of first mention."""
    names: dict[str, None] = {}
    for row in regions:
        names.update(dict.fromkeys(_healthcare_regions_of(row)))
    return list(names)


def healthcare_region_units(regions: Iterable[dict[str, str]]) -> list[UnitRecord]:
    units = []
    for name in healthcare_region_names(regions):
        rename = RENAMED_HEALTHCARE_REGIONS.get(name, NOT_RENAMED)
        units.append(UnitRecord(id=entity_id("healthcare_region", name), kind="healthcare_region", name=name,
                                source=joined_sources(REF_REGIONS, rename.source),
                                former_names=rename.former_names, name_since=rename.name_since))
    return units


def joined_sources(*sources: str | None) -> str:
    """Several sources of one fact in one cell, each once, in order."""
    return "; ".join(dict.fromkeys(source for source in sources if source))


def _region_and_county(row: dict[str, str]) -> Chart:
    code, region, county = row["county_code"], region_id(row["county_code"]), county_id(row["county_code"])
    healthcare_regions = _healthcare_regions_of(row)
    split_note = ("uppdelad per kommun mellan två sjukvårdsregioner (halland_split.csv)"
                  if len(healthcare_regions) > 1 else None)
    return Chart(
        units=[UnitRecord(id=region, kind="region", name=row["region"], code=code, source=REF_REGIONS),
               UnitRecord(id=county, kind="county", name=row["county"], code=code, source=REF_REGIONS)],
        relations=[RelationRecord(region, "SERVES", county, source_document=REF_REGIONS),
                   *(RelationRecord(region, "PART_OF", entity_id("healthcare_region", name), note=split_note,
                                    source_document=REF_REGIONS) for name in healthcare_regions)])


def municipalities_chart(tables: ReferenceTables) -> Chart:
    """Every municipality, LOCATED_IN its county and its healthcare region (Halland's by the split)."""
    healthcare_region_by_county = _single_healthcare_region_by_county(tables.regions)
    split = {row["municipality_code"]: row["healthcare_region"] for row in tables.halland_split}
    _check_municipality_counts(tables)
    chart = Chart()
    for row in tables.municipalities:
        code, county_code = row["municipality_code"], row["county_code"]
        if code in split:
            healthcare_region, where = split[code], REF_HALLAND
        elif county_code in healthcare_region_by_county:
            healthcare_region, where = healthcare_region_by_county[county_code], REF_REGIONS
        else:
            raise ValueError(f"{REF_HALLAND}: municipality {code} lies in a split region but has no row")
        municipality = municipality_id(code)
        chart.units.append(UnitRecord(id=municipality, kind="municipality", name=row["name"], code=code,
                                      source=REF_MUNICIPALITIES))
        chart.relations.append(RelationRecord(municipality, "LOCATED_IN", county_id(county_code),
                                              source_document=REF_MUNICIPALITIES))
        chart.relations.append(RelationRecord(municipality, "LOCATED_IN",
                                              entity_id("healthcare_region", healthcare_region),
                                              source_document=where))
    return chart


def _healthcare_regions_of(row: dict[str, str]) -> list[str]:
    return [name.strip() for name in row["healthcare_region"].split(HEALTHCARE_REGION_SEPARATOR) if name.strip()]


def _single_healthcare_region_by_county(regions: Iterable[dict[str, str]]) -> dict[str, str]:
    by_county = {row["county_code"]: _healthcare_regions_of(row) for row in regions}
    return {code: names[0] for code, names in by_county.items() if len(names) == 1}


def _check_municipality_counts(tables: ReferenceTables) -> None:
    """regions.csv states each county's number of municipalities; municipalities.csv must agree."""
    counted: dict[str, int] = {}
    for row in tables.municipalities:
        counted[row["county_code"]] = counted.get(row["county_code"], 0) + 1
    for row in tables.regions:
        stated = row.get("municipalities")
        if stated and int(stated) != counted.get(row["county_code"], 0):
            raise ValueError(f"{REF_REGIONS}: {row['county']} has {stated} municipalities, "
                             f"{REF_MUNICIPALITIES} lists {counted.get(row['county_code'], 0)}")


# -- transform: national bodies --------------------------------------------------------------------
def national_bodies_chart(tables: ReferenceTables) -> Chart:
    """Knowledge areas, NPOs, NSGs (supporting every NPO), SKS, NSK-S and SKR."""
    chart = Chart()
    npo_ids = []
    for row in tables.programme_areas:
        area, npo = _knowledge_area_and_npo(row)
        chart.units.extend((area, npo))
        npo_ids.append(npo.id)
    for row in tables.collaboration_groups:
        nsg = _nsg(row)
        chart.units.append(nsg)
        chart.relations.extend(
            RelationRecord(nsg.id, "SUPPORTS", npo_id, note="Samverkansgrupperna ska ge stöd till NPO grupperna",
                           source_document=f"{DOC_DALARNA} Programområden och samverkansgrupper")
            for npo_id in npo_ids)
    chart.extend(_steering_and_support())
    return chart


def _knowledge_area_and_npo(row: dict[str, str]) -> tuple[UnitRecord, UnitRecord]:
    name = row["knowledge_area"]
    status_note = None if row["status"] == CHECKED else f"namnet är {STATUS_WORDS[row['status']]} i referenskällorna"
    area = UnitRecord(id=entity_id("knowledge_area", name), kind="knowledge_area", name=name,
                      source=REF_AREAS, note=status_note)
    municipal = name in MUNICIPAL_NPOS
    municipal_note = "kommunerna rekommenderades (2019) att delta i detta NPO" if municipal else None
    rename = RENAMED_NPOS.get(name, NOT_RENAMED)
    npo = UnitRecord(id=entity_id("npo", name), kind="npo", name=name, level="national", knowledge_area=area.id,
                     start=NATIONAL_SYSTEM_START,
                     source=joined_sources(REF_AREAS, REF_README if municipal else None, rename.source,
                                           NATIONAL_SYSTEM_START_SOURCE),
                     note=joined_sources(status_note, municipal_note, NATIONAL_SYSTEM_START_NOTE),
                     former_names=rename.former_names, name_since=rename.name_since)
    return area, npo


def _nsg(row: dict[str, str]) -> UnitRecord:
    name = row["name"].removeprefix(NSG_PREFIX)
    status = None if row["status"] == CHECKED else f"namnet är {STATUS_WORDS[row['status']]}"
    return UnitRecord(id=entity_id("nsg", name), kind="nsg", name=name, level="national",
                      start=NATIONAL_SYSTEM_START, source=joined_sources(REF_NSG, NATIONAL_SYSTEM_START_SOURCE),
                      note=joined_sources(row["name"], status, NATIONAL_SYSTEM_START_NOTE))


def _steering_and_support() -> Chart:
    sks = UnitRecord(id=entity_id("steering_group", "SKS"), kind="steering_group", name="SKS", level="national",
                     source=REF_README,
                     note="Styrgruppen för nationellt system för kunskapsstyrning hälso- och sjukvård")
    nsk_s = UnitRecord(id=entity_id("collaboration_group", "NSK-S"), kind="collaboration_group", name="NSK-S",
                       level="national", source=f"{REF_README}; {DOC_DALARNA} Styrning och ledning",
                       note="Nationella samverkansgruppen för kunskapsstyrning i socialtjänsten")
    skr = UnitRecord(id=entity_id("organisation", "SKR"), kind="organisation", name="SKR", level="national",
                     source=f"{DOC_VASTERBOTTEN} Bakgrund; {DOC_OREBRO_AGREEMENT} §1",
                     note="Sveriges Kommuner och Regioner; stödjer det nationella systemet för kunskapsstyrning")
    support = RelationRecord(skr.id, "SUPPORTS", sks.id,
                             note="regionerna har byggt upp det nationella systemet med stöd av SKR; SKS styr det",
                             source_document=f"{DOC_VASTERBOTTEN} Bakgrund; {REF_README}")
    return Chart(units=[sks, nsk_s, skr], relations=[support])


# -- transform: the healthcare-regional mirror of the national structure ---------------------------
def healthcare_region_mirrors_chart(tables: ReferenceTables, healthcare_region: str = MELLANSVERIGE) -> Chart:
    """One RPO per NPO and one RSG per NSG in the healthcare region, each MIRRORS its national body."""
    chart = Chart()
    for row in tables.programme_areas:
        name = row["knowledge_area"]
        chart.extend(_mirror("rpo", "npo", name, healthcare_region, entity_id("knowledge_area", name)))
    for row in tables.collaboration_groups:
        chart.extend(_mirror("rsg", "nsg", row["name"].removeprefix(NSG_PREFIX), healthcare_region))
    return chart


def _mirror(kind: str, national_kind: str, name: str, healthcare_region: str,
            knowledge_area: str | None = None) -> Chart:
    group = UnitRecord(id=entity_id(kind, name, owner=healthcare_region), kind=kind, name=name,
                       level="healthcare_region", region=entity_id("healthcare_region", healthcare_region),
                       knowledge_area=knowledge_area, start=NATIONAL_SYSTEM_START,
                       source=joined_sources(MIRROR_SOURCE, NATIONAL_SYSTEM_START_SOURCE),
                       note=joined_sources("företrädare för alla sjukvårdsregionens regioner",
                                           NATIONAL_SYSTEM_START_NOTE))
    mirrors = RelationRecord(group.id, "MIRRORS", entity_id(national_kind, name), source_document=MIRROR_SOURCE)
    return Chart(units=[group], relations=[mirrors])


def national_chart(tables: ReferenceTables) -> Chart:
    """Everything the reference CSVs say, as chart records (pure)."""
    chart = territories_chart(tables)
    chart.extend(national_bodies_chart(tables))
    chart.extend(healthcare_region_mirrors_chart(tables))
    return chart


# -- the regional structures, hand-written in the chart format --------------------------------------
class ReferenceDataError(ValueError):
    """The packaged reference data is inconsistent: a bug in the data, reported with file and row."""


def regional_chart(folder: Path, existing_ids: Mapping[str, str]) -> Chart:
    """One region's folder of chart CSVs, validated against the ids already known (with their kinds)."""
    validation = validate(read_workbook(folder), existing_ids=existing_ids)
    findings = validation.problems + validation.warnings
    if findings:
        lines = "\n".join(f"  {folder.name}/{finding}" for finding in findings)
        raise ReferenceDataError(f"reference data in {folder} has {len(findings)} problem(s):\n{lines}")
    return validation.chart


def node_kinds(chart: Chart) -> dict[str, str]:
    """Every node id the chart declares, with its kind."""
    return {**{unit.id: unit.kind for unit in chart.units}, **{person.id: "person" for person in chart.people}}


def reference_chart(national_dir: Path = NATIONAL_DIR, regions_dir: Path = REGIONS_DIR) -> Chart:
    """The whole built-in reference data: national records, then each region's folder."""
    chart = national_chart(read_reference_tables(national_dir))
    owner_of = dict.fromkeys(node_kinds(chart), "the national reference data")
    for name in REGION_FOLDERS:
        region = regional_chart(regions_dir / name, existing_ids=node_kinds(chart))
        _check_no_shared_ids(region, name, owner_of)
        chart.extend(region)
    return chart


def _check_no_shared_ids(region: Chart, folder: str, owner_of: dict[str, str]) -> None:
    for uid in node_kinds(region):
        if uid in owner_of:
            raise ReferenceDataError(f"regions/{folder}: id '{uid}' is already declared by {owner_of[uid]}")
        owner_of[uid] = f"regions/{folder}"
