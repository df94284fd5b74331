#!/usr/bin/env node
// heldout's command line. An installed package runs its compiled CLI (dist/); a clone of the
// repository runs its TypeScript source through tsx, so `npx heldout` never runs a stale build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/cli/main.ts', import.meta.url);
const built = new URL('../dist/cli/main.js', import.meta.url);

async function tsxRegister() {
  try {
    return (await import('tsx/esm/api')).register;
  } catch {
    return null;
  }
}

const register = existsSync(fileURLToPath(source)) ? await tsxRegister() : null;
if (register) {
  register();
  await import(source.href);
} else if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  process.stderr.write('error: heldout is not built\n  fix: run npm run build (or npm install, which links the source CLI)\n');
  process.exitCode = 2;
}
