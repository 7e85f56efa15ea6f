"""Every sentence the explorer and the hop explanations show, in Swedish first and in English.

One catalogue: the explorer reads it from `/api/v1/messages`, the hop
explanations from `text()`. A message is a template whose `{name}` fields are
filled in by the caller. The model's own words (kinds, roles, relation types)
live in the vocabulary; this holds the sentences around them.

The language of a request is its `?lang=`, else the first of its
`Accept-Language` that we speak, else Swedish: the users are Swedish regional
and municipal staff. Code outside a request (the library, the tests) speaks
English unless it asks, so that its answers do not change under it.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

SWEDISH = "sv"
ENGLISH = "en"
LANGUAGES = (SWEDISH, ENGLISH)
DEFAULT_LANGUAGE = SWEDISH

# key -> (Swedish, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # -- the page ---------------------------------------------------------------------------
    "page.title": ("govgraph utforskare", "govgraph explorer"),
    "page.brand": ("utforska kunskapsstyrningen", "kunskapsstyrning explorer"),
    "page.views": ("vad som ritas", "what to draw"),
    "page.docs": ("API-dokumentation", "API documentation"),
    "page.other_language": ("In English", "På svenska"),
    "page.start": ("Översikt", "Overview"),
    "view.neighbourhood": ("Omgivning", "Neighbourhood"),
    "view.path": ("Kontaktväg", "Contact path"),
    "view.chain": ("Rapporteringskedja", "Reporting chain"),
    # -- the neighbourhood form -------------------------------------------------------------
    "neighbourhood.hint": ("Det som omger en organisation, en person eller en plats.",
                           "What surrounds a body, person or place."),
    "neighbourhood.focus": ("Fokus", "Focus"),
    "neighbourhood.focus_placeholder": ("Skriv ett namn, t.ex. Örebro", "Type a name, e.g. Örebro"),
    "neighbourhood.depth": ("Djup", "Depth"),
    "neighbourhood.depth_one": ("1 steg", "1 step"),
    "neighbourhood.tree": ("Träd (rapportering uppåt)", "Tree layout (reporting upwards)"),
    "neighbourhood.draw": ("Rita", "Draw"),
    "filters.title": ("Filter", "Filters"),
    "filters.level": ("Nivå", "Level"),
    "filters.family": ("Typ av relation", "Edge family"),
    "filters.kind": ("Slag", "Kind"),
    "filters.region": ("Region", "Region"),
    "filters.any_region": ("alla regioner", "any region"),
    "filters.area": ("Kunskapsområde", "Knowledge area"),
    "filters.any_area": ("alla kunskapsområden", "any knowledge area"),
    "filters.clear": ("Rensa filter", "Clear filters"),
    "filters.on": ("({count} på)", "({count} on)"),
    "filters.group_by": ("Gruppera stora grannskap", "Group large neighbourhoods"),
    "filters.group_region": ("efter region och grupp", "by region and group"),
    "filters.group_kind": ("efter typ", "by kind"),
    # -- groups in a neighbourhood's level bands --------------------------------------------
    "drawing.group_municipalities": ("{count} kommuner i {county}", "{count} municipalities in {county}"),
    "drawing.group_people": ("{count} personer i {body}", "{count} people in {body}"),
    "drawing.group_kind": ("{count} {kind}", "{count} {kind}"),
    "drawing.group_others": ("{count} övriga, {band}", "{count} others, {band}"),
    "drawing.relations": ("relationer", "relations"),
    "drawing.grouped": ("{count} noder ritas som {groups} grupper ({listed}); klicka på en grupp för att öppna den.",
                        "{count} nodes are drawn as {groups} groups ({listed}); click a group to open it."),
    "band.national": ("nationell nivå", "national level"),
    "band.healthcare_region": ("sjukvårdsregional nivå", "healthcare-regional level"),
    "band.region": ("regional nivå", "regional level"),
    "band.people": ("personer och befattningar", "people and posts"),
    "band.municipality": ("kommunal nivå", "municipal level"),
    "band.topics": ("kunskapsområden och frågor", "knowledge areas and matters"),
    "plural.steering_group": ("styrgrupper", "steering groups"),
    "plural.collaboration_group": ("samverkansgrupper", "collaboration groups"),
    "plural.council": ("råd", "councils"),
    "plural.management_group": ("ledningsgrupper", "management groups"),
    "plural.preparatory_group": ("beredningsgrupper", "preparatory groups"),
    "plural.network": ("nätverk", "networks"),
    "plural.organisation": ("organisationer", "organisations"),
    "plural.administration": ("förvaltningar", "administrations"),
    "plural.division": ("divisioner", "divisions"),
    "plural.area": ("områden", "areas"),
    "plural.unit": ("enheter", "units"),
    "plural.operation": ("verksamheter", "operations"),
    "plural.healthcare_region": ("sjukvårdsregioner", "healthcare regions"),
    "plural.region": ("regioner", "regions"),
    "plural.county": ("län", "counties"),
    "plural.municipality": ("kommuner", "municipalities"),
    "plural.person": ("personer", "people"),
    "plural.post": ("befattningar", "posts"),
    "plural.knowledge_area": ("kunskapsområden", "knowledge areas"),
    "plural.decision_matter": ("beslutsfrågor", "decision matters"),
    "details.open_group": ("Öppna gruppen", "Open the group"),
    "details.fold_group": ("Fäll ihop till {group}", "Fold into {group}"),
    # -- the path and chain forms -----------------------------------------------------------
    "field.date": ("Datum", "Date"),
    "field.date_placeholder": ("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
    "field.date_any": ("bara det som gällde denna dag; tomt: alla datum",
                       "only what was valid on this day; empty: every date"),
    "field.date_today": ("dagen att svara för; tomt: i dag", "the day to answer for; empty: today"),
    "field.date_invalid": ("skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-01-01",
                           "write the date as YYYY-MM-DD, e.g. 2025-01-01"),
    "path.hint": ("Hur kunskapsstöd når från ett programområde till en kommun, person eller enhet, steg för steg.",
                  "How guidance travels from a programme area to a municipality, person or unit, hop by hop."),
    "path.from": ("Från", "From"),
    "path.from_placeholder": ("Ett NPO, RPO, LPO eller en grupp…", "An NPO, RPO, LPO or group…"),
    "path.to": ("Till", "To"),
    "path.to_placeholder": ("En kommun, ett län, en person eller enhet…",
                            "A municipality, county, person or unit…"),
    "path.tree": ("Lägg stegen från vänster till höger", "Lay the hops out left to right"),
    "path.find": ("Hitta vägen", "Find the path"),
    "chain.hint": ("Till vem en organisation rapporterar, och vidare uppåt, som ett organisationsschema.",
                   "To whom a body reports, and on up, as an organisation chart."),
    "chain.subject": ("Organisation eller person", "Body or person"),
    "chain.placeholder": ("En LAG, ett LPO, ett råd eller en person…", "A LAG, LPO, council or person…"),
    "chain.show": ("Visa kedjan", "Show the chain"),
    "starts.title": ("Börja från ett nationellt programområde", "Start from a national programme area"),
    # -- the start page ---------------------------------------------------------------------
    "overview.title": ("Läget i landet", "The national picture"),
    "overview.hint": ("Varje kunskapsområde mot varje region: finns LPO, LAG eller kontaktperson, och hur många av "
                      "regionens kommuner en dokumenterad väg når i dag. Klicka på en ruta för vägen dit.",
                      "Each knowledge area against each region: is there an LPO, a LAG or a contact person, and how "
                      "many of the region's municipalities a documented route reaches today. Click a cell for the "
                      "route there."),
    "overview.none": ("inget eget", "nothing of its own"),
    "overview.contact": ("kontaktperson", "contact person"),
    "overview.body": ("LPO eller LAG", "LPO or LAG"),
    "overview.reached": ("väg når kommuner", "a route reaches municipalities"),
    "overview.cell": ("{area} i {region}: {lpos} LPO, {lags} LAG, {contacts} kontaktpersoner; når {reached} av "
                      "{municipalities} kommuner", "{area} in {region}: {lpos} LPO, {lags} LAG, {contacts} contact "
                      "persons; reaches {reached} of {municipalities} municipalities"),
    "overview.changes": ("Senaste ändringar (90 dagar)", "Latest changes (90 days)"),
    "overview.no_changes": ("Inga ändringar de senaste 90 dagarna.", "No changes in the last 90 days."),
    "overview.findings": ("Öppna avvikelser", "Open findings"),
    "overview.no_findings": ("Inga avvikelser.", "No findings."),
    "overview.more": ("… och {count} till", "… and {count} more"),
    # -- the stage --------------------------------------------------------------------------
    "stage.choose": ("Välj något att rita", "Choose something to draw"),
    "stage.fit": ("Anpassa", "Fit"),
    "stage.fit_title": ("visa hela ritningen", "fit the whole drawing in view"),
    "stage.drawing": ("Ritar…", "Drawing…"),
    "stage.counts": ("{nodes} noder · {edges} linjer", "{nodes} nodes · {edges} lines"),
    "stage.empty": ("Sök efter en organisation, en person eller en kommun till vänster för att se vad som omger "
                    "den, eller följ en kontaktväg eller en rapporteringskedja.",
                    "Search for a body, a person or a municipality on the left to see what surrounds it, "
                    "or follow a contact path or a reporting chain."),
    "stage.empty_hint": ("Klicka på en nod för detaljer; dubbelklicka för att centrera ritningen där.",
                         "Click a node for its details; double-click it to centre the drawing there."),
    "stage.label": ("ritningen", "the drawing"),
    "error.could_not_draw": ("Kunde inte rita detta. ", "Could not draw this. "),
    "error.dismiss": ("stäng", "dismiss"),
    "error.no_answer": ("Inget svar", "No answer"),
    "error.unreachable": ("servern gick inte att nå ({reason})", "the server could not be reached ({reason})"),
    "error.server_answered": ("Servern svarade {status}.", "The server answered {status}."),
    "error.nothing": ("ingenting", "nothing"),
    "error.title": ("Fel", "Error"),
    "error.no_detail": ("ingen förklaring given", "no detail given"),
    "error.parameter": (" (parametern ”{parameter}”)", " (parameter “{parameter}”)"),
    "error.choose_path": ("välj var vägen börjar och vart den ska nå", "choose where the path starts and where "
                          "it should reach"),
    "error.choose_focus": ("välj först vad som ska ritas: skriv en del av ett namn och välj i listan",
                           "choose what to draw first: type part of a name and pick it from the list"),
    "notes.more": ("{count} anteckningar till…", "{count} more notes…"),
    # -- taking a drawing away --------------------------------------------------------------
    "export.png_title": ("spara ritningen som bild (PNG)", "save the drawing as a picture (PNG)"),
    "export.svg_title": ("spara ritningen som vektorbild (SVG)", "save the drawing as a vector picture (SVG)"),
    "export.csv_title": ("spara stegen som tabell (CSV)", "save the hops as a table (CSV)"),
    "export.columns": ("väg;steg;förklaring;källa;källhänvisning;anmärkningar",
                       "route;hop;explanation;source;citation;remarks"),
    # -- the hops ---------------------------------------------------------------------------
    "steps.title_path": ("Stegen, ett i taget", "Hops, step by step"),
    "steps.title_chain": ("Rapporteringskedjan, steg för steg", "Reporting chain, step by step"),
    "steps.hops": ("Steg", "Hops"),
    "steps.to": ("till {target}", "to {target}"),
    "steps.from": ("från {source}", "from {source}"),
    "steps.shared": ("{span}. som för {route}", "{span}. as for {route}"),
    "steps.show": ("visa detta steg i ritningen", "show this hop in the drawing"),
    "steps.source": ("Källa: {document}", "Source: {document}"),
    # -- details and legend -----------------------------------------------------------------
    "details.title": ("Detaljer", "Details"),
    "details.click": ("Klicka på en nod eller en linje för att se detaljer.",
                      "Click a node or a line to see its details."),
    "details.click_or_centre": ("Klicka på en nod eller en linje för detaljer; dubbelklicka på en nod för att "
                                "centrera ritningen där.",
                                "Click a node or a line to see its details; double-click a node to centre the "
                                "drawing there."),
    "details.reading": ("Läser…", "Reading…"),
    "details.group": ("En grupp som står för:", "A group standing for:"),
    "details.expand": ("Visa alla utan grupper", "Show them all, ungrouped"),
    "details.fictional": ("fiktiv", "fictional"),
    "details.centre": ("Centrera här", "Centre here"),
    "details.centre_on": ("centrera på {name}", "centre on {name}"),
    "details.chain": ("Rapporteringskedja", "Reporting chain"),
    "details.path_from": ("Väg härifrån", "Path from here"),
    "details.path_to": ("Väg hit", "Path to here"),
    "details.sits_in": ("Sitter i", "Sits in"),
    "details.members": ("Ledamöter", "Members"),
    "details.relations": ("Relationer", "Relations"),
    "details.source": ("källa", "source"),
    "details.since": ("sedan {start}", "since {start}"),
    "details.until": ("till och med {end}", "until {end}"),
    # The stored properties a node's details list, by name (others are shown by their name).
    "property.start": ("start", "start"),
    "property.end": ("slut", "end"),
    "property.code": ("kod", "code"),
    "property.former_names": ("tidigare namn", "former names"),
    "property.name_since": ("namnet sedan", "name since"),
    "property.note": ("anteckning", "note"),
    "property.decision_ref": ("beslut", "decision"),
    "property.title": ("befattning", "title"),
    "property.organisation": ("organisation", "organisation"),
    "property.email": ("e-post", "e-mail"),
    "property.phone": ("telefon", "phone"),
    "property.adopts": ("tillämpar", "adopts"),
    "property.measure_scope": ("åtgärdernas omfattning", "measure scope"),
    "legend.title": ("Teckenförklaring", "Legend"),
    "legend.empty": ("Färgen visar nivån, formen slaget, linjen typen av relation.",
                     "Colour shows the level, shape the kind, line style the kind of relation."),
    "legend.levels": ("Nivå (färg)", "Level (colour)"),
    "legend.kinds": ("Slag (form)", "Kind (shape)"),
    "legend.relations": ("Relation (linje)", "Relation (line)"),
    "legend.fallback": ("{label} (reservväg)", "{label} (fallback)"),
    "legend.focus": (" tjock mörk kant: fokus eller startpunkt", " thick dark border: the focus or starting point"),
    "legend.level": ("{level} nivå", "{level} level"),
    "side.label": ("detaljer och teckenförklaring", "details and legend"),
    # -- search -----------------------------------------------------------------------------
    "search.nothing": ("Inget med det namnet.", "Nothing by that name."),
    "search.more": ("{count} till — skriv mer av namnet", "{count} more — type more of the name"),
    "search.another": ("Sök efter en annan…", "Search for another…"),
    "search.remove": ("ta bort {name}", "remove {name}"),
    # -- drawings (titles and notes the drawings API sends) -----------------------------------
    "drawing.neighbourhood_title": ("{centre}: {depth} steg ut", "{centre}: {depth} {steps} out"),
    "drawing.step": ("steg", "step"),
    "drawing.steps": ("steg", "steps"),
    "drawing.path_title": ("{source} → {targets} den {at}", "{source} → {targets} on {at}"),
    "drawing.targets": ("{asked} ({count} mål)", "{asked} ({count} targets)"),
    "drawing.and_more": (" och {count} till", " and {count} more"),
    "drawing.chain_title": ("Rapporteringskedja för {subject} den {at}", "Reporting chain of {subject} on {at}"),
    "drawing.filtered": ("Filtrerat: {filters}.", "Filtered: {filters}."),
    "drawing.walk_stopped": ("Sökningen stannade vid {count} noder; centrera på en av dem för att se längre.",
                             "The walk stopped at {count} entities; centre on one of them to see further."),
    "drawing.no_route": ("Ingen väg till {target} den {at}: {reasons}.", "No route to {target} on {at}: {reasons}."),
    "drawing.none_found": ("ingen hittades", "none found"),
    "drawing.fallback": ("Vägen till {target} är en reservväg genom de personer dokumenten nämner{why}.",
                         "The route to {target} is a fallback through the people the documents name{why}."),
    "drawing.cut": ("{count} noder till ritas inte (gränsen är {limit}); smalna av urvalet med filter eller "
                    "färre steg.", "{count} further entities are not drawn (the limit is {limit}); narrow the "
                    "selection with filters or fewer steps."),
    "drawing.folded_municipalities": ("{count} kommuner ritas som en nod per län: {listed}.",
                                      "{count} municipalities are drawn as one node per county: {listed}."),
    "drawing.folded_people": ("{count} personer ritas som en nod per grupp de sitter i: {listed}.",
                              "{count} people are drawn as one node per group they sit in: {listed}."),
    "filter.at": ("som den {at}", "as on {at}"),
    "filter.families": ("bara relationstyperna: {keys}", "only edge families: {keys}"),
    "filter.kinds": ("bara slagen: {keys}", "only kinds: {keys}"),
    "filter.levels": ("bara nivåerna: {keys}", "only levels: {keys}"),
    "filter.region": ("region {region}", "region {region}"),
    "filter.area": ("kunskapsområde {area}", "knowledge area {area}"),
    "drawing.source": ("källa: {document}", "source: {document}"),
    "drawing.more_members": ("… och {count} till", "… and {count} more"),
    # -- hop explanations -------------------------------------------------------------------
    "hop.is": ("är {phrase}", "is {phrase}"),
    "hop.mandate": ("har mandat över", "has a mandate over"),
    "hop.role": ("som {role}", "as {role}"),
    "hop.since": ("sedan {start}", "since {start}"),
    "hop.until": ("till och med {end}", "until {end}"),
    "path.heading": ("{source} → {target} den {at}: {status}", "{source} → {target} on {at}: {status}"),
    "path.documented": ("dokumenterad väg", "documented route"),
    "path.fallback": ("reservväg", "fallback route"),
    "path.none": ("ingen väg", "no route"),
    "path.why": ("varför:", "why:"),
    "path.people": ("personer på vägen: {people}", "people on the route: {people}"),
    "hop.led_by": ("(leds av {leaders})", "(led by {leaders})"),
}


def text(key: str, lang: str | None = None, **values: object) -> str:
    """The message `key` in `lang` (default: the current request's), its fields filled from `values`."""
    swedish, english = MESSAGES[key]
    template = swedish if (lang or current_language()) == SWEDISH else english
    return template.format(**values) if values else template


def catalogue(lang: str) -> dict[str, str]:
    """Every message in `lang`, for the explorer."""
    index = LANGUAGES.index(lang)
    return {key: texts[index] for key, texts in MESSAGES.items()}


def negotiate(asked: str | None, accept_language: str | None) -> str:
    """`asked` (from `?lang=`) when we speak it, else the first of `Accept-Language` we speak, else Swedish."""
    if asked and asked.lower()[:2] in LANGUAGES:
        return asked.lower()[:2]
    ranked = []
    for position, item in enumerate((accept_language or "").split(",")):
        tag, _, weight = item.strip().partition(";q=")
        try:
            quality = float(weight) if weight else 1.0
        except ValueError:
            continue
        ranked.append((-quality, position, tag.strip().lower()[:2]))
    for _, _, tag in sorted(ranked):
        if tag in LANGUAGES:
            return tag
    return DEFAULT_LANGUAGE


_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("govgraph_language", default=ENGLISH)


def current_language() -> str:
    return _LANGUAGE.get()


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Answer in `lang` within the block (a request, a command)."""
    token = _LANGUAGE.set(lang)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def set_language(lang: str) -> None:
    """Answer in `lang` from here on in this context (a command that runs to the end of the process)."""
    _LANGUAGE.set(lang)
