import { Seq2SeqModel } from './src/models/onnx/seq2seq-model.ts';
const base = await Seq2SeqModel.load('b', 'test/fixtures/tiny-t5-base', { threads: 1 });
const tuned = await Seq2SeqModel.load('t', 'test/fixtures/tiny-t5-tuned', { threads: 1 });
const s = { temperature: 0, topP: 1, n: 1, seed: 1 };
const prompts = ['hello world', 'xyzzy quux frob', 'Review: the food was great', 'Sentiment: it was a terrible day', 'the movie was boring', 'Classify: lovely hotel', 'wonderful', 'Is this positive or negative? we felt sad'];
for (const m of [base, tuned]) {
  const r = await m.generate(prompts.map((p) => ({ prompt: { kind: 'text', text: p }, maxNewTokens: 8, stop: [], sampling: s })));
  console.log(m.name, r.map((x) => [x.texts[0], x.finish[0]]));
  const l = await m.loglikelihood([{ context: { kind: 'text', text: 'Review: the food was great\nSentiment:' }, continuations: [' positive', ' negative', ' great'] }]);
  console.log(JSON.stringify(l));
}
