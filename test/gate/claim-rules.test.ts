/** `claim: <id>` gate rules: judged on the comparison's claims scorecard, never a silent pass. */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { reportError } from '../../src/cli/errors.js';
import { gateCommand } from '../../src/cli/gate.js';
import { gateDir, plain, type GateDir } from './fixtures.js';

let fx: GateDir;
beforeAll(async () => { fx = await gateDir(); });
afterEach(() => { vi.restoreAllMocks(); });

async function gate(yaml: string): Promise<{ code: number; out: string }> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { out += String(chunk); return true; });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => { out += String(chunk); return true; });
  let code: number;
  try {
    code = await gateCommand({ comparison: fx.comparisonFile, policy: await fx.policy(yaml), format: ['junit'] });
  } catch (err) {
    code = reportError(err, false);
  } finally {
    vi.restoreAllMocks();
  }
  return { code, out: plain(out) };
}

// The fixture: tuned is significantly ahead on held-out tasks and every category, keeps its acc,
// and its third template is worse than the others (so it is MORE sensitive to wording than base).
describe('claim rules', () => {
  it('passes when the claim is delivered', async () => {
    const r = await gate('rules:\n  - claim: generalization\n  - claim: breadth\n  - claim: knowledge_retained\n');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/^claim generalization +overall +generalization +\+\d+\.\d pts +≥ 0\.0 pts +pass +better zero-shot on unseen tasks: effect \+/m);
    expect(r.out).toMatch(/^claim breadth .* 100\.0% +≥ 100\.0% +pass/m);
    expect(r.out).toMatch(/claim knowledge_retained .*≥ -1\.0 pts +pass .*delivered \(margin \+1\.0 pts\)/);
  });

  it('fails (exit 1) when it is not delivered, whatever else is accepted', async () => {
    const r = await gate('rules:\n  - claim: prompt_sensitivity\n  - claim: prompt_sensitivity\n    accept: [delivered, "can\'t tell"]\n');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/claim prompt_sensitivity .*FAIL .*not delivered; needs delivered/);
    expect(r.out).toMatch(/claim prompt_sensitivity \(2\) .*FAIL .*needs one of delivered, can't tell/);
  });

  it('a rule margin re-judges knowledge retained', async () => {
    const r = await gate('rules:\n  - claim: knowledge_retained\n    margin: 0.3\n');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/margin \+30\.0 pts/);
  });

  it('a claim the comparison did not measure is bad input (exit 2) naming what to add', async () => {
    const r = await gate('rules:\n  - claim: stability\n');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/gate\.yaml:2 rule "claim stability": claim stability was not measured in the comparison/);
    expect(r.out).toMatch(/stability: \{samples: 5, temperature: 0\.7\}/);
  });

  it('rejects misspelt claims and options that do not apply, at their line', async () => {
    const typo = await gate('rules:\n  - claim: prompt_sensitivty\n');
    expect(typo.code).toBe(2);
    expect(typo.out).toMatch(/gate\.yaml:2 rules\.0\.claim: expected "generalization" or "prompt_sensitivity"/);
    expect((await gate('rules:\n  - claim: breadth\n    scope: held-out\n')).out).toMatch(/gate\.yaml:3 rules\.0\.scope: a claim is judged over the whole comparison/);
    expect((await gate('rules:\n  - claim: breadth\n    margin: 0.02\n')).out).toMatch(/rules\.0\.margin: margin applies to claim: knowledge_retained only/);
    expect((await gate('rules:\n  - min_gain: 0\n    accept: [delivered]\n')).out).toMatch(/rules\.0\.accept: accept applies to claim rules only/);
    expect((await gate('rules:\n  - claim: breadth\n')).code).toBe(0);
  });
});
