/** action.yml read as GitHub reads it: a composite action whose steps, inputs and outputs fit the scripts. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { evaluateAction } from '../../src/action/evaluate.js';
import { planOutputs } from '../../src/action/outputs.js';
import { planAction } from '../../src/action/plan.js';
import { ROOT } from '../helpers/paths.js';

interface Step { id?: string; name?: string; uses?: string; run?: string; shell?: string; if?: string; env?: Record<string, string>; with?: Record<string, string> }
interface Action {
  name: string; description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const text = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
const action = parse(text) as Action;
const dir = mkdtempSync(path.join(tmpdir(), 'heldout-action-yml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every `${{ … }}` of a value, flattened. */
function expressions(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(/\$\{\{(.*?)\}\}/g)].map((m) => m[1]!.trim());
  if (value && typeof value === 'object') return Object.values(value).flatMap(expressions);
  return [];
}

/** The outputs the plan and evaluate scripts write, from running them on a small benchmark. */
async function scriptOutputs(): Promise<Record<string, string[]>> {
  const bench = path.join(dir, 'b.yaml');
  writeFileSync(bench, 'name: b\ntasks: ["t/*.yaml"]\nmodels:\n  m: { source: ./m }\n');
  const plan = await planAction({ HELDOUT_ACTION_BENCHMARK: bench, HELDOUT_ACTION_OUT: path.join(dir, 'out') });
  const evaluated = await evaluateAction({ ...plan, comment: false }, { heldout: async () => ({ code: 0, stderr: '' }), env: {} });
  return { plan: Object.keys(planOutputs(plan, null, '')), evaluate: Object.keys(evaluated.outputs), restore: ['cache-hit', 'cache-matched-key', 'cache-primary-key'] };
}

describe('action.yml', () => {
  it('is a composite action with the inputs the README documents', () => {
    expect(action.name).toBe('heldout');
    expect(action.description.length).toBeGreaterThan(20);
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(['benchmark', 'models', 'policy', 'shard', 'shards', 'cache', 'comment', 'token', 'out', 'args', 'node-version']);
    expect(action.inputs.benchmark!.required).toBe(true);
    expect(action.inputs.cache!.default).toBe('true');
    expect(action.inputs.comment!.default).toBe('true');
    expect(action.inputs.token!.default).toBe('${{ github.token }}');
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toMatch(/\w{3,}/);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('| input | default | meaning |'));
    const rows = table.slice(0, table.indexOf('\n\n')).split('\n').map((r) => r.split('|')[1] ?? '');
    for (const name of Object.keys(action.inputs)) expect(rows.some((r) => r.includes(`\`${name}\``)), name).toBe(true);
  });

  it('gives every run step a shell, installs onnxruntime without its download, and pins the actions it uses', () => {
    for (const step of action.runs.steps) {
      if (step.run !== undefined) expect(step.shell, step.name).toBe('bash');
      else expect(step.uses, step.name).toMatch(/^actions\/[a-z-]+(\/[a-z]+)?@v\d+$/);
    }
    const install = action.runs.steps.find((s) => s.id === 'install')!;
    expect(install.env?.ONNXRUNTIME_NODE_INSTALL).toBe('skip');
    expect(install.run).toContain('npm ci');
    const last = action.runs.steps.at(-1)!;
    expect(last.if).toBe('always()');
    expect(last.run).toBe('exit "${CODE:-2}"');
    expect(last.env?.CODE).toBe('${{ steps.evaluate.outputs.exit-code }}');
  });

  it('refers only to inputs that exist and to outputs the earlier steps write', async () => {
    const written = await scriptOutputs();
    const seen = new Set<string>();
    for (const step of action.runs.steps) {
      for (const expr of expressions(step)) {
        for (const [, name] of expr.matchAll(/\binputs\.([a-z-]+)/g)) expect(Object.keys(action.inputs), expr).toContain(name);
        for (const [, id, out] of expr.matchAll(/\bsteps\.([a-z-]+)\.outputs\.([a-z-]+)/g)) {
          expect(seen.has(id!), `${step.name}: ${expr} refers to a later or unknown step`).toBe(true);
          expect(written[id!], `${step.name}: ${expr}`).toContain(out);
        }
      }
      if (step.id) seen.add(step.id);
    }
    for (const [name, o] of Object.entries(action.outputs)) {
      const [, id, out] = o.value.match(/^\$\{\{ steps\.([a-z-]+)\.outputs\.([a-z-]+) \}\}$/) ?? [];
      expect(written[id!], name).toContain(out);
    }
  });

  it('hands the scripts every input they read, under the names they read', () => {
    const scripts = ['plan', 'evaluate'].map((id) => action.runs.steps.find((s) => s.id === id)!);
    const planSource = readFileSync(path.join(ROOT, 'src/action/plan.ts'), 'utf8');
    const read = [...planSource.matchAll(/input\(env, '([a-z-]+)'\)|flag\(env, '([a-z-]+)'/g)].map((m) => m[1] ?? m[2]);
    for (const step of scripts) {
      for (const name of read) expect(step.env?.[`HELDOUT_ACTION_${name!.toUpperCase().replace(/-/g, '_')}`], `${step.id} ${name}`).toBe(`\${{ inputs.${name} }}`);
      expect(step.run).toBe(`node "$HELDOUT_ACTION_PATH/dist/action/main.js" ${step.id}`);
    }
    expect(scripts[1]!.env?.HELDOUT_ACTION_TOKEN).toBe('${{ inputs.token }}');
    expect(scripts[0]!.env?.HELDOUT_ACTION_TOKEN).toBeUndefined(); // the plan step never sees the token
  });
});
