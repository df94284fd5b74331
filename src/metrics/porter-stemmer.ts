/**
 * The Porter stemmer as NLTK's default `PorterStemmer()` runs it (mode
 * NLTK_EXTENSIONS): Porter's 1980 rules plus Martin Porter's later fixes and
 * NLTK's own tweaks (irregular forms, `ies`/`ied` on four-letter words, the
 * `alli` and `logi` rules, the stricter step 1c). rouge-score stems with it.
 */

type Condition = ((stem: string) => boolean) | null;
/** [suffix, replacement, condition]; suffix '*d' means "ends in a double consonant". */
type Rule = [string, string, Condition];

const IRREGULAR: Record<string, string> = {
  sky: 'sky', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', news: 'news',
  innings: 'inning', inning: 'inning', outings: 'outing', outing: 'outing',
  cannings: 'canning', canning: 'canning', howe: 'howe',
  proceed: 'proceed', exceed: 'exceed', succeed: 'succeed',
};

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

function isConsonant(word: string, i: number): boolean {
  const ch = word[i];
  if (ch !== undefined && VOWELS.has(ch)) return false;
  if (ch === 'y') return i === 0 ? true : !isConsonant(word, i - 1);
  return true;
}

/** m in [C](VC){m}[V]. */
function measure(stem: string): number {
  let m = 0;
  for (let i = 1; i < stem.length; i++) {
    if (!isConsonant(stem, i - 1) && isConsonant(stem, i)) m++;
  }
  return m;
}

const positiveMeasure = (stem: string): boolean => measure(stem) > 0;
const measureAboveOne = (stem: string): boolean => measure(stem) > 1;

function containsVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true;
  return false;
}

function endsDoubleConsonant(word: string): boolean {
  const n = word.length;
  return n >= 2 && word[n - 1] === word[n - 2] && isConsonant(word, n - 1);
}

/** Condition *o (consonant-vowel-consonant, last not w/x/y), plus NLTK's two-letter vc case. */
function endsCvc(word: string): boolean {
  const n = word.length;
  const last = word[n - 1] ?? '';
  const classic = n >= 3 && isConsonant(word, n - 3) && !isConsonant(word, n - 2)
    && isConsonant(word, n - 1) && !['w', 'x', 'y'].includes(last);
  return classic || (n === 2 && !isConsonant(word, 0) && isConsonant(word, 1));
}

/** The first rule whose suffix matches decides: applied if its condition holds, else the word stays. */
function applyRules(word: string, rules: Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (suffix === '*d' && endsDoubleConsonant(word)) {
      const stem = word.slice(0, -2);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
    if (word.endsWith(suffix)) {
      const stem = word.slice(0, word.length - suffix.length);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
  }
  return word;
}

function step1a(word: string): string {
  if (word.endsWith('ies') && word.length === 4) return `${word.slice(0, -3)}ie`;
  return applyRules(word, [['sses', 'ss', null], ['ies', 'i', null], ['ss', 'ss', null], ['s', '', null]]);
}

function step1b(word: string): string {
  if (word.endsWith('ied')) return word.slice(0, -3) + (word.length === 4 ? 'ie' : 'i');
  if (word.endsWith('eed')) {
    const stem = word.slice(0, -3);
    return measure(stem) > 0 ? `${stem}ee` : word;
  }
  let stem: string | undefined;
  for (const suffix of ['ed', 'ing']) {
    if (word.endsWith(suffix) && containsVowel(word.slice(0, -suffix.length))) {
      stem = word.slice(0, -suffix.length);
      break;
    }
  }
  if (stem === undefined) return word;
  const last = stem[stem.length - 1] ?? '';
  return applyRules(stem, [
    ['at', 'ate', null], ['bl', 'ble', null], ['iz', 'ize', null],
    ['*d', last, () => !['l', 's', 'z'].includes(last)],
    // The empty suffix always matches, so its condition sees the whole stem.
    ['', 'e', (whole) => measure(whole) === 1 && endsCvc(whole)],
  ]);
}

function step1c(word: string): string {
  return applyRules(word, [['y', 'i', (stem) => stem.length > 1 && isConsonant(stem, stem.length - 1)]]);
}

const STEP2_RULES: Array<[string, string]> = [
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'],
  ['bli', 'ble'], ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'],
  ['ization', 'ize'], ['ation', 'ate'], ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'],
  ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble'],
  ['fulli', 'ful'],
];

function step2(word: string): string {
  // NLTK applies alli → al first and, if it fires, runs step 2 again.
  if (word.endsWith('alli') && positiveMeasure(word.slice(0, -4))) return step2(`${word.slice(0, -4)}al`);
  const rules: Rule[] = STEP2_RULES.map(([suffix, replacement]) => [suffix, replacement, positiveMeasure]);
  // The 'l' of logi stays with the stem so that short stems like geo-/theo- qualify.
  rules.push(['logi', 'log', () => positiveMeasure(word.slice(0, -3))]);
  return applyRules(word, rules);
}

function step3(word: string): string {
  const pairs: Array<[string, string]> = [
    ['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', ''],
  ];
  return applyRules(word, pairs.map(([s, r]) => [s, r, positiveMeasure]));
}

const STEP4_SUFFIXES = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent'];
const STEP4_TAIL = ['ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize'];

function step4(word: string): string {
  const ionRule: Rule = ['ion', '', (stem) => measure(stem) > 1 && ['s', 't'].includes(stem[stem.length - 1] ?? '')];
  const rules: Rule[] = [
    ...STEP4_SUFFIXES.map((s): Rule => [s, '', measureAboveOne]),
    ionRule,
    ...STEP4_TAIL.map((s): Rule => [s, '', measureAboveOne]),
  ];
  return applyRules(word, rules);
}

function step5a(word: string): string {
  if (!word.endsWith('e')) return word;
  const stem = word.slice(0, -1);
  const m = measure(stem);
  if (m > 1 || (m === 1 && !endsCvc(stem))) return stem;
  return word;
}

function step5b(word: string): string {
  return applyRules(word, [['ll', 'l', () => measure(word.slice(0, -1)) > 1]]);
}

/** Stem one word (lower-cased first), exactly as NLTK 3.8's `PorterStemmer().stem(word)`. */
export function porterStem(word: string): string {
  const lowered = word.toLowerCase();
  const irregular = Object.hasOwn(IRREGULAR, word) ? IRREGULAR[word] : undefined;
  if (irregular !== undefined) return irregular;
  if (word.length <= 2) return lowered;
  let stem = lowered;
  for (const step of [step1a, step1b, step1c, step2, step3, step4, step5a, step5b]) stem = step(stem);
  return stem;
}
