"""Rebuild the toy world, the tokenizer, tiny-base and tiny-tuned from one seed.

usage: python3 build.py [--seed N] [--pretrain-steps N] [--finetune-steps N] [--finetune-lr X] [--mix X] [--reuse-base]
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
import families as fam
import make_data
import train
from model import GPT, Config

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORK = os.path.join(HERE, 'work')
COMMAND = 'bash scripts/build-models/build.sh'
FINETUNE_BATCH = 32


def log(msg):
    print(msg, flush=True)


def parser(doc):
    p = argparse.ArgumentParser(description=doc)
    p.add_argument('--seed', type=int, default=1234)
    p.add_argument('--pretrain-steps', type=int, default=450)
    p.add_argument('--finetune-steps', type=int, default=1200)
    p.add_argument('--layers', type=int, default=3)
    p.add_argument('--dim', type=int, default=128)
    p.add_argument('--vocab', type=int, default=1024)
    p.add_argument('--finetune-lr', type=float, default=1e-3)
    p.add_argument('--mix', type=float, default=0.2,
                   help='share of fine-tuning steps that are corpus batches (language-model loss on every token)')
    p.add_argument('--reuse-base', action='store_true',
                   help='load work/base.pt instead of pretraining again (same seed and sizes)')
    return p


def prepare(args):
    """World, tasks/toy/*, tokenizer and base model (pretrained, or work/base.pt with --reuse-base)."""
    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    start = time.time()
    os.makedirs(WORK, exist_ok=True)
    make_data.main(args.seed, WORK, os.path.join(ROOT, 'tasks', 'toy'))
    corpus = open(os.path.join(WORK, 'corpus.txt')).read()
    pairs = [json.loads(line) for line in open(os.path.join(WORK, 'sft.jsonl'))]
    # the corpus plus the instruction phrasings of every tuning family (not the pairs), so that
    # tuning on any subset of the families leaves the tokenizer, and so a saved base model, valid
    phrasings = [re.sub(r'\{\w+\}', ' ', t) for t in fam.all_phrasings()]
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
        pre = json.load(open(os.path.join(WORK, 'base-pretrain.json')))
    else:
        pre = train.pretrain(model, ids, args.pretrain_steps, 16, 160, args.seed, log)
        torch.save(model.state_dict(), base_pt)
        with open(os.path.join(WORK, 'base-pretrain.json'), 'w') as f:
            json.dump(pre, f)
    common = {'architecture': 'gpt2 (pre-LN decoder, learned positions, tied embeddings)', 'config': cfg.to_dict(),
              'parameters': model.n_params(), 'seed': args.seed, 'build_command': COMMAND,
              'tokenizer': f'byte-level BPE, {len(vocab)} tokens, special tokens {bpe.SPECIALS}',
              'corpus': {'documents': make_data.N_DOCS, 'tokens': len(ids)}}
    return {'tok': tok, 'tok_path': tok_path, 'pairs': pairs, 'model': model, 'pre': pre, 'common': common,
            'start': start, 'ids': ids, 'lr': args.finetune_lr, 'mix': args.mix}


def tune(prep, families, steps, seed):
    """A copy of the base fine-tuned on the pairs of `families` (same steps and batch whatever the count)."""
    model = copy.deepcopy(prep['model'])
    torch.manual_seed(seed)
    pairs = [p for p in prep['pairs'] if p['family'] in families]
    sft = train.finetune(model, prep['tok'], pairs, export.END, steps, FINETUNE_BATCH, seed, log,
                         lr=prep['lr'], corpus_ids=prep['ids'], mix=prep['mix'])
    record = {**sft, 'pairs': len(pairs), 'batch': FINETUNE_BATCH, 'peak_lr': prep['lr'],
              'loss': 'assistant reply and <|end|> only'}
    if prep['mix'] > 0:
        record['corpus_mix'] = {'share_of_steps': prep['mix'], 'batch': '16 x 160 corpus tokens, loss on every token'}
    return model, record


def tuned_card(prep, name, families, sft):
    return {'name': name, **prep['common'], 'prompt_format': 'chat', 'trained_families': list(families),
            'trained_family_categories': {f: fam.FAMILIES[f][0] for f in families},
            'heldout_families': sorted(fam.HELDOUT),
            'training': {'pretrain': prep['pre'], 'finetune': sft}}


def main():
    args = parser(__doc__).parse_args()
    prep = prepare(args)
    families = make_data.TRAINED_FAMILIES
    model, sft = tune(prep, families, args.finetune_steps, args.seed + 1)
    torch.save(model.state_dict(), os.path.join(WORK, 'tuned.pt'))
    base_card = {'name': 'tiny-base', **prep['common'], 'prompt_format': 'plain', 'trained_families': [],
                 'heldout_families': sorted(fam.HELDOUT), 'training': {'pretrain': prep['pre']}}
    export.write_folder(prep['model'], os.path.join(ROOT, 'models', 'tiny-base'), prep['tok_path'], False, base_card)
    export.write_folder(model, os.path.join(ROOT, 'models', 'tiny-tuned'), prep['tok_path'], True,
                        tuned_card(prep, 'tiny-tuned', families, sft))
    log(f'done in {time.time() - prep["start"]:.0f}s')


if __name__ == '__main__':
    main()
