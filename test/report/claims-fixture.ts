/** A hand-written claims scorecard with every kind of verdict, for the report tests. */
import type { Claim } from '../../src/compare/claims-types.js';

const part = (task: string, metric: string, baseline: number, candidate: number, ci: [number, number]) => ({ task, metric, baseline, candidate, delta: candidate - baseline, ci, n: 100 });

export const CLAIMS: Claim[] = [
  { id: 'generalization', title: 'better zero-shot on unseen tasks', measure: 'held-out macro', better: 'higher', rule: 'the interval lies above 0',
    baseline: 0.42, candidate: 0.535, effect: 0.115, ci: [0.05, 0.18], pValue: 0.001, verdict: 'delivered', parts: [part('qa-trivia', 'f1', 0.22, 0.41, [0.1, 0.28])] },
  { id: 'prompt_sensitivity', title: 'less sensitive to prompt wording', measure: 'per-item spread', better: 'lower', rule: 'the interval lies below 0',
    baseline: 0.3, candidate: 0.26, effect: -0.04, ci: [-0.1, 0.02], pValue: 0.2, verdict: "can't tell", parts: [] },
  { id: 'stability', title: 'gives the same answer when asked again', measure: 'agreement', better: 'higher', rule: 'the interval lies above 0',
    baseline: null, candidate: null, effect: null, ci: null, pValue: null, verdict: 'not measured', note: 'stability sampling is off: add `stability: {samples: 5, temperature: 0.7}` to the benchmark', parts: [] },
  { id: 'format_adherence', title: 'follows the requested output format', measure: 'constraint_strict and format_rate', better: 'higher', rule: 'the interval lies above 0',
    baseline: 0.45, candidate: 0.97, effect: 0.52, ci: [0.45, 0.6], pValue: 0.001, verdict: 'delivered', parts: [part('sentiment-mini', 'format_rate', 0.45, 0.97, [0.45, 0.6])] },
  { id: 'breadth', title: 'one model for many task types', measure: 'categories with a significant gain', better: 'higher', rule: 'every category run gains significantly',
    baseline: null, candidate: null, effect: 1 / 3, ci: [1 / 3, 2 / 3], pValue: null, verdict: 'not delivered', parts: [
      { category: 'classification', metric: 'primary', baseline: 0.55, candidate: 0.68, delta: 0.13, ci: [0.05, 0.2], n: 200 },
      { category: 'qa', metric: 'primary', baseline: 0.22, candidate: 0.41, delta: 0.19, ci: [-0.01, 0.3], n: 100 },
      { category: 'summarization', metric: 'primary', baseline: 0.24, candidate: 0.19, delta: -0.05, ci: [-0.09, -0.01], n: 100 },
    ] },
  { id: 'knowledge_retained', title: 'keeps what the base model knew', measure: 'acc', better: 'higher', rule: 'the interval\'s lower bound lies above −1.0 pts',
    baseline: 0.55, candidate: 0.685, effect: 0.135, ci: [0.07, 0.2], pValue: 0.001, verdict: 'delivered', margin: 0.01, parts: [] },
];
