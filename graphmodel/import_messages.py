"""What an import says: the problems, warnings and conflicts of a chart, in Swedish first and in English.

Part of the one catalogue (`graphmodel.messages.MESSAGES`), kept in a file of
its own because there are many. The importers make each as a `Phrase` only
when they find the problem, so a row without problems costs nothing here.
Column names, sheet names and vocabulary keys stay as the chart spells them:
they are what the user typed and will type again.
"""

from __future__ import annotations

# key -> (Swedish, English)
IMPORT_MESSAGES: dict[str, tuple[str, str]] = {
    # -- where a problem is -------------------------------------------------------------------
    "import.sheet_of": ("{file}, blad {sheet}", "{file}, sheet {sheet}"),
    "import.at_row": ("{where} rad {row}", "{where} row {row}"),
    "import.at_column": ("{location}, kolumn {column}", "{location}, column {column}"),
    # -- the command's lines and its last word ----------------------------------------------------
    "import.line.problem": ("problem: {problem}", "problem: {problem}"),
    "import.line.warning": ("varning: {problem}", "warning: {problem}"),
    "import.line.conflict": ("konflikt: {problem}", "conflict: {problem}"),
    "import.failed.workbook.one": ("1 problem i arbetsboken; inget skrevs",
                                   "1 problem in the workbook; nothing was written"),
    "import.failed.workbook.many": ("{count} problem i arbetsboken; inget skrevs",
                                    "{count} problems in the workbook; nothing was written"),
    "import.failed.chart.one": ("1 problem i organisationsschemat; inget skrevs",
                                "1 problem in the chart; nothing was written"),
    "import.failed.chart.many": ("{count} problem i organisationsschemat; inget skrevs",
                                 "{count} problems in the chart; nothing was written"),
    "import.failed.graph.one": ("1 konflikt med grafen; inget skrevs",
                                "1 conflict with the graph; nothing was written"),
    "import.failed.graph.many": ("{count} konflikter med grafen; inget skrevs",
                                 "{count} conflicts with the graph; nothing was written"),
    # -- the API's answers about an upload ------------------------------------------------------
    "import.api.invalid.one": ("1 problem i {file}; inget skrevs", "1 problem in {file}; nothing was written"),
    "import.api.invalid.many": ("{count} problem i {file}; inget skrevs",
                                "{count} problems in {file}; nothing was written"),
    "import.api.conflicts.one": ("1 konflikt med grafen; inget skrevs (force=true skriver över de konflikter som går "
                                 "att skriva över)",
                                 "1 conflict with the graph; nothing was written (force=true overwrites those that "
                                 "can be)"),
    "import.api.conflicts.many": ("{count} konflikter med grafen; inget skrevs (force=true skriver över de konflikter "
                                  "som går att skriva över)",
                                  "{count} conflicts with the graph; nothing was written (force=true overwrites those "
                                  "that can be)"),
    "import.api.graph_changed.one": ("grafen ändrades medan importen skrevs, och arbetsboken passar inte längre ihop "
                                     "med den (1 problem); inget skrevs: kontrollera importen igen",
                                     "the graph changed while the import was written, and the workbook no longer fits "
                                     "it (1 problem); nothing was written: check the import again"),
    "import.api.graph_changed.many": ("grafen ändrades medan importen skrevs, och arbetsboken passar inte längre ihop "
                                      "med den ({count} problem); inget skrevs: kontrollera importen igen",
                                      "the graph changed while the import was written, and the workbook no longer fits "
                                      "it ({count} problems); nothing was written: check the import again"),
    "import.api.upload_too_large": ("uppladdningen är större än {limit} byte (inställningen upload_max_bytes); den "
                                    "lästes inte vidare och inget skrevs",
                                    "the upload is larger than {limit} bytes (the upload_max_bytes setting); it was "
                                    "not read further and nothing was written"),
    "import.api.not_multipart": ("skicka arbetsboken som multipart/form-data, i formulärfältet ”{field}”",
                                 "send the workbook as multipart/form-data, in the form field '{field}'"),
    "import.api.unreadable_form": ("formuläret kan inte läsas: {reason}", "the form cannot be read: {reason}"),
    "import.api.no_file": ("ingen fil i formulärfältet ”{field}”", "no file in the form field '{field}'"),
    "import.api.no_file_name": ("filen i formulärfältet ”{field}” saknar namn; dess filändelse (.xlsx eller .zip) "
                                "anger vad den innehåller",
                                "the file in the form field '{field}' has no name; its suffix (.xlsx or .zip) says "
                                "what it holds"),
    "import.api.not_a_chart_file": ("”{file}” är varken en .xlsx-arbetsbok eller en .zip med organisationsschemats "
                                    ".csv-filer",
                                    "'{file}' is neither an .xlsx workbook nor a .zip of the chart's .csv files"),
    "import.api.no_csv_files": ("”{file}” innehåller inga .csv-filer", "'{file}' holds no .csv files"),
    "import.api.csv_file_twice": ("”{file}” innehåller {files} mer än en gång",
                                  "'{file}' holds {files} more than once"),
    "import.api.commit_unknown": ("grafmotorn stannade medan importen skrevs, så det är okänt om den blev skriven; "
                                  "skicka den igen utan write=true för att se vad som återstår att ändra",
                                  "the engine stopped while committing the import, so whether it was written is "
                                  "unknown; send it again without write=true to see what is left to change"),
    "import.api.changed_while_written": ("grafen ändrades medan importen skrevs ({reason}); inget skrevs: kontrollera "
                                         "importen igen",
                                         "the graph changed while the import was written ({reason}); nothing was "
                                         "written: check the import again"),
    "import.api.engine_failed": ("grafmotorn fick ett fel under importen ({error}); inget skrevs, eftersom en import "
                                 "är en enda transaktion; försök igen om en stund",
                                 "the graph engine failed during the import ({error}); nothing was written, as an "
                                 "import is one transaction; try again shortly"),
    "import.api.not_a_zip": ("”{file}” är inte ett läsbart .zip-arkiv ({reason})",
                             "'{file}' is not a readable .zip archive ({reason})"),
    # -- the import summary ---------------------------------------------------------------------
    "import.summary.title": ("Sammanfattning av importen (ägare ”{owner}”)", "Import summary (owner '{owner}')"),
    "import.summary.sheet": ("blad", "sheet"),
    "import.summary.read": ("lästa rader", "rows read"),
    "import.summary.created": ("nya", "created"),
    "import.summary.changed": ("ändrade", "changed"),
    "import.summary.unchanged": ("oförändrade", "unchanged"),
    "import.summary.removed": ("borttagna", "removed"),
    "import.summary.unpruned": ("({count}) post(er) som ägs av ”{owner}” finns inte längre i {subject}; de behölls. "
                                "Kör med --prune för att ta bort dem.",
                                "({count}) record(s) owned by '{owner}' are no longer in {subject}; they were kept. "
                                "Run with --prune to remove them."),
    "import.summary.dry_run": ("Provkörning: {count} ändring(ar) i {subject}; inget skrevs.",
                               "Dry run: {count} change(s) found in {subject}; nothing was written."),
    "import.summary.written": ("Importerade {subject}: {count} ändring(ar) skrevs i en transaktion.",
                               "Imported {subject}: {count} change(s) written in one transaction."),
    "import.summary.nothing": ("Inget att ändra: grafen stämmer redan med {subject}.",
                               "Nothing to change: the graph already matches {subject}."),
    "import.reference_data": ("referensdata", "the reference data"),
    "import.template_written": ("Skrev mallen {path} (exempelraderna är påhittade).",
                                "Wrote the template workbook {path} (example rows are fictional)."),
    "import.kinds.title": ("Referensdata efter slag", "Reference data by kind"),
    "import.kinds.kind": ("slag", "kind"),
    "import.kinds.records": ("poster", "records"),
    "import.kinds.created": ("nya", "created"),
    "import.kinds.changed": ("ändrade", "changed"),
    "import.kinds.unchanged": ("oförändrade", "unchanged"),
    "import.kept_unpruned": (" [behålls: använd --prune för att ta bort]", " [kept: use --prune to remove]"),
    "import.more_changes": ("… och {count} till", "... and {count} more"),
    "import.replaced_by_cell": ("ersätts av enhetens nya cell", "replaced by the unit's new cell"),
    # -- the file itself --------------------------------------------------------------------------
    "import.no_such_path": ("{path}: filen eller mappen finns inte", "{path}: no such file or folder"),
    "import.not_a_chart_path": ("{path}: väntade en .xlsx-arbetsbok eller en mapp med .csv-filer",
                                "{path}: expected an .xlsx workbook or a folder of .csv files"),
    "import.unreadable_workbook": ("{path}: inte en läsbar .xlsx-arbetsbok ({reason})",
                                   "{path}: not a readable .xlsx workbook ({reason})"),
    "import.damaged_sheet": ("{path}: ett blad i arbetsboken är skadat ({reason})",
                             "{path}: a sheet of the workbook is damaged ({reason})"),
    "import.empty_file": ("{path}: filen är tom och alltså ingen .xlsx-arbetsbok",
                          "{path}: the file is empty, not an .xlsx workbook"),
    "import.not_a_zip": ("{path}: inte en läsbar .xlsx-arbetsbok: den är inget zip-arkiv, så den är avkortad eller "
                         "en annan sorts fil",
                         "{path}: not a readable .xlsx workbook: it is no zip archive, so it is cut short (truncated) "
                         "or another kind of file"),
    "import.cannot_read": ("{path}: kan inte läsas ({reason})", "{path}: cannot be read ({reason})"),
    "import.too_many_rows": ("{where}: organisationsschemat har fler än {limit} rader{reached}; högst {limit} rader "
                             "kan importeras åt gången, så dela upp det i flera arbetsböcker",
                             "{where}: the chart has more than {limit} rows{reached}; at most {limit} can be imported "
                             "at once, so split it into several workbooks"),
    "import.reaching_row": (" (bladet når rad {row}, tomma rader medräknade)",
                            " (this sheet reaches row {row}, blank rows included)"),
    "import.csv_too_large": ("{folder}: dess .csv-filer rymmer {total} byte, mer än de {most} byte som ett "
                             "organisationsschema får rymma",
                             "{folder}: its .csv files hold {total} bytes, more than the {most} a chart may hold"),
    "import.file_missing": ("filen {sheet}.csv saknas i {folder}", "file {sheet}.csv is missing from {folder}"),
    "import.sheet_missing": ("bladet ”{sheet}” saknas i {file}", "sheet '{sheet}' is missing from {file}"),
    # -- CSV text (importers/csv_text.py) -----------------------------------------------------
    "import.csv.save_as": ("spara bladet igen som CSV UTF-8", "save the sheet again as CSV UTF-8"),
    "import.csv.nul": ("{file} rad {line}: innehåller NUL-byte, så den är UTF-16 utan byteordningsmärke eller inte "
                       "text alls; {save_as}",
                       "{file} line {line}: holds NUL bytes, so it is UTF-16 without a byte-order mark or not text at "
                       "all; {save_as}"),
    "import.csv.mixed": ("{file} rad {line}: byten 0x{byte} är inte UTF-8, fast filen har UTF-8-tecken på andra "
                         "ställen: den blandar teckenkodningar; {save_as}",
                         "{file} line {line}: byte 0x{byte} is not UTF-8, though the file has UTF-8 letters "
                         "elsewhere: it mixes encodings; {save_as}"),
    "import.csv.neither": ("{file} rad {line}: byten är varken UTF-8- eller Windows-1252-text; {save_as}",
                           "{file} line {line}: the bytes are neither UTF-8 nor Windows-1252 text; {save_as}"),
    "import.csv.long_line": ("{file} rad {line}: längre än {most} byte; inte ett blad i ett organisationsschema",
                             "{file} line {line}: longer than {most} bytes; not a chart sheet"),
    "import.csv.not_text": ("{file} rad {line}: inte giltig {encoding}-text ({reason}); {save_as}",
                            "{file} line {line}: not valid {encoding} text ({reason}); {save_as}"),
    "import.csv.not_csv": ("{file} rad {line}: kan inte läsas som CSV ({reason})",
                           "{file} line {line}: not readable as CSV ({reason})"),
    # -- zip archives (importers/zip_guard.py) ----------------------------------------------------
    "import.zip.members": ("{name}: rymmer {count} filer; ett organisationsschema har högst {most}",
                           "{name}: holds {count} files; a chart has at most {most}"),
    "import.zip.unpacks_to": ("{name}: packas upp till {size}, mer än de {most} som ett organisationsschema får "
                              "rymma; inget packades upp",
                              "{name}: unpacks to {size}, more than the {most} a chart may hold; nothing was unpacked"),
    "import.zip.packs_declared": ("{name}: filen {member} är packad {ratio} gånger (högst {most}): en zip-bomb, inte "
                                  "ett organisationsschema; inget packades upp",
                                  "{name}: member {member} packs {ratio} times (at most {most}): a zip bomb, not a "
                                  "chart; nothing was unpacked"),
    "import.zip.damaged": ("{name}: filen {member} är skadad ({reason})",
                           "{name}: member {member} is damaged ({reason})"),
    "import.zip.over_budget": ("{name}: packas upp till mer än de {most} som ett organisationsschema får rymma "
                               "(stoppade i filen {member}); inget användes",
                               "{name}: unpacks to more than the {most} a chart may hold (stopped in member {member}); "
                               "nothing was used"),
    "import.zip.forged": ("{name}: filen {member} packas upp till mer än de {size} byte som dess huvud anger: ett "
                          "förfalskat arkiv; inget användes",
                          "{name}: member {member} unpacks to more than the {size} bytes its header declares: a forged "
                          "archive; nothing was used"),
    "import.zip.packs_produced": ("{name}: filen {member} är packad mer än {most} gånger: en zip-bomb, inte ett "
                                  "organisationsschema; inget användes",
                                  "{name}: member {member} packs more than {most} times: a zip bomb, not a chart; "
                                  "nothing was used"),
    # -- the header row ---------------------------------------------------------------------------
    "import.column_missing": ("den obligatoriska kolumnen ”{column}” saknas i rubrikraden",
                              "required column '{column}' is missing from the header row"),
    "import.column_twice": ("rubrikraden har kolumnen ”{column}” {times}, i kolumnerna {places}; en rads celler "
                            "skulle bara läsas från en av dem: behåll en och byt namn på eller ta bort {others}",
                            "the header row names column '{column}' {times}, in columns {places}; a row's cells would "
                            "be taken from one of them only: keep one and rename or delete {others}"),
    "import.twice": ("två gånger", "twice"),
    "import.times": ("{count} gånger", "{count} times"),
    "import.the_other": ("den andra", "the other"),
    "import.the_others": ("de andra", "the others"),
    "import.column_unknown": ("den okända kolumnen ”{column}” läses inte (kända: {known})",
                              "unknown column '{column}' is ignored (known: {known})"),
    # -- one cell ---------------------------------------------------------------------------------
    "import.too_long": ("{column} är {length} tecken lång; högst {most} tecken",
                        "{column} is {length} characters long; at most {most}"),
    "import.control_character": ("{column} innehåller styrtecknet {character}, som ingen arbetsbok kan rymma; ta bort "
                                 "det",
                                 "{column} holds the control character {character}, which no workbook can hold; "
                                 "remove it"),
    "import.required": ("{column} saknas; varje rad måste ha ett värde här", "{column} is empty; every row needs one"),
    "import.id_with_separator": ("”{value}” är inget id: ett id får inte innehålla ”{separator}”",
                                 "'{value}' is not an id: ids cannot contain '{separator}'"),
    "import.unknown_term": ("”{value}” är inte {what} (kända: {known}; de engelska namnen går också bra, se "
                            "`govgraph vocabulary`)",
                            "'{value}' is not {what} (known: {known}; Swedish names are accepted too, see "
                            "`govgraph vocabulary`)"),
    "import.unknown_stored_term": ("”{value}” är inte {what} (kända: {known})",
                                   "'{value}' is not {what} (known: {known})"),
    "import.what.node_kind": ("ett slag", "a node kind"),
    "import.what.level": ("en nivå", "a level"),
    "import.what.measure_scope": ("en omfattning för åtgärderna", "a measure scope"),
    "import.what.role": ("en roll", "a role"),
    "import.what.relation_type": ("en relationstyp", "a relation type"),
    "import.what.mandate_part": ("en del av ett mandat", "a mandate part"),
    "import.what.mandate_qualifier": ("en precisering av ett mandat", "a mandate qualifier"),
    "import.what.step": ("ett steg", "a step"),
    "import.what.route_order": ("en ordning bland vägarna", "a route order"),
    "import.what.rank": ("en rangordning", "a rank"),
    "import.first.step": ("det första steget i vägen", "the first step of the route"),
    "import.first.route": ("den första vägen", "the first route"),
    "import.first.holder": ("den innehavare som nämns först", "the holder named first"),
    "import.not_a_date": ("”{value}” är inte ett datum; skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2024-01-31",
                          "'{value}' is not a date; write dates as YYYY-MM-DD, e.g. 2024-01-31"),
    "import.flag_required": ("{column} saknas; skriv ja eller nej", "{column} is empty; write yes or no"),
    "import.not_yes_no": ("”{value}” är inte ja eller nej (yes/no och true/false går också bra)",
                          "'{value}' is not yes or no (ja/nej and true/false are accepted too)"),
    "import.not_a_step": ("”{value}” är inte {what}: skriv ett heltal från 1 ({first})",
                          "'{value}' is not {what}: write a whole number from 1 ({first})"),
    "import.end_before_start": ("slutdatumet {end} ligger före startdatumet {start}",
                                "end {end} is before start {start}"),
    # -- one row, its cells together ----------------------------------------------------------------
    "import.person_in_units": ("personer hör hemma i bladet people, inte i units",
                               "people go in the people sheet, not in units"),
    "import.kind_has_no": ("en nod av slaget {kind_name} ({kind}) har ingen {column}",
                           "a {kind_name} ({kind}) has no {column}"),
    "import.kind_cannot_have": ("en nod av slaget {kind_name} ({kind}) kan inte ha {column} ({rel_type} utgår bara "
                                "från organisationer)",
                                "a {kind_name} ({kind}) cannot have {column} ({rel_type} starts only at bodies)"),
    "import.decision_ref_alone": ("decision_ref kräver established_by: vems beslut gäller det?",
                                  "decision_ref needs established_by: the decision of whom?"),
    "import.only_matters": ("en nod av slaget {kind_name} ({kind}) har ingen {column}: bara en beslutsfråga anger "
                            "vilka åtgärder den omfattar",
                            "a {kind_name} ({kind}) has no {column}: only a decision matter says which measures it "
                            "covers"),
    "import.needs_scope": ("{column} kräver measure_scope: vems åtgärder (regionens, kommunernas eller bådas) omfattar "
                           "frågan?",
                           "{column} needs measure_scope: whose measures (region, municipal or both) does the matter "
                           "cover?"),
    "import.own_sheet_type": ("{rel_type} skrivs inte i relations: använd bladet {sheet}",
                              "{rel_type} is not written in relations: use the {sheet} sheet"),
    "import.decides_contradicts": ("decides ”{shown}” motsäger part ”{part}”: bara part {decides} beslutar",
                                   "decides '{shown}' contradicts part '{part}': only part {decides} decides"),
    "import.decides_value_contradicts": ("decides {shown} motsäger part ”{part}”: bara part {decides} beslutar",
                                         "decides {shown} contradicts part '{part}': only part {decides} decides"),
    "import.erased_person": ("personen har raderats på begäran och får inte importeras igen; ta bort raden och "
                             "personens medlemskap och relationer ur arbetsboken",
                             "this person was erased on request and may not be imported again; remove the row and "
                             "their memberships and relations from the workbook"),
    # -- the whole chart: ids, references, duplicates, dates --------------------------------------------
    "import.duplicate_id": ("id:t ”{uid}” finns två gånger: också i {sheet} rad {row}",
                            "duplicate id '{uid}': also in {sheet} row {row}"),
    "import.kind_changed": ("”{uid}” finns redan i grafen, av slaget {stored_name} ({stored}), inte {kind_name} "
                            "({kind}); en nods slag kan inte ändras",
                            "'{uid}' is already in the graph as {stored_name} ({stored}), not {kind_name} ({kind}); "
                            "a node's kind cannot change"),
    "import.dangling": ("”{uid}” finns varken i den här arbetsboken eller i grafen",
                        "'{uid}' is neither in this workbook nor in the graph"),
    "import.wrong_kind": ("”{uid}” är av slaget {kind_name} ({kind}), men {column} måste vara av slaget {allowed}",
                          "'{uid}' is {kind_name} ({kind}), but {column} must be {allowed}"),
    "import.duplicate_row": ("raden finns redan ({shown}): också rad {row}", "duplicate row ({shown}): also row {row}"),
    "import.duplicate_of_unit_cell": ("samma relation som units rad {row}, kolumn {column}",
                                      "duplicate of units row {row}, column {column}"),
    "import.membership_starts_before": ("medlemskapet börjar {start}, innan {unit} börjar ({unit_start})",
                                        "membership starts {start}, before {unit} starts ({unit_start})"),
    "import.membership_starts_after": ("medlemskapet börjar {start}, efter att {unit} har upphört ({unit_end})",
                                       "membership starts {start}, after {unit} ends ({unit_end})"),
    "import.membership_ends_after": ("medlemskapet slutar {end}, efter att {unit} har upphört ({unit_end})",
                                     "membership ends {end}, after {unit} ends ({unit_end})"),
    "import.membership_ends_before": ("medlemskapet slutar {end}, innan {unit} börjar ({unit_start})",
                                      "membership ends {end}, before {unit} starts ({unit_start})"),
    # -- names where ids are expected (importers/names.py) ---------------------------------------------
    "import.name_read_as": ("{column} ”{value}” lästes som {uid}", "{column} '{value}' read as {uid}"),
    "import.name_of_several": ("”{value}” är namnet på {count} noder: {shown}{more}; skriv id:t för den som avses",
                               "'{value}' names {count} nodes: {shown}{more}; write the id of the one meant"),
    "import.and_more": (" och {count} till", " and {count} more"),
    "import.name_of_other_kind": ("”{value}” är inte namnet på någon nod av slaget {wanted}; det är namnet på {shown}",
                                  "'{value}' names no {wanted}; it names {shown}"),
    "import.separator_and_no_name": ("”{value}” är inget id: ett id får inte innehålla ”{separator}”, och ingen nod "
                                     "har det här namnet",
                                     "'{value}' is not an id: ids cannot contain '{separator}', and no node has this "
                                     "name"),
    "import.dangling_close": ("”{value}” finns varken i den här arbetsboken eller i grafen (liknande namn: {close})",
                              "'{value}' is neither in this workbook nor in the graph (close names: {close})"),
    "import.a_node": ("en nod", "a node"),
    # -- conflicts with the graph (importers/load_plan.py, load.py) ------------------------------------
    "import.forceable": ("{conflict}; använd --force för att skriva över", "{conflict}; use --force to overwrite it"),
    "import.edited_in_graph": ("”{subject}” har ändrats i grafen sedan den senaste importen ({differences})",
                               "'{subject}' was edited in the graph since the last import ({differences})"),
    "import.exists_and_differs": ("”{subject}” finns redan, {owned_by}, och skiljer sig ({differences})",
                                  "'{subject}' already exists, {owned_by}, and differs ({differences})"),
    "import.owned_by": ("ägs av ”{owner}”", "owned by '{owner}'"),
    "import.made_by_hand": ("skapad för hand (ägs inte av någon arbetsbok)", "made by hand (owned by no workbook)"),
    "import.difference": ("{property}: i grafen {graph}, i arbetsboken {workbook}",
                          "{property}: graph {graph}, workbook {workbook}"),
    "import.more_differences": ("; och {count} till", "; and {count} more"),
    "import.empty_value": ("tomt", "empty"),
    "import.kind_in_graph": ("”{uid}” är av slaget {stored} i grafen, inte {kind}; en nods slag kan inte ändras",
                             "'{uid}' is a {stored} in the graph, not a {kind}; a node's kind cannot change"),
    "import.gone_but_referred": ("”{uid}” finns inte längre i arbetsboken, men den här raden hänvisar fortfarande till "
                                 "den; ta bort raden eller lägg tillbaka posten",
                                 "'{uid}' is no longer in the workbook but this row still refers to it; remove the row "
                                 "or add the record back"),
    "import.foreign_relations": ("kan inte ta bort ”{uid}”: {count} relationer som inte ägs av ”{owner}” berör den",
                                 "cannot remove '{uid}': {count} relation(s) not owned by '{owner}' touch it"),
    "import.gone_but_edited": ("”{subject}” finns inte längre i arbetsboken, men har ändrats i grafen sedan den "
                               "senaste importen",
                               "'{subject}' is no longer in the workbook, but was edited in the graph since the last "
                               "import"),
    "import.concurrent_writes": ("en annan import eller skrivning ändrade samma poster samtidigt, {attempts} gånger i "
                                 "rad (motorn svarade: {reason}); inget skrevs: skicka importen igen när den andra är "
                                 "klar",
                                 "another import or write changed the same records at the same time, {attempts} times "
                                 "in a row (the engine said: {reason}); nothing was written: send the import again "
                                 "when the other has finished"),
}
