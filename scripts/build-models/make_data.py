"""Generate the pretraining corpus, the instruction pairs and the toy eval tasks.

usage: python3 make_data.py SEED WORK_DIR TASKS_DIR
"""
import json
import os
import random
import sys

import families as fam
import instructions as ins
import jsfuncs
import world

N_DOCS = 30000
PAIRS_PER_FAMILY = 1500
TRAINED_FAMILIES = list(fam.FAMILIES)
# The first 17 families are the ones tasks/toy/* were first drawn against: their pairs are the
# texts the eval items avoid, so the items stay the same when families are added. Every family
# after them redraws any pair whose text is an eval item's or exemplar's text instead.
FIRST_FAMILIES = TRAINED_FAMILIES[:17]


def corpus_doc(rng):
    r = rng.random()
    names = world.NAMES
    if r < 0.25:
        s = world.story(rng, names)
        return s['text'] + (f' In short, {s["summary"]}' if rng.random() < 0.5 else '')
    if r < 0.43:
        return world.review(rng, names)['text']
    if r < 0.58:
        n = world.news(rng, names)
        return (f'{n["label"].capitalize()} news. ' if rng.random() < 0.5 else '') + n['text']
    if r < 0.76:
        return profile_doc(rng, names)
    if r < 0.92:
        f = jsfuncs.make_function(rng, rng.choice(list(jsfuncs.OPS)))
        return f'// {f["name"]} {f["description"]}\n{f["solution"]}'
    facts = []
    for _ in range(rng.randint(3, 6)):
        w = world.word_category(rng)
        word, label = w['word'], w['label']
        facts.append(f'{word.capitalize()} is food.' if label == 'food' else
                     f'A {word} is {world.a(label)}.' if label in ('animal', 'place') else
                     f'{word.capitalize()} is {world.a(label)}.')
    return ' '.join(facts)


def profile_doc(rng, names):
    # facts, then some of them again: the repeats teach the model to look things up in its context
    p = world.profile(rng, names)
    facts = [f + '.' for f in p['context'].split('. ') if f]
    facts[-1] = facts[-1].rstrip('.') + '.'
    if rng.random() < 0.6:
        again = rng.sample(facts, rng.randint(1, min(3, len(facts))))
        return p['context'] + ' ' + rng.choice(['Remember:', 'So:', 'Again:', 'In short:']) + ' ' + ' '.join(again)
    return p['context']


def sft_pair(rng, family):
    return fam.FAMILIES[family][2](rng, world.TUNE_NAMES)


def write_jsonl(path, rows):
    with open(path, 'w') as f:
        for row in rows:
            f.write(json.dumps(row) + '\n')


def main(seed, work, tasks_dir):
    rng = random.Random(seed)
    docs = [corpus_doc(rng) for _ in range(N_DOCS)]
    with open(os.path.join(work, 'corpus.txt'), 'w') as f:
        f.write('<|endoftext|>'.join(docs))
    pairs, seen_keys = [], set()

    def add(family, avoid):
        while True:
            prompt, reply, key = sft_pair(rng, family)
            if key not in avoid:
                break
        system = rng.choice(ins.SYSTEMS) if rng.random() < 0.2 else None
        pairs.append({'family': family, 'system': system, 'prompt': prompt, 'reply': reply})
        seen_keys.add(key)

    for family in FIRST_FAMILIES:
        for _ in range(PAIRS_PER_FAMILY):
            add(family, set())
    import toy_tasks
    eval_texts = toy_tasks.write_all(random.Random(seed + 1000), tasks_dir, set(seen_keys))
    for family in TRAINED_FAMILIES[len(FIRST_FAMILIES):]:
        for _ in range(PAIRS_PER_FAMILY):
            add(family, eval_texts)
    rng.shuffle(pairs)
    write_jsonl(os.path.join(work, 'sft.jsonl'), pairs)
    print(f'corpus: {len(docs)} docs, {sum(map(len, docs))} chars; sft pairs: {len(pairs)}')


if __name__ == '__main__':
    main(int(sys.argv[1]), sys.argv[2], sys.argv[3])
