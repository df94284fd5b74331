"""The diversity study's checkpoints: the shipped base tuned on 1, 2, 4, 8 ... of the tuning families.

usage: python3 diversity.py [--counts 1,2,4,8] [--seed N] [--finetune-steps N]

Every checkpoint starts from the same base (work/base.pt from build.sh; pretrained again with the
same seed when it is missing), sees the same number of steps and batch size, and differs only in
which families its pairs come from: the first N of one fixed order that takes the categories in
turn (so 4 families already span classification, qa, summarization and code or constraints). The
held-out families (families.HELDOUT) are in no tuning set. Checkpoints go to models/diversity/
(git-ignored). The all-families point is the shipped models/tiny-tuned: build.py tunes it with
exactly this recipe (same base, seed, steps), so it is not trained a second time.
"""
import json
import os
import random
import time

import build
import export
import families as fam

OUT = os.path.join(build.ROOT, 'models', 'diversity')


def family_order(seed):
    """Round-robin over the categories (in a seeded order), each category's families seeded-shuffled."""
    rng = random.Random(seed + 77)
    by_cat = {}
    for name, (cat, _, _) in fam.FAMILIES.items():
        by_cat.setdefault(cat, []).append(name)
    cats = sorted(by_cat)
    rng.shuffle(cats)
    for c in cats:
        rng.shuffle(by_cat[c])
    order = []
    while any(by_cat.values()):
        for c in cats:
            if by_cat[c]:
                order.append(by_cat[c].pop(0))
    return order


def main():
    p = build.parser(__doc__)
    p.add_argument('--counts', default='1,2,4,8', help='family counts to tune on, comma-separated')
    args = p.parse_args()
    counts = [int(c) for c in args.counts.split(',') if c.strip()]
    order = family_order(args.seed)
    if any(c < 1 or c > len(order) for c in counts):
        raise SystemExit(f'--counts: each count must be between 1 and {len(order)} (the tuning families)')
    have_base = all(os.path.exists(os.path.join(build.WORK, f)) for f in ('base.pt', 'base-pretrain.json'))
    args.reuse_base = have_base
    if not have_base:
        build.log('no work/base.pt from build.sh: pretraining the base again (same seed, so the same base)')
    prep = build.prepare(args)
    build.log(f'family order: {", ".join(order)}')
    os.makedirs(OUT, exist_ok=True)
    for n in counts:
        start = time.time()
        families = order[:n]
        name = f'families-{n:02d}'
        build.log(f'{name}: tuning on {", ".join(families)}')
        model, sft = build.tune(prep, families, args.finetune_steps, args.seed + 1)
        card = build.tuned_card(prep, name, families, sft)
        card['diversity'] = {'family_order': order, 'count': n,
                             'command': 'bash scripts/build-models/diversity'}
        export.write_folder(model, os.path.join(OUT, name), prep['tok_path'], True, card)
        build.log(f'{name}: written in {time.time() - start:.0f}s')
    with open(os.path.join(OUT, 'order.json'), 'w') as f:
        json.dump({'family_order': order, 'counts': counts}, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
