/**
 * A small language identifier for the `language` constraint: the writing
 * system decides most languages (Cyrillic, Arabic, Devanagari, Han, kana,
 * Hangul, Thai, …); languages that share a script are told apart by a few of
 * their most frequent words and letters. It covers the 30 languages IFEval
 * asks for. It is a heuristic, not langdetect: short or mixed answers can be
 * misread (see the README).
 */
import type { Constraint } from '../../config/constraint-schema.js';

type Of<T extends Constraint['type']> = Extract<Constraint, { type: T }>;

/** Scripts that name one language, or a group told apart by words. */
const SCRIPTS: [RegExp, string][] = [
  [/[\u0400-\u04FF]/u, 'cyrillic'], [/[\u0600-\u06FF\u0750-\u077F]/u, 'arabic'], [/[\u0590-\u05FF]/u, 'he'],
  [/[\u0900-\u097F]/u, 'devanagari'], [/[\u0980-\u09FF]/u, 'bn'], [/[\u0A00-\u0A7F]/u, 'pa'], [/[\u0A80-\u0AFF]/u, 'gu'],
  [/[\u0B80-\u0BFF]/u, 'ta'], [/[\u0C00-\u0C7F]/u, 'te'], [/[\u0C80-\u0CFF]/u, 'kn'], [/[\u0D00-\u0D7F]/u, 'ml'],
  [/[\u0E00-\u0E7F]/u, 'th'], [/[\u3040-\u30FF]/u, 'ja'], [/[\uAC00-\uD7AF\u1100-\u11FF]/u, 'ko'], [/[\u4E00-\u9FFF]/u, 'zh'],
  [/[\u0370-\u03FF]/u, 'el'], [/[\u10A0-\u10FF]/u, 'ka'], [/[\u0530-\u058F]/u, 'hy'], [/\p{Script=Latin}/u, 'latin'],
];

/** Frequent words per language within a script group. */
const WORDS: Record<string, Record<string, string[]>> = {
  latin: {
    en: ['the', 'and', 'is', 'of', 'to', 'in', 'it', 'that', 'you', 'with', 'for', 'are', 'this', 'was', 'be', 'have', 'not', 'on'],
    es: ['el', 'la', 'de', 'que', 'y', 'en', 'los', 'las', 'es', 'por', 'con', 'para', 'una', 'del', 'se', 'no', 'muy', 'pero'],
    pt: ['o', 'a', 'de', 'que', 'e', 'do', 'da', 'em', 'um', 'uma', 'para', 'com', 'não', 'os', 'é', 'mais', 'como', 'ao'],
    fr: ['le', 'la', 'les', 'de', 'et', 'est', 'un', 'une', 'des', 'en', 'que', 'qui', 'pas', 'pour', 'dans', 'du', 'il', 'vous'],
    de: ['der', 'die', 'das', 'und', 'ist', 'nicht', 'ein', 'eine', 'zu', 'den', 'mit', 'sich', 'auf', 'ich', 'es', 'auch', 'dem', 'sie'],
    it: ['il', 'di', 'che', 'è', 'e', 'la', 'per', 'un', 'una', 'non', 'sono', 'della', 'del', 'gli', 'con', 'anche', 'più', 'le'],
    pl: ['i', 'w', 'nie', 'się', 'na', 'jest', 'to', 'że', 'z', 'do', 'jak', 'co', 'ale', 'tak', 'jego', 'od', 'być', 'przez'],
    vi: ['và', 'của', 'là', 'có', 'không', 'một', 'những', 'được', 'cho', 'người', 'với', 'trong', 'này', 'các', 'đã', 'để'],
    sw: ['na', 'ya', 'wa', 'kwa', 'ni', 'za', 'katika', 'la', 'kuwa', 'hii', 'cha', 'yake', 'lakini', 'sana', 'pia', 'watu'],
    fi: ['ja', 'on', 'ei', 'että', 'se', 'oli', 'hän', 'mutta', 'kun', 'ovat', 'myös', 'tai', 'niin', 'joka', 'tämä', 'mitä'],
    nl: ['de', 'het', 'een', 'en', 'van', 'is', 'niet', 'dat', 'op', 'te', 'zijn', 'met', 'voor', 'ook', 'maar', 'wat'],
    tr: ['ve', 'bir', 'bu', 'da', 'de', 'için', 'ile', 'çok', 'ne', 'gibi', 'daha', 'olarak', 'ama', 'değil', 'var', 'sonra'],
  },
  cyrillic: {
    ru: ['и', 'в', 'не', 'на', 'что', 'он', 'как', 'это', 'по', 'но', 'из', 'у', 'за', 'от', 'так', 'мы', 'вы', 'они'],
    uk: ['і', 'в', 'не', 'на', 'що', 'він', 'як', 'це', 'та', 'але', 'з', 'у', 'за', 'від', 'ми', 'ви', 'вони'],
    bg: ['и', 'в', 'не', 'на', 'че', 'е', 'да', 'се', 'за', 'от', 'с', 'по', 'са', 'като', 'който', 'ние', 'вие'],
  },
  arabic: {
    ar: ['في', 'من', 'على', 'أن', 'إلى', 'التي', 'الذي', 'عن', 'هذا', 'كان', 'هو', 'هي'],
    fa: ['و', 'در', 'به', 'از', 'که', 'این', 'را', 'با', 'است', 'برای', 'می', 'شود'],
    ur: ['کے', 'کی', 'میں', 'ہے', 'اور', 'سے', 'کو', 'کا', 'یہ', 'ہیں', 'نے', 'ہو'],
  },
  devanagari: {
    hi: ['है', 'और', 'के', 'की', 'में', 'का', 'से', 'को', 'हैं', 'यह', 'पर', 'भी'],
    mr: ['आहे', 'आणि', 'या', 'ला', 'च्या', 'हे', 'की', 'आहेत', 'तर', 'होते'],
    ne: ['छ', 'र', 'को', 'मा', 'हो', 'पनि', 'यो', 'गर्न', 'छन्', 'थियो', 'लाई'],
  },
};

