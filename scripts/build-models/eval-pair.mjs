// Quick, self-contained check of the shipped pair on tasks/toy/*: base (plain prompt)
// vs tuned (chat template), rank classification + greedy generation, paired bootstrap.
// usage: node scripts/build-models/eval-pair.mjs [models_dir] [tasks_dir] [limit]
// (A development aid for the model build; the harness's own scorers are the reference.)
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { env, AutoTokenizer, AutoModelForCausalLM, Tensor } from '@huggingface/transformers';

const [modelsDir = 'models', tasksDir = 'tasks/toy', limitArg = '1000'] = process.argv.slice(2);
env.allowRemoteModels = false;
env.localModelPath = resolve(modelsDir);
env.cacheDir = mkdtempSync(join(tmpdir(), 'heldout-eval-cache-'));
const limit = Number(limitArg);

async function load(name, chat) {
  const tokenizer = await AutoTokenizer.from_pretrained(name);
  tokenizer.padding_side = 'left';
  const model = await AutoModelForCausalLM.from_pretrained(name, { dtype: 'fp32', session_options: { intraOpNumThreads: 2 } });
  const eos = model.generation_config.eos_token_id;
  const render = (p) => (chat ? tokenizer.apply_chat_template([{ role: 'user', content: p }], { tokenize: false, add_generation_prompt: true }) : p);
  return { name, chat, tokenizer, model, eos, render };
}

function fill(t, row) { return t.replace(/\{\{(\w+)\}\}/g, (_, k) => String(row[k])); }

async function generate(m, prompts, maxNew, stops) {
  const out = [];
  for (let i = 0; i < prompts.length; i += 16) {
    const batch = prompts.slice(i, i + 16).map(m.render);
    const enc = m.tokenizer(batch, { padding: true, add_special_tokens: false });
    const ids = await m.model.generate({ ...enc, max_new_tokens: maxNew, do_sample: false });
    const width = enc.input_ids.dims[1];
    for (const row of ids.tolist()) {
      let gen = row.slice(width).map(Number);
      const cut = gen.indexOf(m.eos);
      if (cut >= 0) gen = gen.slice(0, cut);
      let text = gen.length ? m.tokenizer.decode(gen, { skip_special_tokens: true }) : "";
      for (const s of stops) { const j = text.indexOf(s); if (j >= 0) text = text.slice(0, j); }
      out.push(text);
    }
  }
  return out;
}

async function logprob(m, prompt, cont) {
  const ctx = m.tokenizer.encode(m.render(prompt), { add_special_tokens: false });
  const tgt = m.tokenizer.encode(cont, { add_special_tokens: false });
  const all = [...ctx, ...tgt];
  const n = all.length;
  const input_ids = new Tensor('int64', BigInt64Array.from(all.map(BigInt)), [1, n]);
  const attention_mask = new Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]);
  const { logits } = await m.model({ input_ids, attention_mask });
  const V = logits.dims[2];
  const data = logits.data;
  let total = 0;
  for (let t = ctx.length; t < n; t++) {
    const off = (t - 1) * V;
    let mx = -Infinity; for (let v = 0; v < V; v++) mx = Math.max(mx, data[off + v]);
    let s = 0; for (let v = 0; v < V; v++) s += Math.exp(data[off + v] - mx);
    total += data[off + all[t]] - mx - Math.log(s);
  }
  return total;
}

const norm = (s) => s.toLowerCase().replace(/[^a-z0-9 ]/g, ' ').replace(/\b(a|an|the)\b/g, ' ').split(/\s+/).filter(Boolean);
function f1(pred, ref) {
  const p = norm(pred), r = norm(ref); const counts = new Map();
  for (const w of r) counts.set(w, (counts.get(w) ?? 0) + 1);
  let same = 0; for (const w of p) if ((counts.get(w) ?? 0) > 0) { same++; counts.set(w, counts.get(w) - 1); }
  if (!same) return 0; const pr = same / p.length, rc = same / r.length; return 2 * pr * rc / (pr + rc);
}
function rougeL(pred, ref) {
  const a = pred.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  const b = ref.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  if (!a.length || !b.length) return 0;
  const dp = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++)
    dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
  const l = dp[a.length][b.length]; if (!l) return 0; const p = l / a.length, r = l / b.length; return 2 * p * r / (p + r);
}
function passes(code, tests) {
  const dir = mkdtempSync(join(tmpdir(), 'heldout-run-'));
  try { writeFileSync(join(dir, 'p.cjs'), `${code}\n${tests}\n`); execFileSync(process.execPath, [join(dir, 'p.cjs')], { stdio: 'pipe', timeout: 3000 }); return 1; }
  catch { return 0; } finally { rmSync(dir, { recursive: true, force: true }); }
}
function extractCode(s) { const m = s.match(/```(?:\w+)?\n([\s\S]*?)```/); return (m ? m[1] : s).trim(); }

