/** Finding and killing what a sandboxed run left behind. */
import { readdirSync, readFileSync } from 'node:fs';

/** Live (not zombie or dead) pids whose real uid is `uid`, from /proc (empty where /proc is absent). */
export function pidsOfUid(uid: number): number[] {
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/u.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const realUid = /^Uid:\s+(\d+)/mu.exec(status)?.[1];
      const state = /^State:\s+(\S)/mu.exec(status)?.[1];
      // A killed process lingers as a zombie until reaped; it runs nothing and holds nothing but its pid.
      if (realUid !== undefined && Number(realUid) === uid && state !== 'Z' && state !== 'X') pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGKILL every process of the run's throwaway uid, round after round until
 * none is alive (a fork bomb can fork between two passes), for at most
 * `deadlineMs`. Only that uid is touched: no other process has it.
 * Returns how many processes were still alive at the end (0 when all died).
 */
export async function killUid(uid: number, deadlineMs = 3000): Promise<number> {
  const stopAt = Date.now() + deadlineMs;
  for (;;) {
    const pids = pidsOfUid(uid);
    if (pids.length === 0 || Date.now() > stopAt) return pids.length;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await sleep(5);
  }
}

/** SIGKILL a process group we created (detached spawn), ignoring "no such process". */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

let nextUid = 0;

/** A uid no other process uses: random in a high range, plus a counter so one process never repeats soon. */
export function throwawayUid(): number {
  nextUid = (nextUid + 1) % 1000;
  return 400_000 + Math.floor(Math.random() * 500) * 1000 + nextUid;
}