/** Letters only one language of its script group uses (each occurrence weighs like a frequent word). */
const LETTERS: Record<string, string> = {
  ru: 'ыэё', uk: 'іїєґ', bg: 'ъ', ar: 'ةإأ', fa: 'پچژگ', ur: 'ٹڈڑےںھ', mr: 'ळ', de: 'ßäöü', pl: 'łąęśźżćń', vi: 'ơưđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ',
  fr: 'çœêèëîïûù', es: 'ñ¿¡', pt: 'ãõ', fi: '', tr: 'ğışç', it: '', en: '', sw: '', nl: '', hi: '', ne: '',
};

function scriptOf(text: string): string | undefined {
  const counts = new Map<string, number>();
  for (const ch of text) {
    const found = SCRIPTS.find(([re]) => re.test(ch));
    if (found) counts.set(found[1], (counts.get(found[1]) ?? 0) + 1);
  }
  // Japanese mixes kana with Han: any kana at all makes it Japanese.
  if ((counts.get('ja') ?? 0) > 0) return 'ja';
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Score each language of a script group by how many of its frequent words (or letters) the text uses. */
function byWords(text: string, group: Record<string, string[]>): string | undefined {
  const lower = text.toLowerCase();
  const tokens = lower.match(/[\p{L}\p{M}]+/gu) ?? [];
  let best: string | undefined;
  let bestScore = 0;
  for (const [code, words] of Object.entries(group)) {
    const set = new Set(words);
    let score = tokens.filter((t) => set.has(t)).length;
    for (const ch of lower) if (LETTERS[code]?.includes(ch)) score++;
    if (score > bestScore) { best = code; bestScore = score; }
  }
  return best;
}

/** The ISO 639-1 code of the text's language, or undefined when it has no letters. */
export function detectLanguage(text: string): string | undefined {
  const script = scriptOf(text);
  if (!script) return undefined;
  const group = WORDS[script];
  if (!group) return script;
  return byWords(text, group) ?? Object.keys(group)[0];
}

export const language = (c: Of<'language'>, text: string): boolean => detectLanguage(text) === c.code;
