/** #19 items 1–5: wrong numbers with exit 0 (mixed models, labels, score, pairing, flags and typos). */
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchFile, copyOf, copyShards, finished } from './fixtures.js';
import {
  BASE, bench, changed, check, cli, copyTasks, fingerprints, interrupted, keysOf, readJson, recordCounts, refused, runArgs,
  snapshot, TOY, totalRecords, TUNED, write, type HostileCase,
} from './lib.js';

/** Files that differ, run.json compared with its planned-key lists as sets (a merge may list them in another order). */
export function sameRunChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const norm = (name: string, text?: string) => {
    if (name !== 'run.json' || !text) return text;
    return JSON.stringify(JSON.parse(text), (_k, v) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...v].sort() : v));
  };
  return changed(before, after).filter((n) => norm(n, before.get(n)) !== norm(n, after.get(n)));
}

const stripTiming = (text: string) => JSON.stringify(JSON.parse(text), (k, v) => (/^(time|timing|duration|elapsed|started|finished|seconds|ms|wall.*)$/i.test(k) ? undefined : v));

/** A copy of toy-sentiment whose task.yaml / data are rewritten by `edit`. */
function sentimentCopy(dir: string, edit: { yaml?: (y: string) => string; data?: string }): string {
  copyTasks(dir, ['sentiment']);
  const t = path.join(dir, 'tasks/sentiment');
  if (edit.yaml) writeFileSync(path.join(t, 'task.yaml'), edit.yaml(readFileSync(path.join(t, 'task.yaml'), 'utf8')));
  if (edit.data !== undefined) writeFileSync(path.join(t, 'data.jsonl'), edit.data);
  return t;
}

const numericLabels = (y: string, statement = '') =>
  y.replace('choices: [positive, negative]', `choices: ["1", "2"]${statement ? `\n  ${statement}` : ''}`)
    .replace(/\ntemplates:[\s\S]*?\nanswer:/, '\ntemplates:\n  - { id: a, prompt: "Rate {{text}}:" }\n  - { id: b, prompt: "{{text}} Rating:" }\n  - { id: c, prompt: "{{text}}\\nScore:" }\nanswer:')
    .replace(/\nexemplars:.*\n/, '\n');
const numericData = '{"id": "n1", "text": "good", "label": 1}\n{"id": "n2", "text": "bad", "label": 2}\n';

