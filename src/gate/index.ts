export { evaluateGate } from './evaluate.js';
export { loadBenchmarkGate, loadPolicy, parsePolicy, parsePolicyText } from './load-policy.js';
export { readComparisonFile, readRunResultFile } from './read-files.js';
export { renderGateTable, summaryLine } from './table.js';
export { failureMessage, formatRuleValue, formatThreshold } from './format.js';
export type { GateContext, GatePolicy, GateRule, GateRuleResult, GateScope, GateVerdict, RuleCheck, RuleKind } from './types.js';
