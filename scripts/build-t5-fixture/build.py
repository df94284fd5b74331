"""Build test/fixtures/tiny-t5-base and tiny-t5-tuned from one seed.

base:  a tiny T5 trained briefly to answer with the first word of its input;
tuned: the base trained further to answer "positive" / "negative" from a
       sentiment keyword (with some copy examples mixed in).
"""
import argparse
import os
import sys
import time

import torch

import data
import unigram
from export import write_folder
from t5 import T5, Config
from train import accuracy, greedy, train

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def card(name, model, seed, families, training):
    return {
        'name': name,
        'architecture': 't5 (v1.0 layout: RMS norm, relative position buckets, ReLU FF, tied embeddings)',
        'config': model.cfg.to_dict(),
        'parameters': sum(p.numel() for p in model.parameters()),
        'seed': seed,
        'build_command': '/usr/bin/python3 scripts/build-t5-fixture/build.py',
        'tokenizer': f'Unigram (T5 style, </s> appended), {model.cfg.vocab_size} pieces',
        'prompt_format': 'plain',
        'trained_families': families,
        'training': training,
    }


def check_cache(model, tok, prompts):
    """Cached greedy decoding must equal re-running the whole prefix at every step."""
    for p in prompts:
        fast, slow = greedy(model, tok, p, 10, True), greedy(model, tok, p, 10, False)
        if fast != slow:
            raise SystemExit(f'cached decoding differs from uncached on {p!r}: {fast} vs {slow}')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--seed', type=int, default=1234)
    ap.add_argument('--out', default=os.path.join(ROOT, 'test', 'fixtures'))
    ap.add_argument('--base-steps', type=int, default=1000)
    ap.add_argument('--tuned-steps', type=int, default=800)
    args = ap.parse_args()
    # one thread: on a tiny model the second one only adds synchronisation (26x slower on a busy 2-core box)
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    started = time.time()

    vocab = unigram.build_vocab(data.vocabulary_texts())
    tok = unigram.Tokenizer(vocab)
    model = T5(Config(vocab_size=len(vocab)))
    log(f'vocab {len(vocab)}, parameters {sum(p.numel() for p in model.parameters())}')

    copy = data.pairs('copy', 4000, args.seed + 1)
    base_training = train(model, tok, copy, args.base_steps, 32, 3e-3, args.seed + 2, log, 'base')
    held_copy = data.pairs('copy', 100, args.seed + 3)
    base_training['copy_accuracy'] = accuracy(model, tok, held_copy)
    check_cache(model, tok, [p for p, _ in held_copy[:10]])
    log(f'base copy accuracy {base_training["copy_accuracy"]:.2f}')
    write_folder(model, os.path.join(args.out, 'tiny-t5-base'), vocab,
                 card('tiny-t5-base', model, args.seed, ['copy-first-word'], {'copy': base_training}))

    mixed = data.pairs('sentiment', 4000, args.seed + 4) + copy[:1000]
    tuned_training = train(model, tok, mixed, args.tuned_steps, 32, 3e-3, args.seed + 5, log, 'tuned')
    held_sentiment = data.pairs('sentiment', 200, args.seed + 6)
    tuned_training['sentiment_accuracy'] = accuracy(model, tok, held_sentiment)
    check_cache(model, tok, [p for p, _ in held_sentiment[:10]])
    log(f'tuned sentiment accuracy {tuned_training["sentiment_accuracy"]:.2f}')
    write_folder(model, os.path.join(args.out, 'tiny-t5-tuned'), vocab,
                 card('tiny-t5-tuned', model, args.seed, ['copy-first-word', 'keyword-sentiment'],
                      {'copy': base_training, 'sentiment': tuned_training}))
    log(f'done in {time.time() - started:.1f}s')


if __name__ == '__main__':
    main()