export const numberCases: HostileCase[] = [
  {
    item: '1', name: 'merge sh1 sh2 --out T, then shards of another base model into T, then sh1 sh2 again', expected: 'exit 0; 2 naming T; 0 or 2 (same run); T keeps one fingerprint, nothing changed', fast: true,
    async run(ctx) {
      const [sh1, sh2] = copyShards(false, 'm1');
      const [y1, y2] = copyShards(true, 'm1y');
      const T = path.join(ctx.tmp('m1t'), 'T');
      const a = cli(['merge', sh1, sh2, '--out', T]);
      const fp = fingerprints(T, 'base');
      const counts = JSON.stringify(recordCounts(T));
      const before = snapshot(T);
      const b = cli(['merge', y1, y2, '--out', T]);
      const c = cli(['merge', sh1, sh2, '--out', T]);
      const after = fingerprints(T, 'base');
      const shardFp = fingerprints(sh1, 'base').manifest;
      return check(a).exit(0)
        .that(b.code === 2 && (c.code === 2 || c.code === 0), `second/third merge exit ${b.code}/${c.code}, expected 2 / 2 or 0 (the same run again)`)
        .that(b.all.includes('T') && /another run|holds|already/i.test(b.all), 'refusal does not name T and why')
        .that(!!fp.results && fp.results === fp.manifest && fp.results === shardFp, 'T mixes fingerprints after the first merge')
        .that(after.results === fp.results && after.manifest === fp.manifest, 'fingerprint of T changed')
        .that(JSON.stringify(recordCounts(T)) === counts && sameRunChanges(before, snapshot(T)).length === 0, `T changed: ${sameRunChanges(before, snapshot(T)).join(', ')}`)
        .done(`exits ${a.code}, ${b.code}, ${c.code}`);
    },
  },
  {
    item: '1', name: 'run interrupted (kill -9), same --out with --model base=tiny-tuned, then resume the first', expected: 'exit 2 naming the dir, nothing asked; resume exit 0, one fingerprint', fast: true,
    async run(ctx) {
      const out = path.join(ctx.tmp('r1'), 'run');
      const args = runArgs(benchFile(), out, 'toy-sentiment', 40);
      const cache = ctx.tmp('r1c');
      const k = await interrupted(args, cache, () => (recordCounts(out)['base/toy-sentiment.jsonl'] ?? 0) >= 3);
      const n = totalRecords(out);
      const other = cli([...args, '--model', `base=${TUNED}`], { cache: ctx.tmp('r1c2') });
      const n2 = totalRecords(out);
      const resume = cli(args, { cache });
      const fp = fingerprints(out, 'base');
      const manifest = readJson(path.join(out, 'run.json'));
      const planned = 40 * 3;
      return refused(other, out).that(k.landed, 'the kill did not land mid-run')
        .that(n2 === n, `the refused run wrote records (${n} → ${n2})`)
        .that(resume.code === 0, `resume exit ${resume.code}`)
        .that(!!fp.results && fp.results === fp.manifest && manifest.models[0].source === BASE, 'results/base.json fingerprint ≠ run.json / source changed')
        .that(keysOf(out, 'base').size === planned, `base holds ${keysOf(out, 'base').size} keys, planned ${planned}`)
        .done(`kill left ${n} records; other model exit ${other.code}; resume exit ${resume.code}`);
    },
  },
  {
    item: '1', name: 'finished run, rerun into it with --model base=tiny-tuned', expected: 'exit 2 naming the dir, run unchanged',
    async run(ctx) {
      const out = copyOf(finished(), 'r1b');
      const before = snapshot(out);
      const r = cli([...runArgs(benchFile(), out, 'toy-sentiment', 4), '--model', `base=${TUNED}`], { cache: ctx.cache });
      return refused(r, out).that(changed(before, snapshot(out)).length === 0, `changed: ${changed(before, snapshot(out)).join(', ')}`).done();
    },
  },
  {
    item: '1', name: "records of another model's run pasted into a log, then rerun", expected: 'exit 0; results built only from planned keys (same as before)',
    async run(ctx) {
      const out = copyOf(finished(), 'r1c');
      const other = path.join(ctx.tmp('r1o'), 'run');
      const o = cli([...runArgs(benchFile(), other, 'toy-sentiment', 4), '--model', `base=${TUNED}`], { cache: ctx.cache });
      const before = stripTiming(readFileSync(path.join(out, 'results/base.json'), 'utf8'));
      appendFileSync(path.join(out, 'samples/base/toy-sentiment.jsonl'), readFileSync(path.join(other, 'samples/base/toy-sentiment.jsonl')));
      const r = cli(runArgs(benchFile(), out, 'toy-sentiment', 4), { cache: ctx.cache });
      const after = stripTiming(readFileSync(path.join(out, 'results/base.json'), 'utf8'));
      return check(r).exit(0).noInternal().that(o.code === 0, `other run exit ${o.code}`)
        .that(before === after, 'results/base.json changed: foreign records were scored').done();
    },
  },
  {
    item: '2', name: 'choices ["1","2"], numeric label 1, nothing stated: tasks validate', expected: 'exit 2, ambiguous, names data.jsonl:1 and label_is_index', fast: true,
    async run(ctx) {
      const t = sentimentCopy(ctx.tmp('l1'), { yaml: (y) => numericLabels(y), data: numericData });
      const r = cli(['tasks', 'validate', path.join(t, 'task.yaml')]);
      return refused(r, path.join(t, 'data.jsonl'), /ambiguous/).says(/label_is_index/).says(/data\.jsonl:1/).done();
    },
  },
  {
    item: '2', name: 'choices ["1","2"], label 1, label_is_index: false: run', expected: 'exit 0; gold of label 1 is "1" (index 0)',
    async run(ctx) {
      const d = ctx.tmp('l2');
      sentimentCopy(d, { yaml: (y) => numericLabels(y, 'label_is_index: false'), data: numericData });
      const out = path.join(d, 'run');
      const r = cli(runArgs(bench(d, { tasks: `${d}/tasks/*/task.yaml` }), out, 'toy-sentiment', 2), { cache: ctx.cache });
      const recs = readFileSync(path.join(out, 'samples/base/toy-sentiment.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      const gold = Object.fromEntries(recs.map((x) => [x.item, x.gold]));
      return check(r).exit(0).that(gold.n1 === 0 && gold.n2 === 1, `golds ${JSON.stringify(gold)}`).done();
    },
  },
  {
    item: '2', name: 'label_is_index: true with label 2 of 2 choices', expected: 'exit 2, names data.jsonl:2, out of range',
    async run(ctx) {
      const t = sentimentCopy(ctx.tmp('l3'), { yaml: (y) => numericLabels(y, 'label_is_index: true'), data: numericData });
      const r = cli(['tasks', 'validate', path.join(t, 'task.yaml')]);
      return refused(r, path.join(t, 'data.jsonl')).says(/data\.jsonl:2/).done();
    },
  },
  ...scoreCases(),
  ...pairingCases(),
  ...flagCases(),
];

function qaPredictions(dir: string, ids: string[], extra: (id: string) => object = () => ({})): string {
  return write(path.join(dir, 'pred.jsonl'), ids.map((id) => JSON.stringify({ id, prediction: 'noodles', ...extra(id) })).join('\n') + '\n');
}
const qaIds = () => readFileSync(path.join(TOY, 'passage-qa/data.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).id as string);

function scoreCases(): HostileCase[] {
  const task = path.join(TOY, 'passage-qa/task.yaml');
  return [
    {
      item: '3', name: 'score with half the ids missing', expected: 'exit 2, says 40 missing, --allow-missing', fast: true,
      async run(ctx) {
        const p = qaPredictions(ctx.tmp('s1'), qaIds().slice(0, 40));
        const r = cli(['score', task, '--predictions', p, '--out', path.join(ctx.tmp('s1o'), 'o')]);
        return refused(r, p, /40/).says(/missing/).says(/--allow-missing/).done();
      },
    },
    {
      item: '3', name: 'score --allow-missing with half the ids missing', expected: 'exit 0, the result counts 40 missing',
      async run(ctx) {
        const p = qaPredictions(ctx.tmp('s2'), qaIds().slice(0, 40));
        const out = path.join(ctx.tmp('s2o'), 'o');
        const r = cli(['score', task, '--predictions', p, '--allow-missing', '--out', out]);
        const res = existsSync(path.join(out, 'results/predictions.json')) ? readFileSync(path.join(out, 'results/predictions.json'), 'utf8') : '';
        return check(r).exit(0).says(/40/).that(/"missing":\s*40/.test(res), 'results/predictions.json does not count 40 missing').done();
      },
    },
    {
      item: '3', name: "score with the ids of another task (toy-sentiment's)", expected: 'exit 2, none of the ids match',
      async run(ctx) {
        const ids = readFileSync(path.join(TOY, 'sentiment/data.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).id as string);
        const p = qaPredictions(ctx.tmp('s3'), ids);
        const r = cli(['score', task, '--predictions', p, '--out', path.join(ctx.tmp('s3o'), 'o')]);
        return refused(r, p).says(/unknown|not in|no id|missing|match/i).done();
      },
    },
    {
      item: '3', name: 'score with a task field naming another task', expected: 'exit 2, names the other task',
      async run(ctx) {
        const p = qaPredictions(ctx.tmp('s4'), qaIds(), () => ({ task: 'toy-sentiment' }));
        const r = cli(['score', task, '--predictions', p, '--out', path.join(ctx.tmp('s4o'), 'o')]);
        return refused(r, p).says(/toy-sentiment/).done();
      },
    },
    {
      item: '3', name: 'score with duplicate ids', expected: 'duplicates said on stderr (not kept silently)',
      async run(ctx) {
        const ids = qaIds();
        const p = qaPredictions(ctx.tmp('s5'), [...ids, ids[0]!, ids[1]!]);
        const r = cli(['score', task, '--predictions', p, '--out', path.join(ctx.tmp('s5o'), 'o')]);
        return check(r).noInternal().says(/duplicate/i).says(/2/).that(r.code === 0 || r.code === 2, `exit ${r.code}`).done();
      },
    },
    {
      item: '3', name: 'score a one-line JSONL file (one item task)', expected: 'exit 0, read as a record, not a SQuAD dict',
      async run(ctx) {
        const d = ctx.tmp('s6');
        copyTasks(d, ['passage-qa']);
        const t = path.join(d, 'tasks/passage-qa');
        writeFileSync(path.join(t, 'data.jsonl'), readFileSync(path.join(t, 'data.jsonl'), 'utf8').split('\n')[0] + '\n');
        const p = qaPredictions(d, [qaIds()[0]!]);
        const out = path.join(d, 'o');
        const r = cli(['score', path.join(t, 'task.yaml'), '--predictions', p, '--out', out]);
        const res = existsSync(path.join(out, 'results/predictions.json')) ? readJson(path.join(out, 'results/predictions.json')) : null;
        return check(r).exit(0).noInternal().that(!!res && !/squad/i.test(r.stderr), 'no result or read as SQuAD').done();
      },
    },
  ];
}

function pairingCases(): HostileCase[] {
  return [
    {
      item: '4', name: 'compare a --limit 2 run with a --limit 4 run', expected: 'exit 0, says partial; comparison.json partial with items paired',
      async run(ctx) {
        const small = path.join(ctx.tmp('p1'), 'run');
        cli(runArgs(benchFile(), small, 'toy-sentiment', 2), { cache: ctx.cache });
        const out = path.join(ctx.tmp('p1o'), 'cmp');
        const r = cli(['compare', path.join(small, 'results/base.json'), path.join(finished(), 'results/tuned.json'), '--out', out]);
        const cmp = existsSync(path.join(out, 'comparison.json')) ? readFileSync(path.join(out, 'comparison.json'), 'utf8') : '';
        return check(r).exit(0).noInternal().says(/partial/i).that(/"partial":\s*true/.test(cmp), 'comparison.json not marked partial').done();
      },
    },
    {
      item: '4', name: 'gate a partial comparison (limit 2 vs 4), then with --allow-partial', expected: 'exit 2 naming --allow-partial; then 0 or 1',
      async run(ctx) {
        const small = path.join(ctx.tmp('p2'), 'run');
        cli(runArgs(benchFile(), small, 'toy-sentiment', 2), { cache: ctx.cache });
        const out = path.join(ctx.tmp('p2o'), 'cmp');
        cli(['compare', path.join(small, 'results/base.json'), path.join(finished(), 'results/tuned.json'), '--out', out]);
        const pol = write(path.join(out, '..', 'gate.yaml'), 'rules:\n  - { name: ahead, scope: overall, min_gain: -1 }\n');
        const g = cli(['gate', path.join(out, 'comparison.json'), '--policy', pol]);
        const g2 = cli(['gate', path.join(out, 'comparison.json'), '--policy', pol, '--allow-partial']);
        return refused(g, undefined, /partial/i).says(/--allow-partial/).that(g2.code === 0 || g2.code === 1, `--allow-partial exit ${g2.code}`).done(`exit ${g.code}, then ${g2.code}`);
      },
    },
    {
      item: '4', name: "merge where one shard lost tuned's sample log", expected: 'exit 2 (or marked partial), never a silent half pairing',
      async run(ctx) {
        const [sh1, sh2] = copyShards(false, 'p3');
        rmSync(path.join(sh2, 'samples/tuned/toy-sentiment.jsonl'));
        const T = path.join(ctx.tmp('p3t'), 'T');
        const r = cli(['merge', sh1, sh2, '--out', T]);
        const cmp = existsSync(path.join(T, 'comparison.json')) ? readFileSync(path.join(T, 'comparison.json'), 'utf8') : '';
        const ok = (r.code === 2 && /sh2|tuned|missing|lost|log/i.test(r.all)) || (r.code === 0 && /partial/i.test(r.all) && /"partial":\s*true/.test(cmp));
        return check(r).noInternal().that(ok, 'neither refused nor marked partial').done();
      },
    },
    {
      item: '4', name: "gate a shard's comparison.json", expected: 'exit 2: a shard is partial, merge first',
      async run(ctx) {
        const [sh1] = copyShards(false, 'p4');
        const pol = write(path.join(ctx.tmp('p4p'), 'gate.yaml'), 'rules:\n  - { name: ahead, scope: overall, min_gain: -1 }\n');
        const cmp = path.join(sh1, 'comparison.json');
        if (!existsSync(cmp)) return check({ code: 2, all: '' }).done('a shard writes no comparison.json: nothing to gate');
        const g = cli(['gate', cmp, '--policy', pol]);
        return refused(g, undefined, /shard|partial/i).done();
      },
    },
    {
      item: '4', name: 'no_regression against a 2-item results file of another benchmark', expected: 'exit 2, another benchmark / does not pair',
      async run(ctx) {
        const d = ctx.tmp('p5');
        const other = path.join(d, 'other');
        const r0 = cli(runArgs(bench(d, { name: 'elsewhere' }), other, 'toy-sentiment', 2), { cache: ctx.cache });
        const pol = write(path.join(d, 'gate.yaml'), `rules:\n  - name: no worse\n    scope: overall\n    no_regression: { against: ${path.join(other, 'results/tuned.json')}, tolerance: 0.01 }\n`);
        const g = cli(['gate', path.join(finished(), 'comparison.json'), '--policy', pol, '--out', path.join(d, 'junit')]);
        return refused(g, undefined, /benchmark|pair|partial/i).that(r0.code === 0, `setup run exit ${r0.code}`).done();
      },
    },
  ];
}

function flagCases(): HostileCase[] {
  const limit = (v: string, fast = false): HostileCase => ({
    item: '5', name: `run --limit ${v}`, expected: 'exit 2 before anything runs, says whole number ≥ 1', fast,
    async run(ctx) {
      const out = path.join(ctx.tmp('f'), 'run');
      const r = cli(['run', benchFile(), '--tasks', 'toy-sentiment', `--limit=${v}`, '--out', out, '--no-gate']);
      return refused(r, undefined, /--limit/).says(/whole number|≥ 1|>= 1|at least 1/).that(!existsSync(path.join(out, 'samples')), 'samples were written').done();
    },
  });
  return [
    {
      item: '5', name: 'template {{text} (unbalanced): tasks validate', expected: 'exit 2 naming task.yaml line and the placeholder', fast: true,
      async run(ctx) {
        const t = sentimentCopy(ctx.tmp('f1'), { yaml: (y) => y.replace('"Review: {{text}}\\n', '"Review: {{text}\\n') });
        const r = cli(['tasks', 'validate', path.join(t, 'task.yaml')]);
        return refused(r, path.join(t, 'task.yaml'), /\{\{text\}/).says(/task\.yaml:\d+/).done();
      },
    },
    limit('-1', true), limit('0'), limit('abc'), limit('1.5'),
    {
      item: '5', name: 'benchmark templates: [instrcut] typo', expected: 'exit 2 naming the benchmark line, nothing evaluated',
      async run(ctx) {
        const d = ctx.tmp('f2');
        const b = bench(d, { extra: 'templates: [instrcut]' });
        const out = path.join(d, 'run');
        const r = cli(runArgs(b, out), { cache: ctx.cache });
        return refused(r, b, /instrcut/).that(!existsSync(path.join(out, 'samples')), 'samples were written').done();
      },
    },
    {
      item: '5', name: '--model bse=models/tiny-tuned (typo of base)', expected: 'exit 2, did you mean base', fast: true,
      async run(ctx) {
        const out = path.join(ctx.tmp('f3'), 'run');
        const r = cli([...runArgs(benchFile(), out), '--model', `bse=${TUNED}`]);
        return refused(r, undefined, /bse/).says(/base/).that(!existsSync(path.join(out, 'samples')), 'samples were written').done();
      },
    },
    {
      item: '5', name: 'hand-edited value 1.7 in results/tuned.json, then compare', expected: 'exit 2 naming the file and line, not "170.0"',
      async run(ctx) {
        const out = copyOf(finished(), 'f4');
        const f = path.join(out, 'results/tuned.json');
        const text = readFileSync(f, 'utf8');
        const edited = text.replace(/("acc": \{\s*"value": )[0-9.e-]+/, '$11.7');
        writeFileSync(f, edited);
        const r = cli(['compare', path.join(out, 'results/base.json'), f, '--out', path.join(ctx.tmp('f4o'), 'c')]);
        return refused(r, f).that(edited !== text, 'no acc value to edit').that(!/170\.0/.test(r.all), 'shows 170.0').says(/1\.7/).done();
      },
    },
  ];
}
