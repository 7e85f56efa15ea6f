// Lints .cypher files with Neo4j's own Cypher front end (@neo4j-cypher/language-support),
// as Cypher 5, the language of Neo4j 5.
//
//   node lint.mjs [--schema SCHEMA.json] FILE.cypher ...
//
// Prints {"files": [{"path", "diagnostics": [{"severity", "message", "line", "column"}]}]}
// with 1-based line and column. Exits 0 whatever the diagnostics say (the caller decides what
// fails) and 2 on a usage problem: no files, an unreadable file or schema.
//
// Besides syntax and semantic errors (undefined variables, wrong types), the linter is told:
// - the parameters each file declares in its `// param: NAME (...)` header lines, so a `$name`
//   the header does not declare is an error;
// - Neo4j 5's built-in functions and no procedures, so APOC, GDS or any other plug-in call
//   is an error (the queries must also run on ArcadeDB);
// - with --schema (from model_schema.py): the model's labels, relationship types, property keys
//   and which labels each relationship type joins, so a name the model lacks is a warning.

import { readFileSync } from 'node:fs';
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const CYPHER_VERSION = 'CYPHER 5';
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const USAGE = 'usage: node lint.mjs [--schema SCHEMA.json] FILE.cypher ...';

function usageError(message) {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArguments(argv) {
  const files = [];
  let schemaPath = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--schema') {
      schemaPath = argv[++i];
      if (!schemaPath) usageError('--schema needs a file');
    } else if (argv[i].startsWith('-')) {
      usageError(`unknown option ${argv[i]}`);
    } else {
      files.push(argv[i]);
    }
  }
  if (files.length === 0) usageError('no .cypher files given');
  return { files, schemaPath };
}

function readText(path, what) {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    usageError(`cannot read ${what} ${path}: ${error.message}`);
  }
}

// The neo4j 5 function catalogue the package ships (dumped from a server), built-ins only:
// its plug-in entries are exactly what the library must not use.
function builtInFunctions() {
  const catalogue = testData.mockSchema.functions[CYPHER_VERSION];
  return Object.fromEntries(Object.entries(catalogue).filter(([, fn]) => fn.isBuiltIn));
}

function declaredParameters(text) {
  const parameters = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith('//')) break;
    const declaration = line.slice(2).trim().match(/^param:\s*(\w+)/);
    if (declaration) parameters[declaration[1]] = null;
  }
  return parameters;
}

function lintText(text, modelSchema) {
  const schema = {
    ...modelSchema,
    defaultLanguage: CYPHER_VERSION,
    functions: { [CYPHER_VERSION]: builtInFunctions() },
    procedures: { [CYPHER_VERSION]: {} },
    parameters: declaredParameters(text),
  };
  const { diagnostics } = lintCypherQuery(text, schema, { consoleCommandsEnabled: false });
  return diagnostics.map((diagnostic) => ({
    severity: SEVERITY[diagnostic.severity] ?? String(diagnostic.severity),
    message: diagnostic.message,
    line: diagnostic.range.start.line + 1,
    column: diagnostic.range.start.character + 1,
  }));
}

const { files, schemaPath } = parseArguments(process.argv.slice(2));
let modelSchema = {};
if (schemaPath) {
  try {
    modelSchema = JSON.parse(readText(schemaPath, 'schema'));
  } catch (error) {
    usageError(`schema ${schemaPath} is not JSON: ${error.message}`);
  }
}
const texts = files.map((path) => [path, readText(path, 'query')]);
const report = texts.map(([path, text]) => ({ path, diagnostics: lintText(text, modelSchema) }));
process.stdout.write(`${JSON.stringify({ files: report }, null, 1)}\n`);
