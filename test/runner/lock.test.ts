import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/runner/lock.js';
import { sleep, tmpDir } from '../helpers/run-dir.js';

/** A process that has exited but was never reaped: its parent (an exec'd sleep) never waits for it. */
async function zombie(): Promise<{ pid: number; stop: () => void }> {
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const pid = await new Promise<number>((resolve) => parent.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
  for (let i = 0; i < 200 && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); i++) await sleep(10);
  return { pid, stop: () => parent.kill('SIGKILL') };
}

describe('the run directory lock', () => {
  it.skipIf(!existsSync('/proc/self/stat'))('a zombie holder (state Z in /proc/PID/stat) counts as gone: its lock is taken over', async () => {
    const z = await zombie();
    try {
      expect(readFileSync(`/proc/${z.pid}/stat`, 'utf8')).toMatch(/\) Z /);
      const dir = tmpDir('lock');
      writeFileSync(path.join(dir, '.lock'), `${z.pid}\n`);
      const release = await acquireLock(dir);
      expect(Number(readFileSync(path.join(dir, '.lock'), 'utf8').split(/\s/)[0])).toBe(process.pid);
      await release();
      expect(existsSync(path.join(dir, '.lock'))).toBe(false);
    } finally {
      z.stop();
    }
  });

  it('a live holder is refused, naming the directory, the pid and the fix', async () => {
    const live = spawn('sleep', ['30']);
    try {
      const dir = tmpDir('lock');
      writeFileSync(path.join(dir, '.lock'), `${live.pid}\n`);
      await expect(acquireLock(dir)).rejects.toThrow(new RegExp(`${dir} is being written by another run \\(pid ${live.pid}\\)`));
    } finally {
      live.kill('SIGKILL');
    }
  });

  it('a lock of a dead process is taken over; the same directory cannot be locked twice at once', async () => {
    const dir = tmpDir('lock');
    writeFileSync(path.join(dir, '.lock'), '999999999\n');
    const release = await acquireLock(dir);
    await expect(acquireLock(dir)).rejects.toThrow(/being written by another run/);
    await release();
    const again = await acquireLock(dir);
    await again();
  });

  it('of many acquisitions racing for one directory in one process, exactly one wins', async () => {
    const dir = tmpDir('lock');
    writeFileSync(path.join(dir, '.lock'), '999999999\n');
    const tries = await Promise.allSettled(Array.from({ length: 8 }, () => acquireLock(dir)));
    expect(tries.filter((t) => t.status === 'fulfilled')).toHaveLength(1);
  });

  it('the holder removes temporary files a killed writer left, and only those', async () => {
    const dir = tmpDir('lock');
    mkdirSync(path.join(dir, 'results'));
    const dead = path.join(dir, 'results', '.base.json.999999999.deadbeef.tmp');
    const live = path.join(dir, `.report.md.${process.ppid}.cafe0123.tmp`);
    for (const f of [dead, live]) writeFileSync(f, 'half');
    const release = await acquireLock(dir);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    await release();
  });
});
