"""A T5-style Unigram tokenizer, written as a Hugging Face tokenizer.json.

The vocabulary is hand-built rather than trained: `<pad>` = 0, `</s>` = 1,
`<unk>` = 2, then whole words of the fixture's corpus as `▁word` (scored by
log frequency), then every printable ASCII character alone and after `▁`
(low scores), so any ASCII text segments without `<unk>`. Pre-tokenization
is T5's (WhitespaceSplit, then Metaspace with `▁` prepended to every word),
and the post-processor appends `</s>` as T5's does. Encoding here is the same
Viterbi search transformers.js runs, so training sees the ids the harness sees.
"""
import collections
import json
import math

SPECIALS = ['<pad>', '</s>', '<unk>']
PAD, EOS, UNK = 0, 1, 2
SPACE = '\u2581'
CHARS = [chr(c) for c in range(33, 127)]


def build_vocab(texts):
    counts = collections.Counter(w for t in texts for w in t.split())
    total = sum(counts.values())
    words = sorted(counts, key=lambda w: (-counts[w], w))
    vocab = [(s, 0.0) for s in SPECIALS]
    vocab += [(SPACE + w, math.log(counts[w] / total)) for w in words if len(w) > 1]
    vocab += [(SPACE + c, -20.0) for c in CHARS] + [(c, -21.0) for c in CHARS] + [(SPACE, -30.0)]
    return vocab


class Tokenizer:
    def __init__(self, vocab):
        self.pieces = [p for p, _ in vocab]
        self.ids = {p: i for i, p in enumerate(self.pieces)}
        self.scores = {p: s for p, s in vocab}
        self.longest = max(len(p) for p in self.pieces)
        self.unk_score = min(s for _, s in vocab) - 10
        self.cache = {}

    def word(self, w):
        """Best-scoring segmentation (Viterbi), an unknown character costing unk_score."""
        if w not in self.cache:
            self.cache[w] = self.viterbi(w)
        return self.cache[w]

    def viterbi(self, w):
        best = [(0.0, -1, None)] + [(-math.inf, -1, None)] * len(w)
        for end in range(1, len(w) + 1):
            for start in range(max(0, end - self.longest), end):
                piece = w[start:end]
                if piece in self.scores:
                    score, pid = self.scores[piece], self.ids[piece]
                elif end - start == 1:
                    score, pid = self.unk_score, UNK
                else:
                    continue
                cand = best[start][0] + score
                if cand > best[end][0]:
                    best[end] = (cand, start, pid)
        out, end = [], len(w)
        while end > 0:
            _, start, pid = best[end]
            out.append(pid)
            end = start
        return out[::-1]

    def encode(self, text, eos=True):
        ids = [i for w in text.split() for i in self.word(SPACE + w)]
        return ids + [EOS] if eos else ids

    def decode(self, ids):
        return ''.join(self.pieces[i] for i in ids if i >= len(SPECIALS)).replace(SPACE, ' ').strip()


def tokenizer_json(vocab):
    added = [{'id': i, 'content': s, 'single_word': False, 'lstrip': False, 'rstrip': False,
              'normalized': False, 'special': True} for i, s in enumerate(SPECIALS)]
    metaspace = {'type': 'Metaspace', 'replacement': SPACE, 'prepend_scheme': 'always', 'split': True}
    eos = {'SpecialToken': {'id': '</s>', 'type_id': 0}}
    return {
        'version': '1.0', 'truncation': None, 'padding': None, 'added_tokens': added,
        'normalizer': None,
        'pre_tokenizer': {'type': 'Sequence', 'pretokenizers': [{'type': 'WhitespaceSplit'}, metaspace]},
        'post_processor': {
            'type': 'TemplateProcessing',
            'single': [{'Sequence': {'id': 'A', 'type_id': 0}}, eos],
            'pair': [{'Sequence': {'id': 'A', 'type_id': 0}}, eos, {'Sequence': {'id': 'B', 'type_id': 0}}, eos],
            'special_tokens': {'</s>': {'id': '</s>', 'ids': [EOS], 'tokens': ['</s>']}},
        },
        'decoder': metaspace,
        'model': {'type': 'Unigram', 'unk_id': UNK, 'byte_fallback': False, 'vocab': [list(v) for v in vocab]},
    }


def tokenizer_config(max_length):
    return {
        'tokenizer_class': 'T5Tokenizer', 'eos_token': '</s>', 'pad_token': '<pad>', 'unk_token': '<unk>',
        'extra_ids': 0, 'additional_special_tokens': [], 'model_max_length': max_length,
        'clean_up_tokenization_spaces': False,
        'added_tokens_decoder': {str(i): {'content': s, 'lstrip': False, 'normalized': False, 'rstrip': False,
                                          'single_word': False, 'special': True} for i, s in enumerate(SPECIALS)},
    }


def save(folder, vocab, max_length):
    with open(f'{folder}/tokenizer.json', 'w') as f:
        json.dump(tokenizer_json(vocab), f, ensure_ascii=False)
    with open(f'{folder}/tokenizer_config.json', 'w') as f:
        json.dump(tokenizer_config(max_length), f, indent=2)
        f.write('\n')
