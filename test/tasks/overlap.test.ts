import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { overlapTasks } from '../../src/cli/tasks.js';
import { ngramHashes, words } from '../../src/tasks/overlap.js';

describe('13-gram contamination check', () => {
  it('normalizes case and punctuation before comparing', () => {
    expect(words("Don't STOP—now!")).toEqual(['don', 't', 'stop', 'now']);
    const a = ngramHashes('One two three four five six seven eight nine ten eleven twelve thirteen.');
    const b = ngramHashes('one, two; three four five six seven eight nine ten eleven twelve THIRTEEN');
    expect(a).toHaveLength(1);
    expect(a).toEqual(b);
    expect(ngramHashes('only twelve words here one two three four five six seven eight')).toHaveLength(0);
  });

  it('reports the share of a task\'s items that share a 13-gram with the training data', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'heldout-overlap-'));
    writeFileSync(path.join(dir, 'task.yaml'), `id: ov
category: qa
family: f
description: d
license: MIT
data: data.jsonl
templates: [{ id: a, prompt: "{{context}} Q: {{question}}" }]
answer: { type: generate, reference: answer }
metrics: [squad_em]
`);
    const leaked = 'the quick brown fox jumps over the lazy dog near the old river bank today';
    writeFileSync(path.join(dir, 'data.jsonl'), [
      { id: 'a', context: `Story: ${leaked}.`, question: 'Who jumps?', answer: 'fox' },
      { id: 'b', context: 'A completely different passage about trains and timetables in winter.', question: 'What?', answer: 'trains' },
      { id: 'c', context: 'Short.', question: 'Q?', answer: 'x' },
      { id: 'd', context: 'Another fresh passage with its own words entirely, nothing borrowed at all here.', question: 'Q?', answer: 'y' },
    ].map((r) => JSON.stringify(r)).join('\n'));
    const training = path.join(dir, 'train.jsonl');
    writeFileSync(training, [JSON.stringify({ prompt: 'irrelevant', reply: `Yes: ${leaked.toUpperCase()}!` }), JSON.stringify({ prompt: 'other text', reply: 'nothing' })].join('\n'));
    const [row] = await overlapTasks(training, [dir]);
    expect(row).toMatchObject({ task: 'ov', items: 4, contaminated: 1, share: 0.25, examples: ['a'] });
  });
});
