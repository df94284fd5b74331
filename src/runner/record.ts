/** One line of `samples/<model>/<task>.jsonl`: everything asked, answered and scored for one item. */
export interface SampleRecord {
  key: string;
  model: string;
  task: string;
  template: string;
  item: string;
  /** The prompt exactly as the model saw it (chat template applied). */
  prompt: string;
  references: string[];
  /** First answer after postprocessing (generation). */
  answer?: string;
  /** Stability records: every one of the K answers, postprocessed. */
  answers?: string[];
  /** Present on stability records (template `<t>@stability`): the K answers' settings, metric and scores. */
  stability?: { samples: number; temperature: number; template: string; metric: string | null; values: number[] };
  /** Raw generations (n samples), before postprocessing. */
  generations?: string[];
  finish?: string[];
  /**
   * Generations that ended inside their reasoning section (no closing tag came before the token
   * limit): each was scored as an empty answer. Absent when none did.
   */
  unclosedThinking?: number;
  choices?: string[];
  gold?: number;
  logprobs?: number[];
  choiceTokens?: number[];
  greedy?: boolean[];
  /** Outcome of each generated program (code tasks). */
  code?: { status: string; isolation: string[]; stderrTail?: string }[];
  truncatedTokens: number;
  /** Exemplars in the prompt (k-shot), and how many were dropped to fit the context. */
  shots?: number;
  droppedShots?: number;
  /** One value per metric (the item's score). */
  scores: Record<string, number>;
  /** Sufficient statistics per metric (what results and comparisons reduce). */
  stats: Record<string, number[]>;
}
