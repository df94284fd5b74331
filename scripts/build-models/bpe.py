"""A byte-level BPE trainer and encoder that writes a Hugging Face tokenizer.json.

Pre-tokenization follows GPT-2's regex; the toy world is ASCII, where
\\p{L} and \\p{N} are [A-Za-z] and [0-9], so Python's re is enough.
"""
import collections
import json
import re

SPECIALS = ['<|endoftext|>', '<|user|>', '<|assistant|>', '<|system|>', '<|end|>']
PRETOKEN = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+""")
SPECIAL_SPLIT = re.compile('(' + '|'.join(re.escape(s) for s in SPECIALS) + ')')


def bytes_to_unicode():
    bs = list(range(ord('!'), ord('~') + 1)) + list(range(ord('¡'), ord('¬') + 1)) + list(range(ord('®'), ord('ÿ') + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


BYTE_CHARS = bytes_to_unicode()


def pretokens(text):
    return [''.join(BYTE_CHARS[b] for b in piece.encode('utf-8')) for piece in PRETOKEN.findall(text)]


def train(texts, vocab_size):
    words = collections.Counter()
    for text in texts:
        for part in SPECIAL_SPLIT.split(text):
            if part and part not in SPECIALS:
                words.update(pretokens(part))
    vocab = SPECIALS + [BYTE_CHARS[b] for b in range(256)]
    splits = {w: list(w) for w in words}
    merges = []
    while len(vocab) < vocab_size:
        pairs = collections.Counter()
        for w, syms in splits.items():
            for p in zip(syms, syms[1:]):
                pairs[p] += words[w]
        if not pairs:
            break
        best = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))[0]  # ties broken deterministically
        merges.append(best)
        vocab.append(best[0] + best[1])
        for w, syms in splits.items():
            i, out = 0, []
            while i < len(syms):
                if i + 1 < len(syms) and (syms[i], syms[i + 1]) == best:
                    out.append(syms[i] + syms[i + 1])
                    i += 2
                else:
                    out.append(syms[i])
                    i += 1
            splits[w] = out
    return vocab, merges


class Tokenizer:
    def __init__(self, vocab, merges):
        self.ids = {t: i for i, t in enumerate(vocab)}
        self.ranks = {tuple(m): i for i, m in enumerate(merges)}
        self.cache = {}

    def word(self, w):
        if w in self.cache:
            return self.cache[w]
        syms = list(w)
        while len(syms) > 1:
            ranked = [(self.ranks.get(p, 1 << 30), i) for i, p in enumerate(zip(syms, syms[1:]))]
            rank, i = min(ranked)
            if rank == 1 << 30:
                break
            syms = syms[:i] + [syms[i] + syms[i + 1]] + syms[i + 2:]
        out = [self.ids[s] for s in syms]
        self.cache[w] = out
        return out

    def encode(self, text):
        out = []
        for part in SPECIAL_SPLIT.split(text):
            if part in SPECIALS:
                out.append(self.ids[part])
            elif part:
                for w in pretokens(part):
                    out.extend(self.word(w))
        return out


def tokenizer_json(vocab, merges):
    added = [{'id': i, 'content': s, 'single_word': False, 'lstrip': False, 'rstrip': False,
              'normalized': False, 'special': True} for i, s in enumerate(SPECIALS)]
    byte_level = {'type': 'ByteLevel', 'add_prefix_space': False, 'trim_offsets': True, 'use_regex': True}
    return {
        'version': '1.0', 'truncation': None, 'padding': None, 'added_tokens': added,
        'normalizer': None, 'pre_tokenizer': byte_level,
        'post_processor': {**byte_level, 'trim_offsets': False}, 'decoder': byte_level,
        'model': {'type': 'BPE', 'dropout': None, 'unk_token': None, 'continuing_subword_prefix': '',
                  'end_of_word_suffix': '', 'fuse_unk': False, 'byte_fallback': False, 'ignore_merges': False,
                  'vocab': {t: i for i, t in enumerate(vocab)}, 'merges': [f'{a} {b}' for a, b in merges]},
    }


def save(path, vocab, merges):
    with open(path, 'w') as f:
        json.dump(tokenizer_json(vocab, merges), f, ensure_ascii=False)
