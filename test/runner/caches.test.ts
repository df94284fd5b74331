import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/runner/answer-cache.js';
import { fitsGeneration, fitsScores } from '../../src/runner/cache-entry.js';
import { CodeCache } from '../../src/runner/code-cache.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'heldout-cache-'));

describe('caches', () => {
  it('the same program finishing twice at once is stored once, without an error', async () => {
    const cache = new CodeCache(tmp());
    const key = CodeCache.key('javascript', 'console.log(1)', 1000);
    await Promise.all(Array.from({ length: 8 }, () => cache.put(key, { status: 'passed', isolation: ['x'] })));
    expect(await cache.get(key)).toEqual({ status: 'passed', isolation: ['x'] });
  });

  it('keeps passed and failed outcomes only: a timeout runs again', async () => {
    const cache = new CodeCache(tmp());
    await cache.put('t', { status: 'timeout', isolation: [] });
    expect(await cache.get('t')).toBeUndefined();
  });

  it('answers come back by content from a new process\'s view of the folder', async () => {
    const root = tmp();
    const a = await AnswerCache.open(root, 'sha256:abc');
    const req = { prompt: { kind: 'text' as const, text: 'hi' }, maxNewTokens: 4, stop: [], sampling: { temperature: 0, topP: 1, n: 1, seed: 9 } };
    const key = AnswerCache.generateKey(req);
    expect(AnswerCache.generateKey({ ...req, sampling: { ...req.sampling, seed: 10 } })).toBe(key);
    expect(AnswerCache.generateKey({ ...req, sampling: { ...req.sampling, temperature: 1, seed: 10 } })).not.toBe(AnswerCache.generateKey({ ...req, sampling: { ...req.sampling, temperature: 1 } }));
    await a.put([{ key, value: { g: { texts: ['yo'], finish: ['eos'], promptTokens: 1, truncatedTokens: 0 }, r: 'hi' } }]);
    const b = await AnswerCache.open(root, 'sha256:abc');
    expect(b.getGenerate(key)?.texts).toEqual(['yo']);
    expect(b.getRendered(key)).toBe('hi');
    expect((await AnswerCache.open(root, 'sha256:other')).getGenerate(key)).toBeUndefined();
  });

  it('an unwritable cache never fails a run', async () => {
    const root = tmp();
    chmodSync(root, 0o500);
    const cache = new CodeCache(path.join(root, 'sub'));
    if (process.getuid?.() === 0) {
      // root writes anyway: point the cache at a file instead of a folder
      const bad = new CodeCache('/dev/null/nope');
      await expect(bad.put('k', { status: 'passed', isolation: [] })).resolves.toBeUndefined();
    } else {
      await expect(cache.put('k', { status: 'passed', isolation: [] })).resolves.toBeUndefined();
    }
    const answers = await AnswerCache.open('/dev/null/nope', 'sha256:x');
    await expect(answers.put([{ key: 'k', value: { r: 'x' } }])).resolves.toBeUndefined();
  });

  it('a cache folder full of garbage is read around: folders, junk bytes and ill-shaped entries are asked again, never used', async () => {
    const root = tmp();
    const dir = path.join(root, 'answers', 'sha256_g');
    mkdirSync(path.join(dir, 'a-folder.jsonl'), { recursive: true });
    writeFileSync(path.join(dir, 'junk.jsonl'), Buffer.from([0xff, 0xfe, 0x00, 0x7b]));
    const good = { texts: ['ok'], finish: ['eos' as const], promptTokens: 1, truncatedTokens: 0 };
    writeFileSync(path.join(dir, 'shapes.jsonl'), [
      JSON.stringify({ k: 'a', v: { g: { texts: 'not a list' } } }),
      JSON.stringify({ k: 'b', v: { l: { logprobs: ['x'], tokens: [1], greedy: [true], truncatedTokens: 0 } } }),
      JSON.stringify({ k: 'c', v: { g: good, r: 7 } }),
      JSON.stringify({ k: 3, v: { g: good } }),
    ].join('\n'));
    const cache = await AnswerCache.open(root, 'sha256:g');
    expect(cache.getGenerate('a')).toBeUndefined();
    expect(cache.getLoglikelihood('b')).toBeUndefined();
    expect(cache.getGenerate('c')).toEqual(good);
    expect(cache.getRendered('c')).toBeUndefined();
    expect(fitsGeneration(good, 2)).toBeUndefined();
    expect(fitsScores({ logprobs: [-1], tokens: [1], greedy: [true], truncatedTokens: 0 }, 2)).toBeUndefined();
  });

  it('a program outcome of the wrong shape runs the program again', async () => {
    const root = tmp();
    const cache = new CodeCache(root);
    await cache.put('k1', { status: 'passed', isolation: ['x'] });
    const file = path.join(root, 'code', 'k1'.slice(0, 2), 'k1.json');
    writeFileSync(file, JSON.stringify({ status: 5, isolation: 'none' }));
    expect(await cache.get('k1')).toBeUndefined();
  });
});
