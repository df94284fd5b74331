import pc from 'picocolors';
import { z } from 'zod';
import { taskFileSchema } from '../config/task-schema.js';
import { EXIT } from './errors.js';
import { listTasks, overlapTasks, showTask, validateTasks } from './tasks.js';

export async function tasksCommand(action: 'list' | 'validate' | 'show' | 'schema' | 'overlap', paths: string[], json: boolean, code = true): Promise<number> {
  if (action === 'schema') {
    process.stdout.write(JSON.stringify(z.toJSONSchema(taskFileSchema, { io: 'input' }), null, 2) + '\n');
    return EXIT.ok;
  }
  if (action === 'list') {
    const tasks = await listTasks(paths);
    if (json) process.stdout.write(JSON.stringify(tasks, null, 2) + '\n');
    else {
      const rows = tasks.map((t) => [t.id, t.category, t.family, String(t.items), String(t.templates), t.metrics.join(',')]);
      printTable(['id', 'category', 'family', 'items', 'templates', 'metrics'], rows);
    }
    return EXIT.ok;
  }
  if (action === 'validate') {
    const { checked, problems, warnings } = await validateTasks(paths, { code });
    for (const w of warnings) process.stderr.write(`${pc.yellow('warning')}: ${w}\n`);
    for (const p of problems) process.stderr.write(`${pc.red('✗')} ${p.message}${p.hint ? `\n  fix: ${p.hint}` : ''}\n`);
    process.stdout.write(`${checked - new Set(problems.map((p) => p.file)).size} of ${checked} task files valid\n`);
    return problems.length ? EXIT.error : EXIT.ok;
  }
  if (action === 'overlap') return overlapCommand(paths, json);
  const [id, ...rest] = paths;
  if (!id) {
    process.stderr.write('error: tasks show needs a task id\n  fix: heldout tasks show <ID>\n');
    return EXIT.error;
  }
  const { task, prompts } = await showTask(id, rest);
  process.stdout.write(`${pc.bold(task.id)} (${task.category}, family ${task.family}): ${task.description}\n${task.samples.length} items, license ${task.license}\n`);
  for (const p of prompts) process.stdout.write(`\n${pc.cyan(`--- template ${p.template} ---`)}\n${p.prompt}\n`);
  return EXIT.ok;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  process.stdout.write([line(header), ...rows.map(line)].join('\n') + '\n');
}

async function overlapCommand(paths: string[], json: boolean): Promise<number> {
  const [training, ...rest] = paths;
  if (!training) {
    process.stderr.write('error: tasks overlap needs the training data\n  fix: heldout tasks overlap <training-data.jsonl> [task paths]\n');
    return EXIT.error;
  }
  const rows = await overlapTasks(training, rest);
  if (json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  else printTable(['task', 'items', 'sharing a 13-gram', 'share', 'examples'], rows.map((r) => [r.task, String(r.items), String(r.contaminated), `${(r.share * 100).toFixed(1)}%`, r.examples.join(' ')]));
  return EXIT.ok;
}
