/** Public surface of the sandbox folder. */
export { runProgram } from './run-program.js';
export {
  runTestProgram, runTestPrograms, newPassToken, appendPassToken, humanEvalProgram, mbppProgram,
  type TestProgramOptions, type HumanEvalProblem, type MbppProblem,
} from './test-programs.js';
export { mapWithConcurrency } from './pool.js';
export { isolationPlan, type IsolationPlan, type Tier } from './isolation.js';
export { SANDBOX_DEFAULTS, type RunProgramOptions, type SandboxResult, type SandboxStatus, type SandboxLanguage } from './types.js';
