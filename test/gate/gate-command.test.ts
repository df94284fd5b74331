import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { reportError } from '../../src/cli/errors.js';
import { gateCommand, type GateArgs } from '../../src/cli/gate.js';
import { gateDir, plain, type GateDir } from './fixtures.js';

let fx: GateDir;

beforeAll(async () => {
  fx = await gateDir();
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** Runs the command as main.ts does (errors → reportError), capturing stdout and stderr. */
async function gate(args: Omit<GateArgs, 'comparison'> & { comparison?: string }): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { stdout += String(chunk); return true; });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => { stderr += String(chunk); return true; });
  let code: number;
  try {
    code = await gateCommand({ comparison: fx.comparisonFile, ...args });
  } catch (err) {
    code = reportError(err, false);
  } finally {
    vi.restoreAllMocks();
  }
  return { code, stdout: plain(stdout), stderr: plain(stderr) };
}

const junitOf = (dir = path.join(fx.dir, 'run')) => readFile(path.join(dir, 'junit.xml'), 'utf8');

describe('heldout gate', () => {
  it('exits 0 when the tuned model is significantly ahead on held-out tasks, and writes junit.xml next to the comparison', async () => {
    vi.stubEnv('GITHUB_ACTIONS', '');
    const policy = await fx.policy('rules:\n  - name: ahead on held-out\n    scope: held-out\n    min_gain: 0.0\n  - max_broken_share: 0.05\n');
    const { code, stdout, stderr } = await gate({ policy });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^rule +scope +metric +measured +threshold +result +detail$/m);
    expect(stdout).toMatch(/^ahead on held-out +held-out +primary +\+\d+\.\d pts +≥ 0\.0 pts +pass +gain \+/m);
    expect(stdout).toMatch(/gate passed: 2 of 2 rules held/);
    expect(stdout).not.toMatch(/::error/);
    expect(stderr).toMatch(/wrote .*junit\.xml/);
    expect(await junitOf()).toMatch(/<testsuites name="heldout gate: gate-test" tests="2" failures="0"/);
  });

  it('exits 0 when the candidate is behind the previous release by less than the interval can tell', async () => {
    const policy = await fx.policy('rules:\n  - scope: task:sentiment\n    no_regression: { against: releases/small/tuned.json }\n');
    const { code, stdout } = await gate({ policy });
    expect(code).toBe(0);
    expect(stdout).toMatch(/no_regression task:sentiment .* pass +vs tuned in .*releases\/small\/tuned\.json: -2\.0 pts .*drop not significant/);
  });

  it('exits 1 on a significant regression, with the failure in junit.xml', async () => {
    const out = path.join(fx.dir, 'gate-out');
    const policy = await fx.policy('rules:\n  - min_gain: 0\n  - name: no worse than 1.2\n    no_regression: { against: releases/large/tuned.json, tolerance: 0.01 }\n');
    const { code, stdout } = await gate({ policy, out });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^no worse than 1\.2 .* FAIL .*significant regression beyond the 1\.0-pt tolerance$/m);
    expect(stdout).toMatch(/gate FAILED: 1 of 2 rules failed/);
    const xml = await junitOf(out);
    expect(xml).toMatch(/<testcase classname="heldout\.gate\.overall" name="no worse than 1\.2" time="0">\n {6}<failure message="no worse than 1\.2 \(overall, primary\): measured -\d+\.\d pts, needs ≥ -1\.0 pts: vs tuned in /);
    expect(xml).toMatch(/tests="2" failures="1"/);
  });

  it('exits 2 when a rule names a task the comparison does not have, naming the rule\'s line and the tasks', async () => {
    const policy = await fx.policy('rules:\n  - min_gain: 0\n  - scope: task:summarize-news\n    min_gain: 0\n', 'missing.yaml');
    const { code, stdout, stderr } = await gate({ policy });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/error: .*missing\.yaml:3 rule "min_gain task:summarize-news": no task "summarize-news" in the comparison \(tuned vs base\) \(tasks: sentiment, topic, trivia\)/);
    expect(stderr).toMatch(/fix: fix the rule's scope or metric; scopes in this comparison: overall, held-out, seen, category:classification/);
  });

  it('exits 2 on a comparison that is not version 1, a policy with a schema error, and an unknown format', async () => {
    const bad = path.join(fx.dir, 'old-comparison.json');
    await writeFile(bad, JSON.stringify({ ...fx.comparison, version: 2 }));
    const policy = await fx.policy('rules:\n  - min_gain: 0\n');
    expect((await gate({ comparison: bad, policy })).stderr).toMatch(/old-comparison\.json is a comparison of version 2, written by a newer heldout; this heldout reads version 1/);
    const broken = await fx.policy('rules:\n  - min_gain: 0\n    scope: everything\n', 'broken.yaml');
    const schema = await gate({ policy: broken });
    expect(schema.code).toBe(2);
    expect(schema.stderr).toMatch(/broken\.yaml:3 rules\.0\.scope: expected overall, held-out/);
    expect((await gate({ policy, format: ['html'] })).code).toBe(2);
    expect((await gate({ comparison: path.join(fx.dir, 'nope.json'), policy })).code).toBe(2);
  });

  it('under GitHub Actions appends the verdict to the step summary and prints ::error for each failed rule', async () => {
    const summary = path.join(fx.dir, 'step-summary.md');
    await writeFile(summary, '# earlier step\n\n');
    vi.stubEnv('GITHUB_ACTIONS', 'true');
    vi.stubEnv('GITHUB_STEP_SUMMARY', summary);
    const policy = await fx.policy('rules:\n  - scope: held-out\n    min_gain: 0\n  - name: "50% better, really"\n    scope: held-out\n    min_gain: 0.5\n');
    const { code, stdout } = await gate({ policy });
    expect(code).toBe(1);
    const errors = stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^::error title=heldout gate::50%25 better, really \(held-out, primary\): measured \+\d+\.\d pts, needs ≥ \+50\.0 pts: gain/);
    const text = await readFile(summary, 'utf8');
    expect(text.startsWith('# earlier step\n\n## heldout gate: FAILED ❌\n\n**tuned vs base on held-out tasks: +')).toBe(true);
    expect(text).toMatch(/\| \*\*FAIL\*\* \| 50% better, really \| `held-out` \| primary \|/);
    expect(text).toMatch(/\| pass \| min_gain held-out \|/);
  });
});
