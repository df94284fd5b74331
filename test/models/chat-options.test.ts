import { describe, expect, it } from 'vitest';
import { mergeSystem, withChatOptions } from '../../src/models/chat-options.js';
import { answerStart, opensThinking, stripThinking, thinkingTags } from '../../src/models/thinking.js';

const think = { open: '<think>', close: '</think>' };

describe('system_mode: merge', () => {
  it('puts the system text at the start of the first user turn and keeps every other turn', () => {
    expect(mergeSystem([
      { role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Q1' }, { role: 'assistant', content: 'A1' }, { role: 'user', content: 'Q2' },
    ])).toEqual([{ role: 'user', content: 'Be brief.\n\nQ1' }, { role: 'assistant', content: 'A1' }, { role: 'user', content: 'Q2' }]);
    expect(mergeSystem([{ role: 'user', content: 'Q' }])).toEqual([{ role: 'user', content: 'Q' }]);
  });

  it('withChatOptions attaches template variables to chat prompts only', () => {
    const opts = { kwargs: { enable_thinking: false }, systemMode: 'message' as const };
    expect(withChatOptions({ kind: 'text', text: 'x' }, opts)).toEqual({ kind: 'text', text: 'x' });
    expect(withChatOptions({ kind: 'chat', messages: [{ role: 'user', content: 'x' }] }, opts))
      .toEqual({ kind: 'chat', messages: [{ role: 'user', content: 'x' }], templateKwargs: { enable_thinking: false } });
    expect(withChatOptions({ kind: 'chat', messages: [] }, undefined)).toEqual({ kind: 'chat', messages: [] });
  });
});

describe('thinking sections', () => {
  it('a template declares thinking when it mentions a closing tag', () => {
    expect(thinkingTags("{{ '<think>\\n' + reasoning + '\\n</think>' }}")).toEqual(think);
    expect(thinkingTags({ default: 'x', tool_use: '</seed:think>' })).toEqual({ open: '<seed:think>', close: '</seed:think>' });
    expect(thinkingTags('{{ messages }}')).toBeUndefined();
    expect(thinkingTags(null)).toBeUndefined();
  });

  it('the answer is what follows the last closing tag; an unclosed section leaves none', () => {
    expect(stripThinking('<think>\nhmm\n</think>\n\npositive', think, false)).toBe('positive');
    expect(stripThinking('  <think>still going', think, false)).toBe('');
    expect(stripThinking('reasoning</think>\n\n    return x', think, true)).toBe('    return x');
    expect(stripThinking('reasoning only', think, true)).toBe('');
    expect(stripThinking('plain answer', think, false)).toBe('plain answer');
  });

  it('stop strings count from after the section and its newlines', () => {
    expect(answerStart('plain\nanswer', think, false)).toBe(0);
    expect(answerStart('<think>a\nb', think, false)).toBe(-1);
    expect(answerStart('<think>a</think>\n\nyes', think, false)).toBe('<think>a</think>\n\n'.length);
    expect(answerStart('a</think>x', think, true)).toBe('a</think>'.length);
  });

  it('a prompt that ends inside a thinking section opens it', () => {
    expect(opensThinking('<|Assistant|><think>\n', think)).toBe(true);
    expect(opensThinking('assistant\n<think>\n\n</think>\n\n', think)).toBe(false);
    expect(opensThinking('assistant\n', think)).toBe(false);
  });
});
