"""Rebuild the toy world, the tokenizer, tiny-base and tiny-tuned from one seed.

usage: python3 build.py [--seed N] [--pretrain-steps N] [--finetune-steps N]
"""
import argparse
import copy
import json
import os
import random
import re
import time

import torch

import bpe
import export
import instructions as ins
import make_data
import train
from model import GPT, Config

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORK = os.path.join(HERE, 'work')
COMMAND = 'bash scripts/build-models/build.sh'


def log(msg):
    print(msg, flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--seed', type=int, default=1234)
    p.add_argument('--pretrain-steps', type=int, default=450)
    p.add_argument('--finetune-steps', type=int, default=400)
    p.add_argument('--layers', type=int, default=3)
    p.add_argument('--dim', type=int, default=128)
    p.add_argument('--vocab', type=int, default=1024)
    p.add_argument('--reuse-base', action='store_true',
                   help='development aid: load work/base.pt instead of pretraining again')
    args = p.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    start = time.time()
    os.makedirs(WORK, exist_ok=True)
    make_data.main(args.seed, WORK, os.path.join(ROOT, 'tasks', 'toy'))
    corpus = open(os.path.join(WORK, 'corpus.txt')).read()
    pairs = [json.loads(line) for line in open(os.path.join(WORK, 'sft.jsonl'))]
    # the corpus plus the instruction phrasings (not the pairs), so that changing the
    # tuning data leaves the tokenizer, and so a saved base model, valid
    phrasings = [re.sub(r'\{\w+\}', ' ', t) for t in ins.SENTIMENT + ins.SUMMARY + ins.QA + ins.CODE + ins.CATEGORY]
    vocab, merges = bpe.train([corpus] + phrasings * 20, args.vocab)
    tok_path = os.path.join(WORK, 'tokenizer.json')
    bpe.save(tok_path, vocab, merges)
    tok = bpe.Tokenizer(vocab, merges)
    ids = tok.encode(corpus)
    log(f'tokenizer: {len(vocab)} tokens; corpus: {len(ids)} tokens ({time.time() - start:.0f}s)')

    cfg = Config(vocab_size=len(vocab), n_layer=args.layers, n_head=4, n_embd=args.dim, n_positions=512)
    model = GPT(cfg)
    log(f'model: {model.n_params()} parameters')
    base_pt = os.path.join(WORK, 'base.pt')
    if args.reuse_base:
        model.load_state_dict(torch.load(base_pt))
        pre = json.load(open(os.path.join(ROOT, 'models', 'tiny-base', 'heldout.json')))['training']['pretrain']
    else:
        pre = train.pretrain(model, ids, args.pretrain_steps, 16, 160, args.seed, log)
        torch.save(model.state_dict(), base_pt)
    base = copy.deepcopy(model)
    sft = train.finetune(model, tok, pairs, export.END, args.finetune_steps, 32, args.seed + 1, log)
    torch.save(model.state_dict(), os.path.join(WORK, 'tuned.pt'))

    common = {'architecture': 'gpt2 (pre-LN decoder, learned positions, tied embeddings)', 'config': cfg.to_dict(),
              'parameters': model.n_params(), 'seed': args.seed, 'build_command': COMMAND,
              'tokenizer': f'byte-level BPE, {len(vocab)} tokens, special tokens {bpe.SPECIALS}',
              'corpus': {'documents': make_data.N_DOCS, 'tokens': len(ids)}}
    wall = round(time.time() - start, 1)
    base_card = {'name': 'tiny-base', **common, 'prompt_format': 'plain', 'trained_families': [],
                 'training': {'pretrain': pre, 'total_wall_seconds': wall}}
    tuned_card = {'name': 'tiny-tuned', **common, 'prompt_format': 'chat',
                  'trained_families': make_data.TRAINED_FAMILIES,
                  'training': {'pretrain': pre, 'finetune': {**sft, 'pairs': len(pairs), 'batch': 32,
                                                             'loss': 'assistant reply and <|end|> only'},
                               'total_wall_seconds': wall}}
    export.write_folder(base, os.path.join(ROOT, 'models', 'tiny-base'), tok_path, False, base_card)
    export.write_folder(model, os.path.join(ROOT, 'models', 'tiny-tuned'), tok_path, True, tuned_card)
    log(f'done in {time.time() - start:.0f}s')


if __name__ == '__main__':
    main()
