// Drift check for the committed GraphQL types: regenerates src/gql/ into a
// temporary directory from ../graph/schema/*.graphqls and the documents in src/,
// and fails when anything differs from what is committed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const committed = join(root, 'src', 'gql');
const tmp = mkdtempSync(join(tmpdir(), 'switchboard-codegen-'));

function files(dir) {
  let out = [];
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(files(p).map((f) => join(name, f)));
    else out.push(name);
  }
  return out.sort();
}

try {
  const bin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'graphql-codegen.cmd' : 'graphql-codegen');
  const run = spawnSync(bin, ['--config', 'codegen.ts', '--silent'], {
    cwd: root,
    env: { ...process.env, CODEGEN_OUT: tmp + '/' },
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr);
    console.error('check-codegen: GraphQL Code Generator failed (see above): the schema or a document in src/ is invalid.');
    process.exit(1);
  }

  const want = files(tmp);
  const have = files(committed);
  const problems = [];
  for (const f of want) {
    if (!have.includes(f)) problems.push(`missing: src/gql/${f}`);
    else if (readFileSync(join(tmp, f), 'utf8') !== readFileSync(join(committed, f), 'utf8')) problems.push(`out of date: src/gql/${f}`);
  }
  for (const f of have) if (!want.includes(f)) problems.push(`not generated any more: src/gql/${f}`);

  if (problems.length) {
    console.error('check-codegen: the committed GraphQL types in frontend/src/gql/ do not match the schema and documents:');
    for (const p of problems) console.error(`  ${p}`);
    console.error('Run `npm run codegen` in frontend/ and commit src/gql/.');
    process.exit(1);
  }
  console.log(`check-codegen: src/gql/ is up to date (${want.length} files, from ${relative(root, join(root, '..', 'graph', 'schema'))}/*.graphqls).`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
