import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRepair, repairSampleLog } from '../../src/runner/log-repair.js';
import { appendRecords, readSampleLog, sampleLogPath, scanSampleLog } from '../../src/runner/sample-log.js';
import { tmpDir } from '../helpers/run-dir.js';

const rec = (key: string) => JSON.stringify({ key, model: 'm', task: 't', template: 'a', item: key, prompt: '}{', references: [], truncatedTokens: 0, scores: {}, stats: {} });

async function log(text: string): Promise<{ dir: string; file: string }> {
  const dir = tmpDir('log');
  const file = sampleLogPath(dir, 'm', 't');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return { dir, file };
}

describe('sample logs', () => {
  it('reading never writes: torn, blank, glued and non-record lines are reported and left in place', async () => {
    const text = `${rec('k1')}\n\n${rec('k2')}${rec('k3')}\n[1,2]\n{"key":"k9","mod`;
    const { file } = await log(text);
    const mtime = statSync(file).mtimeMs;
    const scan = await scanSampleLog(file);
    expect([...scan.records.keys()]).toEqual(['k1', 'k2', 'k3']);
    expect(scan.bad).toEqual([{ line: 4, text: '[1,2]', key: null }, { line: 5, text: '{"key":"k9","mod', key: 'k9' }]);
    expect(scan.needsRepair).toBe(true);
    expect([...(await readSampleLog(file)).keys()]).toEqual(['k1', 'k2', 'k3']);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(statSync(file).mtimeMs).toBe(mtime);
  });

  it('a repair keeps every readable record, moves the rest to .corrupt.jsonl with line numbers, and counts the planned ones', async () => {
    const { dir, file } = await log(`${rec('k1')}\n\n${rec('k2')}${rec('k3')}\n[1,2]\n{"key":"k9","mod`);
    const r = await repairSampleLog(dir, 'm', 't', new Set(['k1', 'k2', 'k3', 'k9']));
    expect(r).toEqual({ model: 'm', task: 't', quarantined: 2, lines: [4, 5], reasked: 1, unkeyed: 1 });
    expect(describeRepair(r!)).toBe('samples/m/t.jsonl: 2 unreadable lines (lines 4, 5) moved to samples/m/t.corrupt.jsonl; 1 request asked again, 1 line without a readable key');
    expect(readFileSync(file, 'utf8')).toBe(`${rec('k1')}\n${rec('k2')}\n${rec('k3')}\n`);
    const corrupt = readFileSync(file.replace('.jsonl', '.corrupt.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(corrupt).toEqual([{ line: 4, text: '[1,2]', key: null }, { line: 5, text: '{"key":"k9","mod', key: 'k9' }]);
    expect(await repairSampleLog(dir, 'm', 't', new Set())).toBeNull();
  });

  it('a last record without its newline gets one, so the next append starts a line of its own', async () => {
    const { dir, file } = await log(rec('k1'));
    expect(await repairSampleLog(dir, 'm', 't', new Set(['k1']))).toBeNull();
    await appendRecords(file, [JSON.parse(rec('k2'))]);
    expect([...(await readSampleLog(file)).keys()]).toEqual(['k1', 'k2']);
  });
});
