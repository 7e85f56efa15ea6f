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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from graphmodel.import_messages import IMPORT_MESSAGES

SWEDISH = "sv"
ENGLISH = "en"
LANGUAGES = (SWEDISH, ENGLISH)
DEFAULT_LANGUAGE = SWEDISH

# key -> (Swedish, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # -- the page ---------------------------------------------------------------------------
    "page.title": ("govgraph-utforskaren", "govgraph explorer"),
    "page.brand": ("utforska kunskapsstyrningen", "kunskapsstyrning explorer"),
    "page.views": ("vad som ska ritas", "what to draw"),
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
    "filters.family": ("Relationstyp", "Edge family"),
    "filters.kind": ("Slag", "Kind"),
    "filters.region": ("Region", "Region"),
    "filters.any_region": ("alla regioner", "any region"),
    "filters.area": ("Kunskapsområde", "Knowledge area"),
    "filters.any_area": ("alla kunskapsområden", "any knowledge area"),
    "filters.clear": ("Rensa filter", "Clear filters"),
    "filters.on": ("({count} aktiva)", "({count} on)"),
    "filters.group_by": ("Gruppera stora omgivningar", "Group large neighbourhoods"),
    "filters.group_region": ("efter region och grupp", "by region and group"),
    "filters.group_kind": ("efter slag", "by kind"),
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
    "field.date_today": ("dagen som svaret gäller; tomt: i dag", "the day to answer for; empty: today"),
    "field.date_invalid": ("skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-01-01",
                           "write the date as YYYY-MM-DD, e.g. 2025-01-01"),
    "path.hint": ("Hur kunskapsstöd når ut från ett programområde till en kommun, en person eller en enhet, "
                  "steg för steg.",
                  "How guidance travels from a programme area to a municipality, person or unit, hop by hop."),
    "path.from": ("Från", "From"),
    "path.from_placeholder": ("Ett NPO, RPO, LPO eller en grupp…", "An NPO, RPO, LPO or group…"),
    "path.to": ("Till", "To"),
    "path.to_placeholder": ("En kommun, ett län, en person eller en enhet…",
                            "A municipality, county, person or unit…"),
    "path.tree": ("Rita stegen från vänster till höger", "Lay the hops out left to right"),
    "path.find": ("Hitta vägen", "Find the path"),
    "chain.hint": ("Vem en organisation rapporterar till, och vidare uppåt, som ett organisationsschema.",
                   "To whom a body reports, and on up, as an organisation chart."),
    "chain.subject": ("Organisation eller person", "Body or person"),
    "chain.placeholder": ("En LAG, ett LPO, ett råd eller en person…", "A LAG, LPO, council or person…"),
    "chain.show": ("Visa kedjan", "Show the chain"),
    "starts.title": ("Börja från ett nationellt programområde", "Start from a national programme area"),
    # -- the start page ---------------------------------------------------------------------
    "overview.title": ("Läget i landet", "The national picture"),
    "overview.hint": ("Varje kunskapsområde i varje region: om det finns LPO, LAG eller kontaktperson, och hur många "
                      "av regionens kommuner en dokumenterad väg når i dag. Klicka på en ruta för att se vägen dit.",
                      "Each knowledge area against each region: is there an LPO, a LAG or a contact person, and how "
                      "many of the region's municipalities a documented route reaches today. Click a cell for the "
                      "route there."),
    "overview.none": ("inget eget", "nothing of its own"),
    "overview.contact": ("kontaktperson", "contact person"),
    "overview.body": ("LPO eller LAG", "LPO or LAG"),
    "overview.reached": ("en väg når kommuner", "a route reaches municipalities"),
    "overview.cell": ("{area} i {region}: {lpos} LPO, {lags} LAG, {contacts} kontaktpersoner; {reached} av "
                      "{municipalities} kommuner nås",
                      "{area} in {region}: {lpos} LPO, {lags} LAG, {contacts} contact persons; reaches {reached} of "
                      "{municipalities} municipalities"),
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
    "error.server_answered": ("Servern svarade med {status}.", "The server answered {status}."),
    "error.nothing": ("ingenting", "nothing"),
    "error.title": ("Fel", "Error"),
    "error.no_detail": ("ingen förklaring angiven", "no detail given"),
    "error.parameter": (" (parametern ”{parameter}”)", " (parameter “{parameter}”)"),
    "error.choose_path": ("välj var vägen börjar och vad den ska nå", "choose where the path starts and where "
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
    "steps.shared": ("{span}. samma som för {route}", "{span}. as for {route}"),
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
    "details.reading": ("Läser in…", "Reading…"),
    "details.group": ("En grupp som omfattar:", "A group standing for:"),
    "details.expand": ("Visa alla, utan gruppering", "Show them all, ungrouped"),
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
    "property.name_since": ("namnet gäller sedan", "name since"),
    "property.note": ("anteckning", "note"),
    "property.decision_ref": ("beslut", "decision"),
    "property.title": ("befattning", "title"),
    "property.organisation": ("organisation", "organisation"),
    "property.email": ("e-post", "e-mail"),
    "property.phone": ("telefon", "phone"),
    "property.adopts": ("tillämpar", "adopts"),
    "property.measure_scope": ("åtgärdernas omfattning", "measure scope"),
    "legend.title": ("Teckenförklaring", "Legend"),
    "legend.empty": ("Färgen visar nivån, formen slaget och linjen relationstypen.",
                     "Colour shows the level, shape the kind, line style the kind of relation."),
    "legend.levels": ("Nivå (färg)", "Level (colour)"),
    "legend.kinds": ("Slag (form)", "Kind (shape)"),
    "legend.relations": ("Relation (linje)", "Relation (line)"),
    "legend.fallback": ("{label} (reservväg)", "{label} (fallback)"),
    "legend.focus": (" tjock mörk kant: fokus eller startpunkt", " thick dark border: the focus or starting point"),
    "legend.level": ("{level} nivå", "{level} level"),
    "side.label": ("detaljer och teckenförklaring", "details and legend"),
    # -- search -----------------------------------------------------------------------------
    "search.nothing": ("Inget med det namnet hittades.", "Nothing by that name."),
    "search.more": ("{count} till – skriv mer av namnet", "{count} more — type more of the name"),
    "search.another": ("Sök efter en annan…", "Search for another…"),
    "search.remove": ("ta bort {name}", "remove {name}"),
    # -- drawings (titles and notes the drawings API sends) -----------------------------------
    "drawing.neighbourhood_title": ("{centre}: {depth} steg utåt", "{centre}: {depth} {steps} out"),
    "drawing.step": ("steg", "step"),
    "drawing.steps": ("steg", "steps"),
    "drawing.path_title": ("{source} → {targets} den {at}", "{source} → {targets} on {at}"),
    "drawing.targets": ("{asked} ({count} mål)", "{asked} ({count} targets)"),
    "drawing.and_more": (" och {count} till", " and {count} more"),
    "drawing.chain_title": ("Rapporteringskedja för {subject} den {at}", "Reporting chain of {subject} on {at}"),
    "drawing.filtered": ("Filtrerat: {filters}.", "Filtered: {filters}."),
    "drawing.walk_stopped": ("Sökningen stannade vid {count} noder; centrera på en av dem för att se mer.",
                             "The walk stopped at {count} entities; centre on one of them to see further."),
    "drawing.no_route": ("Ingen väg till {target} den {at}: {reasons}.", "No route to {target} on {at}: {reasons}."),
    "drawing.none_found": ("ingen hittades", "none found"),
    "drawing.fallback": ("Vägen till {target} är en reservväg genom de personer som dokumenten nämner{why}.",
                         "The route to {target} is a fallback through the people the documents name{why}."),
    "drawing.cut": ("Ytterligare {count} noder ritas inte (gränsen är {limit}); begränsa urvalet med filter eller "
                    "färre steg.", "{count} further entities are not drawn (the limit is {limit}); narrow the "
                    "selection with filters or fewer steps."),
    "drawing.folded_municipalities": ("{count} kommuner ritas som en nod per län: {listed}.",
                                      "{count} municipalities are drawn as one node per county: {listed}."),
    "drawing.folded_people": ("{count} personer ritas som en nod per grupp de sitter i: {listed}.",
                              "{count} people are drawn as one node per group they sit in: {listed}."),
    "filter.at": ("läget den {at}", "as on {at}"),
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
    # -- why a contact path is missing (cypher/contact_path.py) -----------------------------
    "reason.not_yet": ("{node} finns ännu inte den {at}; gäller från {start}",
                       "{node} does not exist yet on {at}: it starts on {start}"),
    "reason.gone": ("{node} finns inte längre den {at}; gällde till och med {end}",
                    "{node} no longer exists on {at}: it ended on {end}"),
    "reason.nothing_connects": ("inget i grafen förbinder {source} med {target} den {at}",
                                "nothing in the graph connects {source} to {target} on {at}"),
    "reason.ended": ("{hop} till och med {end}: det har upphört", "{hop} until {end}: that has ended"),
    "reason.not_begun": ("{hop} från {start}: det gäller ännu inte den {at}",
                         "{hop} from {start}: that has not begun on {at}"),
    "reason.no_group_named_contact": ("{region} har varken LPO eller LAG för {area} den {at}; kontaktperson för "
                                      "kunskapsområdet är {contacts}",
                                      "{region} has no LPO or LAG for {area} on {at}; the named contact person for "
                                      "the area is {contacts}"),
    "reason.no_group_no_contact": ("{region} har varken LPO eller LAG för {area} den {at} och ingen namngiven "
                                   "kontaktperson för kunskapsområdet",
                                   "{region} has no LPO or LAG for {area} on {at} and no named contact person for "
                                   "the area"),
    "reason.no_representative": ("ingen kommunal representant sitter i {groups} den {at}",
                                 "no municipal representative sits in {groups} on {at}"),
    "reason.speaks_for_others": ("{representatives} (kommunal representant) företräder {spoken_for} den {at}, inte "
                                 "{target}; regionen har inget nätverk av kommunala nyckelpersoner som för "
                                 "informationen vidare",
                                 "{representatives} (municipal representative) speaks for {spoken_for} on {at}, "
                                 "not for {target}; the region records no network of municipal key persons to pass "
                                 "information on"),
    "reason.nobody": ("ingen", "nobody"),
    "reason.no_contact_person": ("{representatives} (kommunal representant) har ingen kontaktperson den {at}; {asks}",
                                 "{representatives} (municipal representative) has no contact person on {at}; "
                                 "{asks}"),
    "reason.asks_003": ("enligt dokument 003 ska varje kommunal representant känna till sin kontaktperson på "
                        "Välfärd och folkhälsa",
                        "document 003 asks every municipal representative to know their contact person at Välfärd "
                        "och folkhälsa"),
    "reason.asks_network": ("regionen har ett nätverk av kommunala nyckelpersoner, som en representant når genom en "
                            "kontaktperson",
                            "the region records a network of municipal key persons, which a representative reaches "
                            "through a contact person"),
    "reason.no_network": ("{contacts} för inte informationen vidare till något nätverk av kommunala nyckelpersoner",
                          "{contacts} passes information on to no network of municipal key persons"),
    "reason.no_key_person": ("ingen nyckelperson i {networks} sprider informationen till {target} den {at}",
                             "no key person in {networks} disseminates to {target} on {at}"),
    "reason.key_persons_there": (" (nyckelpersoner där: {people})", " (key persons there: {people})"),
    # -- remarks on a hop: fallback ties, mirror carriers, inferred hops --------------------------
    "fallback.contact_person": ("reservväg (002 §7–8): gruppens namngivna kontaktperson från "
                                "Kunskapsstödsgruppen",
                                "fallback (002 §7-8): the group's named contact person from Kunskapsstödsgruppen"),
    "fallback.method_support": ("reservväg (002 §9): LAG:ens metodstöd, som tillsammans med ordföranden hittar "
                                "en ny kommunal representant",
                                "fallback (002 §9): the LAG's method-support person, who finds a new municipal "
                                "representative with the chair"),
    "fallback.off_route": ("reservväg: en förbindelse utanför den dokumenterade vägen",
                           "fallback: a tie off the documented route"),
    "carrier.speaks_for": ("förs vidare av {person}: ledamot i {upper}{role} för {territories} ({document})",
                           "carried by {person}: member of {upper}{role} for {territories} ({document})"),
    "carrier.sits_in_both": ("förs vidare av {person}: ledamot i {upper}{role}, och sitter i {lower} ({document})",
                             "carried by {person}: member of {upper}{role}, and sits in {lower} ({document})"),
    "carrier.role": (" som {role}", " as {role}"),
    "carrier.no_source": ("ingen källa angiven", "no source given"),
    "inference.hop": ("härlett ur {record}; regel: {rule}", "inferred from {record}; rule: {rule}"),
    "inference.contact_in_network": ("medlemskap: {person} sitter i {network} som kontaktperson",
                                     "memberships: {person} sits in {network} as contact person"),
    "inference.area_contact": ("relationer: {person} är kontaktperson för {area} och sitter i {group}, som {lag} "
                               "rapporterar till",
                               "relations: {person} is contact person for {area} and sits in {group}, to which "
                               "{lag} reports"),
    "inference.works_for": ("personer: {person} arbetar för {place}", "people: {person} works for {place}"),
    "inference.represents": ("medlemskap: {person} företräder {represented}",
                             "memberships: {person} represents {represented}"),
    "inference.key_person": ("{record}, och är nyckelperson i {network}", "{record}, and is key person in {network}"),
    "inference.appointed": ("medlemskap: {person} utsågs av {structure}, där {contact} är kontaktperson i {network}",
                            "memberships: {person} was appointed by {structure}, where {contact} is contact person "
                            "in {network}"),
    "inference.sits_and_represents": ("medlemskap: {person} sitter i {group} och företräder {represented}",
                                      "memberships: {person} sits in {group} and represents {represented}"),
    "inference.rule.speaks_for": ("en kommunal representant företräder de kommuner hen representerar, och gör det "
                                  "direkt där regionen inte har något nätverk av kommunala nyckelpersoner (004 "
                                  "Lokala programområden; 001)",
                                  "a municipal representative speaks for the municipalities they represent, directly "
                                  "where the region records no network of municipal key persons (004 Lokala "
                                  "programområden; 001)"),
    "inference.rule.contact_in_network": ("en kontaktperson som sitter i ett nätverk når nätverket (003 "
                                          "Kommunikation; 002 §5)",
                                          "a contact person who sits in a network reaches it (003 Kommunikation; "
                                          "002 §5)"),
    "inference.rule.key_person_to_municipality": ("en nyckelperson i ett nätverk för informationen vidare till den "
                                                  "kommun hen arbetar för eller representerar (003 Kommunikation; "
                                                  "002 §10)",
                                                  "a key person of a network passes information on to the "
                                                  "municipality they work for or represent (003 Kommunikation; "
                                                  "002 §10)"),
    "inference.rule.area_contact_informs_lag": ("där en region saknar LPO för ett kunskapsområde informerar "
                                                "områdets kontaktperson de LAG inom området som rapporterar till den "
                                                "grupp som kontaktpersonen sitter i (002 §7–8)",
                                                "where a region has no LPO for an area, the contact person named for "
                                                "it informs the area's LAGs that report to the group the contact "
                                                "person sits in (002 §7-8)"),
    "inference.rule.appointing_structure_contact": ("en representants kontaktperson är den kontaktperson som den "
                                                    "stödstruktur som utsåg representanten har i sitt nätverk (003 "
                                                    "Kommunikation, Avsluta uppdrag)",
                                                    "a representative's contact person is the one the support "
                                                    "structure that appointed them names in its network (003 "
                                                    "Kommunikation, Avsluta uppdrag)"),
    # -- words that join a list -----------------------------------------------------------------
    "words.and": ("och", "and"),
    "words.or": ("eller", "or"),
    "words.and_or": ("och/eller", "and/or"),
    "words.yes": ("ja", "yes"),
    "words.no": ("nej", "no"),
    # -- what changed (cypher/changes.py) -------------------------------------------------------
    "change.renamed_to": ("{old} bytte namn till {new}", "{old} renamed {new}"),
    "change.started": ("började", "started"),
    "change.ended": ("upphörde", "ended"),
    "change.renamed": ("bytte namn", "renamed"),
    "change.node": ("nod", "node"),
    "change.edge": ("relation", "edge"),
    "changes.title": ("Ändringar från {start} till {end}", "Changes from {start} to {end}"),
    "changes.title_in": ("Ändringar från {start} till {end} i {region}", "Changes from {start} to {end} in {region}"),
    # -- findings: whose rule, and what is wrong (cypher/checks.py, check_*.cypher, gaps_*.cypher) --
    "rule.data_quality": ("ingen: en nationell regel för datakvalitet i govgraph; inget dokument anger den",
                          "none: a national data-quality rule of govgraph's own; no document states it"),
    "rule.of_region": ("{citation} (en regel för {region}, {uid})", "{citation} (a rule of {region}, {uid})"),
    "rule.of_region_adopted": ("{citation} (en regel för {region}, {uid}; tillämpas av {adopter})",
                               "{citation} (a rule of {region}, {uid}; adopted by {adopter})"),
    "rule.holds_there": ("{regional}; gäller där och i varje region vars data tillämpar den",
                         "{regional}; holds there and in a region whose data adopts it"),
    "rule.elsewhere_national": ("{provenance}; på andra håll en nationell regel för datakvalitet i govgraph",
                                "{provenance}; elsewhere a national data-quality rule of govgraph's own"),
    "finding.check_concurrent_memberships.many": ("{person} har {count} uppdrag samtidigt den {at}",
                                                  "{person} holds {count} memberships at once on {at}"),
    "finding.check_knowledge_area_without_lpo_has_contact_person.none": (
        "{region} saknar LPO för {area} och har ingen namngiven kontaktperson för kunskapsområdet den {at}",
        "{region} has no LPO for {area} and no named contact person for it on {at}"),
    "finding.check_lag_has_chair_and_method_support.no_chair": ("LAG {lag} saknar ordförande den {at}",
                                                                "LAG {lag} has no chair on {at}"),
    "finding.check_lag_has_chair_and_method_support.no_method_support": (
        "LAG {lag} saknar metodstöd från {group} den {at}",
        "LAG {lag} has no method-support person (metodstöd) from {group} on {at}"),
    "finding.check_lag_has_end_date.no_end": ("LAG {lag} började {start} och saknar dokumenterat slutdatum",
                                              "LAG {lag} started {start} and has no documented end date"),
    "finding.check_lag_has_start_date.no_start": ("LAG {lag} saknar dokumenterat startdatum",
                                                  "LAG {lag} has no documented start date"),
    "finding.check_lag_has_start_date.no_dates": ("LAG {lag} saknar dokumenterat startdatum (och slutdatum)",
                                                  "LAG {lag} has no documented start date (nor an end date)"),
    "finding.check_lpo_has_contact_person.none": ("LPO {lpo} har ingen namngiven kontaktperson från {group} den {at}",
                                                  "LPO {lpo} has no named contact person from {group} on {at}"),
    "finding.check_lpo_has_contact_person.elsewhere": (
        "kontaktpersonen för LPO {lpo} ({contact}) kommer inte från {group} den {at}",
        "the contact person of LPO {lpo} ({contact}) is not from {group} on {at}"),
    "finding.check_membership_ended.ended": (
        "uppdraget för {member} i {body} som {role} upphörde {end}, medan {body} finns kvar",
        "the membership of {member} in {body} as {role} ended {end} while {body} runs on"),
    "finding.check_membership_ending_soon.ending": (
        "uppdraget för {member} i {body} som {role} upphör {end}, inom {within} dagar från {at}",
        "the membership of {member} in {body} as {role} ends {end}, within {within} days of {at}"),
    "finding.check_municipal_representative_has_contact_person.none": (
        "kommunal representant {representative} har ingen kontaktperson på {structure} den {at}",
        "municipal representative {representative} has no contact person at {structure} on {at}"),
    "finding.check_municipal_representative_has_contact_person.elsewhere": (
        "kontaktpersonen för kommunal representant {representative} ({contact}) arbetar inte på {structure} den {at}",
        "the contact person of municipal representative {representative} ({contact}) does not work at {structure} "
        "on {at}"),
    "finding.check_region_member_of_matching_group_in_lag.not_in_lag": (
        "{person} sitter i {groups} för {region} men inte i LAG {lag} den {at}",
        "{person} sits in {groups} for {region} but not in LAG {lag} on {at}"),
    "finding.working_group.nag": ("NAG {name}", "NAG {name}"),
    "finding.working_group.national": ("den nationella arbetsgruppen {name}", "the national working group {name}"),
    "finding.working_group.healthcare_region": ("den sjukvårdsregionala arbetsgruppen {name}",
                                                "the healthcare-regional working group {name}"),
    "finding.gaps_contact_for_departed_representative.still_named": (
        "{contact} är fortfarande kontaktperson för {representative}, vars uppdrag som kommunal representant "
        "upphörde {end}, den {at}",
        "{contact} is still contact person for {representative}, whose assignment as municipal representative "
        "ended {end}, on {at}"),
    "finding.gaps_departed_person_on_route.contact_person_for": (
        "{person} lämnade alla organisationer senast {end} men är fortfarande kontaktperson för {target} den {at}",
        "{person} left every body by {end} but still is contact person for {target} on {at}"),
    "finding.gaps_departed_person_on_route.disseminates_to": (
        "{person} lämnade alla organisationer senast {end} men sprider fortfarande information till {target} den {at}",
        "{person} left every body by {end} but still disseminates to {target} on {at}"),
    "finding.gaps_departed_person_on_route.informs": (
        "{person} lämnade alla organisationer senast {end} men informerar fortfarande {target} den {at}",
        "{person} left every body by {end} but still informs {target} on {at}"),
    "finding.gaps_departed_person_on_route.holds_post": (
        "{person} lämnade alla organisationer senast {end} men innehar fortfarande befattningen {target} den {at}",
        "{person} left every body by {end} but still holds the post {target} on {at}"),
    "finding.gaps_municipality_without_representative.unreached": (
        "ingen kommunal representant företräder {municipality} inom {area} den {at}",
        "no municipal representative speaks for {municipality} in {area} on {at}"),
    "finding.gaps_npo_without_lpo.none": ("{region} saknar LPO för NPO {npo} den {at}",
                                          "{region} has no LPO for NPO {npo} on {at}"),
    "finding.gaps_npo_without_lpo.contact": (
        "{region} saknar LPO för NPO {npo} den {at}; {contact} är namngiven kontaktperson",
        "{region} has no LPO for NPO {npo} on {at}; {contact} is the named contact person"),
    "finding.gaps_npo_without_rpo.none": ("{region} saknar RPO som speglar NPO {npo} den {at}",
                                          "{region} has no RPO mirroring NPO {npo} on {at}"),
    # -- the commands' tables and summaries (govgraph check, gaps, chain, diff, decide) -----------
    "checks.title": ("Regelkontroller", "Conformance checks"),
    "gaps.title": ("Luckor och täckning", "Gaps and coverage"),
    "checks.exit": ("exit 1: {errors} {error_word}; vart och ett gäller en regel i en regions egna dokument (eller en "
                    "regel som regionen tillämpar) som regionens data inte uppfyller: {reasons}",
                    "exit 1: {errors} {error_word}, each a rule of a region's own documents (or one it adopts) that "
                    "its data does not meet: {reasons}"),
    "checks.error": ("fel", "error"),
    "checks.errors": ("fel", "errors"),
    "checks.exit_reason": ("{count} i {region} enligt {source}", "{count} in {region} under {source}"),
    "checks.no_region": ("ingen region", "no region"),
    "severity.error": ("fel", "error"),
    "severity.warning": ("varning", "warning"),
    "severity.info": ("information", "info"),
    "chain.title": ("Rapporteringskedja för {subject} den {at}", "Reporting chain of {subject} on {at}"),
    "chain.absent": ("{node} fanns inte den {at} ({span})", "{node} did not exist on {at} (it ran {span})"),
    "chain.ran_from": ("gällde från {start}", "from {start}"),
    "chain.ran_until": ("till och med {end}", "until {end}"),
    "chain.reports_to_none": ("{node} rapporterar inte till någon organisation den {at}",
                              "{node} reports to no body on {at}"),
    "chain.sits_in_none": ("{node} sitter inte i någon organisation den {at}", "{node} sits in no body on {at}"),
    "represented.title_on": ("Där {subject} är företrädd den {at}", "Where {subject} is represented on {at}"),
    "represented.title_always": ("Där {subject} är företrädd, över all tid", "Where {subject} is represented over all time"),
    "represented.directly": ("direkt", "directly"),
    "represented.directly_with_one": ("direkt, tillsammans med en till", "directly, with 1 other"),
    "represented.directly_with": ("direkt, tillsammans med {others} till", "directly, with {others} others"),
    "represented.through": ("gemensamt, genom {through}", "collectively, through {through}"),
    "represented.all_municipalities": ("alla {total} kommuner i länet", "all {total} of its municipalities"),
    "represented.some_municipalities": ("{counted} av länets {total} kommuner", "{counted} of its {total} municipalities"),
    "represented.ex_officio": ("i egenskap av {post}", "ex officio as {post}"),
    "represented.in_person": ("personligen", "in person"),
    "represented.not_a_subject": ("”{uid}” ({label}, {kind}): företrädande frågas om för en kommun, region, ett län, "
                                  "en person eller en befattning",
                                  "'{uid}' ({label}, {kind}): representation is asked of a municipality, region, "
                                  "county, person or post"),
    "branch.governance": ("styrning", "governance"),
    "branch.mirrors": ("spegling", "mirrors"),
    "column.severity": ("allvarlighetsgrad", "severity"),
    "column.rule": ("regel", "rule"),
    "column.node": ("nod", "node"),
    "column.region": ("region", "region"),
    "column.finding": ("avvikelse", "finding"),
    "column.source": ("källa", "source"),
    "column.start": ("utgår från", "start"),
    "column.distance": ("avstånd", "distance"),
    "column.branch": ("gren", "branch"),
    "column.body": ("organisation", "body"),
    "column.hop": ("steg", "hop"),
    "column.date": ("datum", "date"),
    "column.change": ("ändring", "change"),
    "column.what": ("vad", "what"),
    "column.kind": ("slag", "kind"),
    "column.family": ("relationstyp", "family"),
    "column.subject": ("beskrivning", "subject"),
    "column.old_name": ("tidigare namn", "old name"),
    "column.new_name": ("nytt namn", "new name"),
    "column.step": ("steg", "step"),
    "column.part": ("del", "part"),
    "column.who": ("vem", "who"),
    "column.member": ("ledamot", "member"),
    "column.name": ("namn", "name"),
    "column.answers": ("besvarar", "answers"),
    "column.parameters": ("parametrar", "parameters"),
    "queries.title": ("Lagrade frågor (cypher/)", "Stored queries (cypher/)"),
    "column.role": ("roll", "role"),
    "column.represents": ("företräder", "represents"),
    "column.how": ("hur", "how"),
    "column.since": ("från", "since"),
    "column.until": ("till och med", "until"),
    "column.condition": ("villkor", "condition"),
    "output.rows": ("{count} rader", "{count} rows"),
    "output.row": ("1 rad", "1 row"),
    "cli.error": ("fel", "error"),
    "language.unknown": ("”{asked}” är inte ett språk som govgraph talar: sv eller en",
                         "'{asked}' is not a language govgraph speaks: sv or en"),
    # -- who decides (cypher/decision_words.py, decision_route.py, govgraph decide) ---------------
    "decision.scope.region": ("en regional åtgärd", "a region measure"),
    "decision.scope.municipal": ("en kommunal åtgärd", "a municipal measure"),
    "decision.scope.both": ("en fråga som regionen och kommunerna delar",
                            "a question shared by the region and the municipalities"),
    "decision.measure": ("{scope} som {criteria}", "{scope} that {criteria}"),
    "decision.in": ("i {place}", "in {place}"),
    "decision.any_region": ("oavsett region", "in any region"),
    "decision.every_case": ("i samtliga fall", "in every case"),
    "decision.if": ("om åtgärden {clauses}", "if the measure {clauses}"),
    "decision.or_if": (", eller om den ", ", or if it "),
    "decision.part.prepares": ("bereds av", "prepared by"),
    "decision.part.recommends": ("rekommenderas av", "recommended by"),
    "decision.part.consults": ("i samråd med", "in consultation with"),
    "decision.part.endorses": ("tillstyrks av", "endorsed by"),
    "decision.part.anchors": ("förankras i", "anchored in"),
    "decision.part.informed": ("för kännedom till", "reported to"),
    "decision.part.implements": ("genomförs av", "carried out by"),
    "decision.part.no_mandate": ("saknar mandat:", "no mandate:"),
    "decision.part.other": ("{part} av", "{part} by"),
    "decision.when_needed": ("vid behov {phrase}", "when needed {phrase}"),
    "decision.decided": ("beslutas av {holders}", "decided by {holders}"),
    "decision.also_when_needed": ("; vid behov även av {holders}", "; when needed also by {holders}"),
    "decision.decided_when_needed": ("beslutas vid behov av {holders}", "decided when needed by {holders}"),
    "decision.or_alternatively": (", eller alternativt av {holders}", ", or alternatively by {holders}"),
    "decision.each_for_its_area": ("{holders}, var och en för sitt kunskapsområde",
                                   "{holders}, each for its own knowledge area"),
    "decision.each_municipality": ("varje kommun ({count})", "each municipality ({count})"),
    "decision.nobody_decides": ("ingen i grafen har mandat att besluta",
                                "nobody in the graph has the mandate to decide"),
    "decision.no_rules_for": ("grafen innehåller inga beslutsregler för {region}",
                              "the graph holds no decision rules for {region}"),
    "decision.no_rules_anywhere": ("grafen innehåller inga beslutsregler för någon region",
                                   "the graph holds no decision rules for any region"),
    "decision.no_rules_for_scope": ("grafen innehåller inga beslutsregler för {scope} {where}",
                                    "the graph holds no decision rules for {scope} {where}"),
    "decision.nobody_has_mandate": ("ingen i grafen har mandat för denna åtgärd ({measure}) {where}",
                                    "nobody in the graph has the mandate for this measure ({measure}) {where}"),
    "decision.routes": ("{measure} {where} kan gå någon av {count} vägar; ",
                        "{measure} {where} takes one of {count} routes; "),
    "decision.heading": ("Beslutsväg", "Decision route"),
    "decision.on": ("(den {at})", "(on {at})"),
    "decision.unused": ("Ingen regel {where} beror på {flags}: svaret blir detsamma i båda fallen.",
                        "No rule {where} depends on {flags}: the answer is the same either way."),
    "decision.depends": ("Svaret beror på det som frågan lämnar öppet ({flags}): {count} vägar.",
                         "The answer depends on what the question leaves out ({flags}): {count} routes."),
    # -- the API's problem titles, by the problem's type (its English title as a slug) ------------
    "problem.engine-unavailable": ("Grafmotorn är inte tillgänglig", "Engine unavailable"),
    "problem.forbidden": ("Inte tillåtet", "Forbidden"),
    "problem.graph-changed": ("Grafen ändrades", "Graph changed"),
    "problem.import-conflict": ("Konflikt i importen", "Import conflict"),
    "problem.import-conflicts": ("Konflikter i importen", "Import conflicts"),
    "problem.internal-error": ("Internt fel", "Internal error"),
    "problem.invalid-cypher": ("Ogiltig Cypher", "Invalid Cypher"),
    "problem.invalid-parameter": ("Ogiltig parameter", "Invalid parameter"),
    "problem.invalid-request": ("Ogiltig begäran", "Invalid request"),
    "problem.invalid-workbook": ("Ogiltig arbetsbok", "Invalid workbook"),
    "problem.invalid-upload": ("Ogiltig uppladdning", "Invalid upload"),
    "problem.query-timed-out": ("Frågan tog för lång tid", "Query timed out"),
    "problem.read-only": ("Skrivskyddat", "Read only"),
    "problem.too-many-queries": ("För många frågor", "Too many queries"),
    "problem.too-many-requests": ("För många anrop", "Too many requests"),
    "problem.unauthorized": ("Inte behörig", "Unauthorized"),
    "problem.unknown-id": ("Okänt id", "Unknown id"),
    "problem.unknown-key": ("Okänd nyckel", "Unknown key"),
    "problem.unknown-query": ("Okänd fråga", "Unknown query"),
    "problem.upload-too-large": ("Uppladdningen är för stor", "Upload too large"),
    "problem.request-too-large": ("Anropet är för stort", "Request too large"),
    "problem.unsupported-media-type": ("Medietypen stöds inte", "Unsupported media type"),
    "problem.unsupported-file-type": ("Filtypen stöds inte", "Unsupported file type"),
    "problem.write-refused": ("Skrivning nekad", "Write refused"),
    "problem.not-found": ("Hittades inte", "Not found"),
    "problem.method-not-allowed": ("Metoden är inte tillåten", "Method not allowed"),
    "problem.http-error": ("HTTP-fel", "HTTP error"),
    "param.error": ("parametern ”{parameter}”: {reason}", "parameter '{parameter}': {reason}"),
    "param.not_yes_no": ("”{value}” är inte ja/nej (eller true/false)", "'{value}' is not yes/no (or true/false)"),
    "param.not_null": ("måste anges och får inte vara null", "is required and may not be null"),
    "param.wrong_type": ("väntade {type}, fick {value}", "expected {type}, got {value}"),
    "param.not_integer": ("”{value}” är inte ett heltal", "'{value}' is not a whole number"),
    "param.not_number": ("”{value}” är inte ett tal", "'{value}' is not a number"),
    "param.not_a_date": ("”{value}” är inte ett datum (ÅÅÅÅ-MM-DD)", "'{value}' is not a date (YYYY-MM-DD)"),
    "param.unknown": ("är inte en parameter till den här frågan (dess parametrar: {known})",
                      "is not a parameter of this query (its parameters: {known})"),
    "param.none": ("inga", "none"),
    "param.required": ("måste anges: {meaning}", "is required: {meaning}"),
    "param.key_value": ("skriv parametrar som nyckel=värde", "write parameters as key=value"),
    "param.empty_id": ("är tomt; ange ett id som region:18, eller utelämna det",
                       "is empty; give an id such as region:18, or leave it out"),
    "param.long_id": ("är {length} tecken långt; ett id har högst {most}",
                      "is {length} characters long; an id has at most {most}"),
    "validation.in_query": ("frågeparametern ”{parameter}”: {message}", "query parameter '{parameter}': {message}"),
    "validation.in_path": ("sökvägens ”{parameter}”: {message}", "path parameter '{parameter}': {message}"),
    "validation.in_body": ("fältet ”{parameter}”: {message}", "body parameter '{parameter}': {message}"),
    "validation.in_header": ("rubriken ”{parameter}”: {message}", "header parameter '{parameter}': {message}"),
    "validation.in_request": ("”{parameter}”: {message}", "request parameter '{parameter}': {message}"),
    "validation.more": (" (och {count} till)", " (and {count} more)"),
    "validation.missing": ("måste anges", "Field required"),
    "validation.extra_forbidden": ("finns inte här; se dokumentationen under /docs",
                                   "Extra inputs are not permitted"),
    "validation.literal_error": ("ska vara {expected}", "Input should be {expected}"),
    "validation.enum": ("ska vara {expected}", "Input should be {expected}"),
    "validation.string_too_long": ("får vara högst {max_length} tecken",
                                   "String should have at most {max_length} characters"),
    "validation.string_too_short": ("ska vara minst {min_length} tecken",
                                    "String should have at least {min_length} characters"),
    "validation.greater_than_equal": ("ska vara minst {ge}", "Input should be greater than or equal to {ge}"),
    "validation.less_than_equal": ("får vara högst {le}", "Input should be less than or equal to {le}"),
    "validation.int_parsing": ("ska vara ett heltal", "Input should be a valid integer"),
    "validation.bool_parsing": ("ska vara ja eller nej (true/false)", "Input should be a valid boolean"),
    "problem.unknown_id_detail": ("ingen nod har id:t ”{uid}”", "no node has the id '{uid}'"),
    # -- an import's problems, warnings and conflicts: graphmodel/import_messages.py ------------
    **IMPORT_MESSAGES,
}


