// Checks a Grafana dashboard JSON file against Grafana's own dashboard schema: the JSON becomes
// a TypeScript object literal that must satisfy `Dashboard` from @grafana/schema (the types
// Grafana generates from its dashboard schema), compiled in strict mode. Literal values are
// checked against their unions and unknown properties are refused, as Grafana's schema does.
//
//   node check.mjs [DASHBOARD.json]      default: ../dashboard.json
//   node check.mjs --self-test           proves a broken dashboard is refused
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = path.dirname(fileURLToPath(import.meta.url));

// Returns the compiler's messages for `dashboard` (parsed JSON); empty when it conforms.
function check(dashboard) {
  const dir = fs.mkdtempSync(path.join(here, '.check-'));
  try {
    const file = path.join(dir, 'dashboard.ts');
    fs.writeFileSync(
      file,
      "import type { Dashboard } from '@grafana/schema';\n" +
        `export const dashboard = ${JSON.stringify(dashboard, null, 2)} satisfies Dashboard;\n`,
    );
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      typeRoots: [],
    });
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (!d.file || d.start === undefined) return text;
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      return `line ${line} of the generated check: ${text}`;
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function selfTest() {
  const good = JSON.parse(fs.readFileSync(path.join(here, '..', 'dashboard.json'), 'utf8'));
  const broken = [
    ['an unknown top-level property', { ...good, colour: 'blue' }],
    ['a wrong type', { ...good, refresh: 30 }],
    ['a value outside its union', { ...good, graphTooltip: 'sometimes' }],
  ];
  let failures = check(good).length === 0 ? 0 : 1;
  console.log(`${failures === 0 ? 'ok' : 'REFUSED'}: the committed dashboard`);
  for (const [what, dashboard] of broken) {
    const messages = check(dashboard);
    console.log(`${messages.length > 0 ? 'ok' : 'NOT REFUSED'}: ${what}`);
    if (messages.length === 0) failures++;
  }
  return failures === 0;
}

const arg = process.argv[2];
if (arg === '--self-test') {
  process.exit(selfTest() ? 0 : 1);
}
const file = arg ?? path.join(here, '..', 'dashboard.json');
const messages = check(JSON.parse(fs.readFileSync(file, 'utf8')));
for (const m of messages) console.error(m);
console.log(
  messages.length === 0
    ? `${path.relative(process.cwd(), file)} conforms to Grafana's dashboard schema`
    : `${messages.length} problem(s) in ${file}`,
);
process.exit(messages.length === 0 ? 0 : 1);