function pairedCI(a, b, seed = 7) {
  let x = seed; const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const d = a.map((v, i) => b[i] - v); const n = d.length; const means = [];
  for (let k = 0; k < 2000; k++) { let s = 0; for (let i = 0; i < n; i++) s += d[Math.floor(rnd() * n)]; means.push(s / n); }
  means.sort((p, q) => p - q); return [means[50], means[1949]];
}
const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;

function parseTask(dir) {
  const y = readFileSync(join(dir, 'task.yaml'), 'utf8');
  const get = (k) => (y.match(new RegExp(`^\\s*${k}: (.*)$`, 'm')) ?? [])[1];
  const templates = [...y.matchAll(/prompt: (".*")$/gm)].map((m) => JSON.parse(m[1]));
  const choices = get('choices')?.replace(/[[\]]/g, '').split(',').map((s) => s.trim());
  const rows = readFileSync(join(dir, 'data.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).slice(0, limit);
  return { id: get('id'), type: get('type'), templates, choices, rows, ref: get('reference'), maxNew: Number(get('max_new_tokens') ?? 8), metric: get('metrics') };
}

async function scoreModel(m, task) {
  const perItem = task.rows.map(() => ({ acc: [], gen: [] }));
  for (const t of task.templates) {
    const prompts = task.rows.map((r) => fill(t, r));
    if (task.type === 'choice') {
      for (let i = 0; i < task.rows.length; i++) {
        const lps = [];
        for (const c of task.choices) lps.push(await logprob(m, prompts[i], (m.chat ? '' : ' ') + c));
        perItem[i].acc.push(task.choices[lps.indexOf(Math.max(...lps))] === task.rows[i].label ? 1 : 0);
      }
      const gens = await generate(m, prompts, 8, ['\n']);
      gens.forEach((g, i) => { const w = g.trim().toLowerCase(); const hit = task.choices.find((c) => w.startsWith(c)); perItem[i].gen.push(hit === task.rows[i].label ? 1 : 0); });
    } else {
      const gens = await generate(m, prompts, task.maxNew, ['\n']);
      gens.forEach((g, i) => {
        const ref = task.rows[i][task.ref];
        const v = task.metric.includes('rougeL') ? rougeL(g.trim(), ref) : task.metric.includes('pass') ? passes(extractCode(g), task.rows[i].tests) : f1(g.trim(), ref);
        const em = norm(g).join(' ') === norm(ref).join(' ') ? 1 : 0;
        perItem[i].gen.push(task.metric.includes('squad') ? v : v); perItem[i].acc.push(em);
      });
      if (process.env.SHOW) console.error(m.name, t.slice(0, 30), JSON.stringify(gens.slice(0, 3)));
    }
  }
  return perItem;
}

const base = await load('tiny-base', false);
const tuned = await load('tiny-tuned', true);
for (const name of readdirSync(tasksDir).sort()) {
  const task = parseTask(join(tasksDir, name));
  if (task.metric.includes('constraint')) { console.log(`${task.id.padEnd(18)} (output constraints: scored by the harness only, npm start)`); continue; }
  const b = await scoreModel(base, task), u = await scoreModel(tuned, task);
  for (const key of ['acc', 'gen']) {
    const bv = b.map((x) => mean(x[key])), uv = u.map((x) => mean(x[key]));
    const label = task.type === 'choice' ? (key === 'acc' ? 'rank acc' : 'gen acc') : (key === 'acc' ? 'exact' : task.metric);
    const [lo, hi] = pairedCI(bv, uv);
    console.log(`${task.id.padEnd(18)} ${label.padEnd(20)} base ${mean(bv).toFixed(3)} tuned ${mean(uv).toFixed(3)} delta ${(mean(uv) - mean(bv)).toFixed(3)} [${lo.toFixed(3)}, ${hi.toFixed(3)}] n=${bv.length}`);
  }
}
await base.model.dispose(); await tuned.model.dispose();
rmSync(env.cacheDir, { recursive: true, force: true });