def text(key: str, lang: str | None = None, **values: object) -> str:
    """The message `key` in `lang` (default: the current request's), its fields filled from `values`."""
    swedish, english = MESSAGES[key]
    template = swedish if (lang or current_language()) == SWEDISH else english
    return template.format(**values) if values else template


class Phrase(str):
    """A message kept with its key and fields, so that it can be said in whichever language shows it.

    As a string it is the English text: it is made where no one's language applies (the route index,
    built once for every request) and said in the asker's language where it is shown (`said`)."""

    key: str
    values: dict[str, object]

    def __new__(cls, key: str, **values: object) -> Phrase:
        phrase = super().__new__(cls, text(key, ENGLISH, **values))
        phrase.key, phrase.values = key, values
        return phrase

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, object]]:
        return (self.key,), self.values

    def said(self, lang: str | None = None) -> str:
        """The phrase in `lang` (default: the current request's or command's), its fields said alike."""
        return text(self.key, lang, **{name: said(value, lang) for name, value in self.values.items()})

    def replacing(self, old: str, new: str) -> Phrase:
        """The same phrase with `old` replaced by `new` in its fields (a server's folder taken out of a path)."""
        return Phrase(self.key, **{name: replaced(value, old, new) for name, value in self.values.items()})


@dataclass(frozen=True)
class Words:
    """A part of a message made in both languages at once, from the vocabulary's words (a list of kinds, the
    Swedish names of terms): said like a `Phrase`, English as a string."""

    english: str
    swedish: str

    def __str__(self) -> str:
        return self.english

    def __format__(self, spec: str) -> str:
        return format(self.english, spec)

    def said(self, lang: str | None = None) -> str:
        return self.swedish if (lang or current_language()) == SWEDISH else self.english

    def replacing(self, old: str, new: str) -> Words:
        return Words(self.english.replace(old, new), self.swedish.replace(old, new))


def said(value: object, lang: str | None = None) -> object:
    """A `Phrase` (or anything else that can be said: `Words`, an import's problem) in `lang`; any other value
    as it is."""
    say = getattr(value, "said", None)
    return say(lang) if say is not None and not isinstance(value, type) else value


def replaced(value: object, old: str, new: str) -> object:
    """`value` with `old` replaced by `new`, in each language where it is a `Phrase` or `Words`."""
    if isinstance(value, (Phrase, Words)):
        return value.replacing(old, new)
    return value.replace(old, new) if isinstance(value, str) else value


def joined(words: Sequence[str], conjunction: str = "words.and", lang: str | None = None) -> str:
    """'A', 'A och B', 'A, B och C' (the conjunction a catalogue key: words.and, words.or, words.and_or)."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {text(conjunction, lang)} {words[-1]}"


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
