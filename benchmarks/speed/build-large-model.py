"""Build a larger random-init GPT-2-layout ONNX folder for the speed benchmarks.

Same inputs, outputs and config fields as models/tiny-base (it reuses the exporter of
scripts/build-models), but 6 layers x 384 hidden, 6 heads, the shipped tokenizer's vocab,
seeded random weights (no training: speed does not depend on what the weights say).

usage: /usr/bin/python3 benchmarks/speed/build-large-model.py [--out DIR] [--layers 6] [--dim 384] [--heads 6] [--seed 1234]
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, 'scripts', 'build-models'))

import torch  # noqa: E402

import export  # noqa: E402
from model import GPT, Config  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--out', default=os.path.join(HERE, 'work', 'large-random'))
    p.add_argument('--layers', type=int, default=6)
    p.add_argument('--dim', type=int, default=384)
    p.add_argument('--heads', type=int, default=6)
    p.add_argument('--seed', type=int, default=1234)
    p.add_argument('--tokenizer', default=os.path.join(ROOT, 'models', 'tiny-base', 'tokenizer.json'))
    args = p.parse_args()
    torch.manual_seed(args.seed)
    vocab = len(json.load(open(args.tokenizer))['model']['vocab'])
    cfg = Config(vocab_size=vocab, n_layer=args.layers, n_head=args.heads, n_embd=args.dim, n_positions=512)
    model = GPT(cfg).eval()
    card = {'name': os.path.basename(args.out), 'architecture': 'gpt2 (pre-LN decoder, learned positions, tied embeddings)',
            'config': cfg.to_dict(), 'parameters': model.n_params(), 'seed': args.seed,
            'build_command': 'python3 benchmarks/speed/build-large-model.py', 'prompt_format': 'plain',
            'trained_families': [], 'note': 'random init, for speed benchmarks only'}
    export.write_folder(model, args.out, args.tokenizer, False, card)
    print(f'{args.out}: {model.n_params()} parameters, {cfg}')


if __name__ == '__main__':
    main()
