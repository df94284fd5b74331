/** Hand-made cases for layout checkers and the language identifier: [constraint, answer, holds?, why]. */
import type { ConstraintCase } from './case-types.js';

export const formatCases: ConstraintCase[] = [
  // json
  [{ type: 'json' }, '{"a": 1}', true, 'an object'],
  [{ type: 'json' }, '```json\n{"a": [1, 2]}\n```', true, 'code fence with a language tag'],
  [{ type: 'json' }, '```\n[1, 2, 3]\n```  \n', true, 'bare fence, array, trailing whitespace'],
  [{ type: 'json' }, 'Here it is: {"a": 1}', false, 'prose before the JSON'],
  [{ type: 'json' }, '{"a": 1,}', false, 'trailing comma is not JSON'],
  [{ type: 'json' }, '42', false, 'a bare number is not a JSON document here'],
  [{ type: 'json', keys: ['name', 'age'] }, '{"name": "Ada", "age": 36, "extra": {"nested": {"deep": true}}}', true, 'required keys, nested JSON'],
  [{ type: 'json', keys: ['name', 'city'] }, '{"name": "Ada", "address": {"city": "London"}}', false, 'a nested key is not a top-level key'],
  [{ type: 'json', keys: ['a'] }, '[{"a": 1}]', false, 'an array has no keys'],
  // num_highlights
  [{ type: 'num_highlights', n: 2 }, 'Some *one* and **two** here', true, 'italic and bold spans'],
  [{ type: 'num_highlights', n: 2 }, 'Only *one* here', false, 'one span'],
  [{ type: 'num_highlights', n: 1 }, 'empty ** and * * spans', false, 'empty spans do not count'],
  [{ type: 'num_highlights', n: 1 }, '*across\nlines*', false, 'a span stays on one line'],
  [{ type: 'num_highlights', n: 3 }, '*a* *b* *c*', true, 'three'],
  // num_sections
  [{ type: 'num_sections', n: 2, marker: 'Section' }, 'Section 1\nIntro\nSection 2\nBody', true, 'two sections'],
  [{ type: 'num_sections', n: 3, marker: 'Section' }, 'Section 1\nIntro\nSection 2\nBody', false, 'one short'],
  [{ type: 'num_sections', n: 2, marker: 'SECTION' }, 'SECTION 1 a SECTION 2 b', true, 'other marker'],
  [{ type: 'num_sections', n: 1, marker: 'Part' }, 'Part one', false, 'a number must follow'],
  [{ type: 'num_sections', n: 1, marker: 'Day' }, 'Plan:\nDay 1: rest', true, 'not at the start'],
  // num_placeholders
  [{ type: 'num_placeholders', n: 2 }, 'Dear [name], at [address].', true, 'two'],
  [{ type: 'num_placeholders', n: 2 }, 'Dear [name].', false, 'one'],
  [{ type: 'num_placeholders', n: 1 }, 'empty [] counts', true, 'IFEval counts empty brackets'],
  [{ type: 'num_placeholders', n: 1 }, '(name) {name}', false, 'other brackets'],
  [{ type: 'num_placeholders', n: 3 }, '[a][b] [c]', true, 'adjacent'],
  // postscript
  [{ type: 'postscript', marker: 'P.S.' }, 'Hello.\n\nP.S. See you.', true, 'a P.S. line'],
  [{ type: 'postscript', marker: 'P.S.' }, 'Hello.\np. s. see you', true, 'any case, a space inside'],
  [{ type: 'postscript', marker: 'P.S.' }, 'Hello. I said P.S. inline', false, 'not at the start of a line'],
  [{ type: 'postscript', marker: 'P.P.S' }, 'Hi\nP.P.S more', true, 'P.P.S'],
  [{ type: 'postscript', marker: 'Note:' }, 'Text\n  note: extra', true, 'another marker'],
  // title
  [{ type: 'title' }, '<<A Day Out>>\nWe went.', true, 'a title'],
  [{ type: 'title' }, '<< >>\nWe went.', false, 'an empty title'],
  [{ type: 'title' }, '<A Day>', false, 'single brackets'],
  [{ type: 'title' }, '<<split\ntitle>>', false, 'a title stays on one line'],
  [{ type: 'title' }, 'Story: <<The End>> indeed', true, 'anywhere'],
  // two_responses
  [{ type: 'two_responses' }, 'First answer.\n******\nSecond answer.', true, 'two'],
  [{ type: 'two_responses' }, 'Same.\n******\nSame.', false, 'identical'],
  [{ type: 'two_responses' }, 'One.\n******\n******\nTwo.', false, 'an empty middle piece'],
  [{ type: 'two_responses' }, 'A\n******\nB\n******\nC', false, 'three'],
  [{ type: 'two_responses' }, '******\nA\n******\nB\n******', true, 'separators at the ends'],
  // language
  [{ type: 'language', code: 'en' }, 'The weather is nice and the sun is out today.', true, 'English'],
  [{ type: 'language', code: 'de' }, 'Das Wetter ist heute schön und die Sonne scheint.', true, 'German'],
  [{ type: 'language', code: 'en' }, 'Das Wetter ist heute schön und die Sonne scheint.', false, 'German is not English'],
  [{ type: 'language', code: 'ru' }, 'Сегодня хорошая погода, и мы идём гулять.', true, 'Russian (Cyrillic with ы/ё)'],
  [{ type: 'language', code: 'uk' }, 'Сьогодні гарна погода, і ми йдемо гуляти.', true, 'Ukrainian (Cyrillic with і)'],
  [{ type: 'language', code: 'fr' }, "Il fait beau aujourd'hui et nous allons dans le parc.", true, 'French'],
  [{ type: 'language', code: 'ja' }, '今日はいい天気です。', true, 'Japanese (kana)'],
  [{ type: 'language', code: 'hi' }, 'आज मौसम अच्छा है और हम पार्क में हैं।', true, 'Hindi'],
  [{ type: 'language', code: 'es' }, 'Hoy hace buen tiempo y vamos a la playa con los niños.', true, 'Spanish'],
  [{ type: 'language', code: 'en' }, '12345 !!!', false, 'no letters: no language'],
];
