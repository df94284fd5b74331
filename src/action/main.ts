#!/usr/bin/env node
/**
 * The GitHub action's script steps (action.yml): `plan` checks the inputs and names the cache key,
 * artifacts and folders; `evaluate` runs heldout, writes the summary and comments. This file is the
 * only part of src/action that prints or exits.
 */
import { spawn } from 'node:child_process';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HeldoutError } from '../errors.js';
import { cacheKey } from './cache-key.js';
import { evaluateAction } from './evaluate.js';
import { outputLines, planOutputs } from './outputs.js';
import { planAction } from './plan.js';
import type { HeldoutResult } from './sequence.js';

type Env = Record<string, string | undefined>;

async function setOutputs(env: Env, outputs: Record<string, string>): Promise<void> {
  if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, outputLines(outputs));
  else for (const [k, v] of Object.entries(outputs)) process.stdout.write(`${k}: ${v}\n`);
}

/** The heldout CLI next to this file (dist/cli/main.js, or src/cli/main.ts under tsx), run as a child. */
function installedHeldout(): (args: string[]) => Promise<HeldoutResult> {
  const here = fileURLToPath(import.meta.url);
  const cli = path.join(path.dirname(here), '..', 'cli', `main${path.extname(here)}`);
  // The action writes the summary and annotations itself, once, from the files the commands leave.
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
  delete env.GITHUB_ACTIONS;
  return (args) => new Promise((resolve) => {
    process.stdout.write(`\n$ heldout ${args.join(' ')}\n`);
    const child = spawn(process.execPath, [...process.execArgv, cli, ...args], { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); process.stderr.write(chunk); });
    child.on('error', (err) => resolve({ code: null, stderr: `${stderr}${err.message}\n` }));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

async function plan(env: Env): Promise<number> {
  const p = await planAction(env);
  const key = p.cache ? await cacheKey(p.benchmarkFile, p.models, { os: env.RUNNER_OS ?? process.platform, ...(p.shard ? { shard: p.shard.index } : {}) }) : null;
  await setOutputs(env, planOutputs(p, key, env.HELDOUT_CACHE_DIR ?? ''));
  process.stdout.write(`heldout: ${p.mode === 'whole' ? 'evaluate' : p.mode === 'shard' ? `evaluate shard ${p.shard!.index}/${p.shard!.count} of` : `merge ${p.shards} shards of`} ${p.benchmarkName} into ${p.outDir}\n`);
  if (key) process.stdout.write(`cache key ${key.key} (${Object.entries(key.fingerprints).map(([n, f]) => `${n} ${f}`).join(', ')})\n`);
  return 0;
}

async function evaluate(env: Env): Promise<number> {
  const p = await planAction(env);
  const result = await evaluateAction(p, { heldout: installedHeldout(), env });
  for (const line of result.lines) process.stdout.write(`${line}\n`);
  await setOutputs(env, result.outputs);
  process.stdout.write(`heldout: exit code ${result.exitCode} (${['gate passed', 'gate failed', 'bad input or a failed command'][result.exitCode]})\n`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const step = argv[0];
  try {
    if (step === 'plan') return await plan(process.env);
    if (step === 'evaluate') return await evaluate(process.env);
    process.stderr.write('usage: main.js plan | evaluate (the steps of action.yml)\n');
    return 2;
  } catch (err) {
    const e = err as Error;
    const fix = err instanceof HeldoutError && err.hint ? ` (fix: ${err.hint})` : '';
    process.stdout.write(`::error title=heldout::${`${e.message}${fix}`.replace(/%/g, '%25').replace(/\r?\n/g, '%0A')}\n`);
    await setOutputs(process.env, { 'exit-code': '2' }).catch(() => undefined);
    return 2;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
