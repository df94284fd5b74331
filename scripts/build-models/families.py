"""The tuning task families: for each, its category, its instruction phrasings and a pair generator.

A generator takes (rng, names) and returns (prompt, reply, key): `key` is the underlying text
(a review, a story, a profile, a function spec), so eval items can avoid every text tuning saw.
The eval templates in tasks/toy/*/task.yaml are deliberately NOT among these phrasings, and the
held-out families (HELDOUT, written by toy_tasks.py) have no phrasing and no pair here at all.
"""
import json

import instructions as ins
import jsfuncs
import world

# ---- phrasings ----------------------------------------------------------------
REVIEW_FOOD = [
    '{text}\nWas the food good or bad?',
    'Review: {text}\nHow was the food, good or bad?',
    'Read this review. Did the writer find the food good or bad?\n{text}',
    'Food quality in this review (good/bad): {text}',
    '{text}\nAnswer good or bad: what did the writer think of the food?',
    'Judge the food from this review as good or bad.\n{text}',
]
REVIEW_STAFF = [
    '{text}\nWere the staff good or bad?',
    'Review: {text}\nHow were the staff, good or bad?',
    'Read this review. Say good or bad for the staff.\n{text}',
    'Staff in this review (good/bad): {text}',
    '{text}\nDid the writer like the staff? Answer good or bad.',
    'Rate the service in this review as good or bad.\n{text}',
]
FACT_CHECK = [
    '{context}\nIs it true that {claim}? Answer yes or no.',
    'Text: {context}\nClaim: {claim}.\nIs the claim true (yes/no)?',
    'Read the text and answer yes or no.\n{context}\nDoes the text say that {claim}?',
    '{context}\nTrue or not: {claim}. Say yes or no.',
    'Check this claim against the passage: {claim}.\nPassage: {context}\nyes or no?',
    'Passage: {context}\nQuestion: is it so that {claim}?',
]
REVIEW_QA = [
    '{text}\nQuestion: {question}\nAnswer:',
    'Review: {text}\n{question}',
    'Read the review and answer the question.\nReview: {text}\nQuestion: {question}',
    '{question}\nUse this review: {text}',
    'Answer with words from the review. {text}\n{question}',
    'Q: {question}\nReview text: {text}',
]
REVIEW_SUMMARY = [
    'Summarize this review in one sentence.\n{text}',
    '{text}\nWhat did the writer say about the food and the staff? One sentence.',
    'Review: {text}\nShort summary:',
    'Give a one-line summary of the review: {text}',
    '{text}\nSum up this review briefly.',
    'Condense the review to one sentence.\nReview: {text}',
]
JS_DESCRIBE = [
    'What does this JavaScript function do?\n{solution}',
    '{solution}\nDescribe what this function returns.',
    'Explain this code in a few words: {solution}',
    'Code: {solution}\nWhat does it do?',
    'Read the function and say what it returns.\n{solution}',
    'In words, what is the result of {name}?\n{solution}',
]
JS_RENAME = [
    'Rename the function to {new}:\n{solution}',
    '{solution}\nWrite the same function, but call it {new}.',
    'Change the name of this JavaScript function from {name} to {new}. {solution}',
    'Code: {solution}\nGive it the new name {new}.',
    'Please call this function {new} instead of {name}.\n{solution}',
    'Same code, new name {new}: {solution}',
]
WORD_LIMIT = [
    '{context}\nDescribe {name} in at most {n} words.',
    'Text: {context}\nTell me about {name}. Use no more than {n} words.',
    'Using the passage, write about {name} in {n} words or fewer.\n{context}',
    '{context}\nWho is {name}? Keep it under {limit} words.',
    'In at most {n} words, say what the text tells about {name}: {context}',
    'Passage: {context}\nA short description of {name} (max {n} words):',
]
FACT_BULLETS = [
    '{context}\nList {n} facts about {name} as bullet points.',
    'Text: {context}\nGive {n} bullet points about {name}.',
    'Write exactly {n} bullets, each starting with "- ", about {name}.\n{context}',
    '{context}\nWhat do we know about {name}? Answer with {n} bullet points.',
    'Make a list of {n} things the text says about {name}, one per line with "- ": {context}',
    'Passage: {context}\n{n} bullet points on {name}:',
]
FACT_JSON = [
    '{context}\nReturn {name}\'s {fields} as JSON with the keys {keys}.',
    'Text: {context}\nGive a JSON object with the keys {keys} for {name}.',
    'Extract {name}\'s {fields} from the text as a JSON object (keys: {keys}).\n{context}',
    '{context}\nAnswer in JSON only. Keys: {keys}. Person: {name}.',
    'Fill in a JSON record for {name} with {keys}: {context}',
    'Passage: {context}\nJSON for {name} with keys {keys}:',
]
STARTS_WITH = [
    '{text}\nSummarize the story in one sentence. Begin your answer with "{word}".',
    'Story: {text}\nStart your reply with the word {word} and then sum up the story.',
    'Summarize this story. Your first word must be "{word}".\n{text}',
    '{text}\nWrite a one-sentence summary that starts with {word}.',
    'Begin with "{word}" and tell me what happened: {text}',
    'Story: {text}\nSummary (first word: {word}):',
]
LOWERCASE = [
    '{text}\nSummarize this review in lowercase letters only.',
    'Review: {text}\nGive a one-sentence summary. Use no capital letters.',
    'Sum up the review, all in lowercase.\n{text}',
    '{text}\nWrite a summary of the review without any capital letters.',
    'In small letters only, what did the review say? {text}',
    'Review: {text}\nlowercase summary:',
]

# ---- families added for issue #17: stories read for more than a summary, options copied from the
# prompt with many label sets, bullets and JSON over more kinds of text, code QA
STORY_CHECK = [
    '{text}\nIs it true that {claim}? Answer yes or no.',
    'Story: {text}\nClaim: {claim}.\nDoes the story say this (yes/no)?',
    'Read the story and answer yes or no.\n{text}\nDid it happen that {claim}?',
    'Check this against the story: {claim}.\nStory: {text}\nyes or no?',
    '{text}\nTrue or false for this story, answer yes or no: {claim}.',
    'Here is a short story. {text}\nQuestion: is it so that {claim}?',
]
STORY_JSON = [
    '{text}\nReturn the story\'s {fields} as JSON with the keys {keys}.',
    'Story: {text}\nGive a JSON object with the keys {keys}.',
    'Extract the {fields} from this story as a JSON object (keys: {keys}).\n{text}',
    '{text}\nAnswer in JSON only. Keys: {keys}.',
    'Fill in a JSON record about the story with {keys}: {text}',
    'Story: {text}\nJSON with keys {keys}:',
]
REVIEW_BULLETS = [
    '{text}\nList {n} points from this review as bullets.',
    'Review: {text}\nGive {n} bullet points about the visit.',
    'Write exactly {n} bullets, each starting with "- ", about this review.\n{text}',
    '{text}\nWhat did the writer say? Answer with {n} bullet points.',
    'Make a list of {n} things the review says, one per line with "- ": {text}',
    'Review: {text}\n{n} bullet points:',
]
REVIEW_TOWN = [
    '{text}\nWhich town was the writer in: {options}?',
    'Review: {text}\nIn which town is the place? Choose {options}.',
    'Pick the town this review is from ({slash}).\n{text}',
    '{text}\nTown ({slash}):',
    'Read the review and choose the right town: {options}.\n{text}',
]
FACT_CHOICE = [
    '{context}\n{question} Choose {options}.',
    'Text: {context}\nQuestion: {question}\nOptions: {slash}',
    '{question} Pick one of {options}.\n{context}',
    'Passage: {context}\n{question} ({slash})',
    'Read the text and pick the right answer.\n{context}\n{question} {options}?',
    '{context}\nWhich is right, {options}? {question}',
]
JS_BULLETS = [
    '{solution}\nDescribe this function in {n} bullet points.',
    'Code: {solution}\nGive {n} bullets about it, each starting with "- ".',
    'Write exactly {n} bullet points about this JavaScript function.\n{solution}',
    '{solution}\nWhat do we know about this code? Answer with {n} bullet points.',
    'List {n} facts about the function below, one per line with "- ".\n{solution}',
    'Function: {solution}\n{n} bullet points:',
]
JS_NAME = [
    '{solution}\nWhat is the name of this function?',
    'Code: {solution}\nQuestion: what is the function called?',
    'Give the name of the JavaScript function below.\n{solution}',
    '{solution}\nWhich parameters does it take?',
    'Code: {solution}\nList its parameters.',
    'Read this code and name its parameters: {solution}',
]

FIELD_NAMES = {'town': 'town', 'colour': 'colour', 'food': 'food', 'job': 'job', 'count': 'count', 'day': 'day'}
START_WORDS = ['Sure', 'Well', 'Okay', 'Yes', 'So', 'Here', 'Briefly', 'Today']


def _one_person(rng, names):
    p = world.profile(rng, names)
    name = rng.choice(list(p['people']))
    return p, name, p['people'][name]


def _claim(rng, facts, names):
    """A yes/no claim about one person: a fact from the text, or the same fact with another value."""
    key, sentence, value = rng.choice(facts)
    pools = {'town': world.TOWNS, 'colour': world.COLOURS, 'food': world.FOODS, 'job': world.JOBS,
             'count': world.NUMBERS, 'day': world.DAYS}
    true = rng.random() < 0.5
    other = value if true else rng.choice([v for v in pools[key] if v != value])
    claim = sentence.rstrip('.')
    if key == 'colour':
        claim = claim.replace(f' {world.a(value)} ', f' {world.a(other)} ')
    else:
        claim = claim.replace(value, other)
    return claim, 'yes' if true else 'no'


def review_food(rng, names):
    r = world.review(rng, names)
    return rng.choice(REVIEW_FOOD).format(text=r['text']), r['food_label'], r['text']


def review_staff(rng, names):
    r = world.review(rng, names)
    return rng.choice(REVIEW_STAFF).format(text=r['text']), r['staff_label'], r['text']


def fact_check(rng, names):
    p, name, facts = _one_person(rng, names)
    claim, label = _claim(rng, facts, names)
    return rng.choice(FACT_CHECK).format(context=p['context'], claim=claim), label, p['context'] + claim


def review_qa(rng, names):
    r = world.review(rng, names)
    question, answer = rng.choice([('What food did the writer have?', r['food']),
                                   ('Which place did the writer go to?', r['shop'])])
    return rng.choice(REVIEW_QA).format(text=r['text'], question=question), answer, r['text']


def review_summary(rng, names):
    r = world.review(rng, names)
    return rng.choice(REVIEW_SUMMARY).format(text=r['text']), r['summary'], r['text']


def js_describe(rng, names):
    f = jsfuncs.make_function(rng, rng.choice(list(jsfuncs.OPS)))
    return rng.choice(JS_DESCRIBE).format(**f), f['description'].capitalize() + '.', f['signature'] + f['description']


def js_rename(rng, names):
    f = jsfuncs.make_function(rng, rng.choice(list(jsfuncs.OPS)))
    new = rng.choice([n for op in jsfuncs.OPS.values() for n in op[1] if n != f['name']])
    reply = f['solution'].replace(f'function {f["name"]}(', f'function {new}(', 1)
    return rng.choice(JS_RENAME).format(new=new, **f), reply, f['signature'] + f['description']


def word_limit(rng, names):
    p, name, facts = _one_person(rng, names)
    n = rng.randint(max(5, len(facts[0][1].split())), 24)
    kept, used = [], 0
    for _, sentence, _ in facts:
        if used + len(sentence.split()) > n:
            break
        kept.append(sentence)
        used += len(sentence.split())
    prompt = rng.choice(WORD_LIMIT).format(context=p['context'], name=name, n=n, limit=n + 1)
    return prompt, ' '.join(kept), p['context']


def fact_bullets(rng, names):
    p, name, facts = _one_person(rng, names)
    n = rng.randint(2, len(facts))
    reply = '\n'.join(f'- {sentence}' for _, sentence, _ in facts[:n])
    return rng.choice(FACT_BULLETS).format(context=p['context'], name=name, n=n), reply, p['context']


def fact_json(rng, names):
    p, name, facts = _one_person(rng, names)
    chosen = rng.sample(facts, rng.randint(1, 3))
    keys = [FIELD_NAMES[k] for k, _, _ in chosen]
    reply = json.dumps({FIELD_NAMES[k]: v for k, _, v in chosen})
    prompt = rng.choice(FACT_JSON).format(context=p['context'], name=name, fields=ins.options_text(keys).replace(' or ', ' and '),
                                          keys=', '.join(f'"{k}"' for k in keys))
    return prompt, reply, p['context']


def starts_with(rng, names):
    s = world.story(rng, names)
    word = rng.choice(START_WORDS)
    return rng.choice(STARTS_WITH).format(text=s['text'], word=word), f'{word}, {s["summary"]}', s['text']


def lowercase(rng, names):
    r = world.review(rng, names)
    return rng.choice(LOWERCASE).format(text=r['text']), r['summary'].lower(), r['text']


def review_sentiment(rng, names):
    r = world.review(rng, names)
    return rng.choice(ins.SENTIMENT).format(text=r['text']), r['label'], r['text']


def story_summary(rng, names):
    s = world.story(rng, names)
    return rng.choice(ins.SUMMARY).format(text=s['text']), s['summary'], s['text']


def passage_qa(rng, names):
    p = world.profile(rng, names)
    return rng.choice(ins.QA).format(**p), p['answer'], p['context'] + p['question']


def js_function(rng, names):
    f = jsfuncs.make_function(rng, rng.choice(list(jsfuncs.OPS)))
    return rng.choice(ins.CODE).format(**f), f['solution'], f['signature'] + f['description']


def word_category(rng, names):
    w = world.word_category(rng)
    prompt = rng.choice(ins.CATEGORY).format(word=w['word'], options=ins.options_text(w['choices']),
                                             slash='/'.join(w['choices']))
    return prompt, w['label'], prompt


def story_check(rng, names):
    s = world.story(rng, names)
    facts = [('place', f'{s["who"]} went to the {s["place"]}', s['place'], world.PLACES),
             ('day', f'{s["who"]} went out on {s["day"]}', s['day'], world.DAYS)]
    if s['town']:
        facts.append(('town', f'{s["name"]} lives in {s["town"]}', s['town'], world.TOWNS))
    _, claim, value, pool = rng.choice(facts)
    true = rng.random() < 0.5
    if not true:
        claim = claim.replace(value, rng.choice([v for v in pool if v != value]))
    return rng.choice(STORY_CHECK).format(text=s['text'], claim=claim), 'yes' if true else 'no', s['text']


def story_json(rng, names):
    s = world.story(rng, names)
    fields = {'day': s['day'], 'place': s['place'], 'who': s['who']}
    if s['town']:
        fields['town'] = s['town']
    keys = rng.sample(list(fields), rng.randint(1, min(3, len(fields))))
    reply = json.dumps({k: fields[k] for k in keys})
    prompt = rng.choice(STORY_JSON).format(text=s['text'], fields=ins.options_text(keys).replace(' or ', ' and '),
                                           keys=', '.join(f'"{k}"' for k in keys))
    return prompt, reply, s['text']


def review_bullets(rng, names):
    r = world.review(rng, names)
    sentences = [x + '.' for x in r['text'].rstrip('.').split('. ')]
    n = rng.randint(2, len(sentences))
    reply = '\n'.join(f'- {x}' for x in sentences[:n])
    return rng.choice(REVIEW_BULLETS).format(text=r['text'], n=n), reply, r['text']


def _choices(rng, answer, pool, k):
    others = rng.sample([v for v in pool if v != answer], k - 1)
    out = others + [answer]
    rng.shuffle(out)
    return out


def review_town(rng, names):
    while True:
        r = world.review(rng, names)
        town = next((t for t in world.TOWNS if f' in {t}.' in r['text']), None)
        if town:
            break
    opts = _choices(rng, town, world.TOWNS, rng.choice([2, 3, 4]))
    prompt = rng.choice(REVIEW_TOWN).format(text=r['text'], options=ins.options_text(opts), slash='/'.join(opts))
    return prompt, town, r['text']


def fact_choice(rng, names):
    p = world.profile(rng, names)
    name = rng.choice(list(p['people']))
    key, _, value = rng.choice(p['people'][name])
    pools = {'town': world.TOWNS, 'colour': world.COLOURS, 'food': world.FOODS, 'job': world.JOBS,
             'count': world.NUMBERS, 'day': world.DAYS}
    questions = {'town': f'Where does {name} live?', 'colour': f'What colour is the pet of {name}?',
                 'food': f'What does {name} like to eat?', 'job': f'Where does {name} work?',
                 'count': f'How many things of one kind does {name} have?', 'day': f'When does {name} swim?'}
    opts = _choices(rng, value, pools[key], rng.choice([2, 3, 4]))
    prompt = rng.choice(FACT_CHOICE).format(context=p['context'], question=questions[key],
                                            options=ins.options_text(opts), slash='/'.join(opts))
    return prompt, value, p['context']


def js_bullets(rng, names):
    f = jsfuncs.make_function(rng, rng.choice(list(jsfuncs.OPS)))
    facts = [f'It is called {f["name"]}.', f'It takes {f["params"]}.', f'It {f["description"]}.']
    n = rng.randint(2, 3)
    reply = '\n'.join(f'- {x}' for x in facts[:n])
    return rng.choice(JS_BULLETS).format(n=n, **f), reply, f['signature'] + f['description']


def js_name(rng, names):
    f = jsfuncs.make_function(rng, rng.choice(list(jsfuncs.OPS)))
    phrasing = rng.choice(JS_NAME)
    reply = f['name'] if 'name' in phrasing or 'called' in phrasing else f['params']
    return phrasing.format(**f), reply, f['signature'] + f['description']


# name: (category, phrasings, generator). Order matters: it is the order of make_data's rng draws.
FAMILIES = {
    'toy-review-sentiment': ('classification', ins.SENTIMENT, review_sentiment),
    'toy-story-summary': ('summarization', ins.SUMMARY, story_summary),
    'toy-passage-qa': ('qa', ins.QA, passage_qa),
    'toy-js-function': ('code', ins.CODE, js_function),
    'toy-word-category': ('classification', ins.CATEGORY, word_category),
    'toy-review-food': ('classification', REVIEW_FOOD, review_food),
    'toy-review-staff': ('classification', REVIEW_STAFF, review_staff),
    'toy-fact-check': ('classification', FACT_CHECK, fact_check),
    'toy-review-qa': ('qa', REVIEW_QA, review_qa),
    'toy-review-summary': ('summarization', REVIEW_SUMMARY, review_summary),
    'toy-js-describe': ('code', JS_DESCRIBE, js_describe),
    'toy-js-rename': ('code', JS_RENAME, js_rename),
    'toy-word-limit': ('constraint', WORD_LIMIT, word_limit),
    'toy-fact-bullets': ('constraint', FACT_BULLETS, fact_bullets),
    'toy-fact-json': ('constraint', FACT_JSON, fact_json),
    'toy-starts-with': ('constraint', STARTS_WITH, starts_with),
    'toy-lowercase': ('constraint', LOWERCASE, lowercase),
    'toy-story-check': ('classification', STORY_CHECK, story_check),
    'toy-review-town': ('classification', REVIEW_TOWN, review_town),
    'toy-fact-choice': ('classification', FACT_CHOICE, fact_choice),
    'toy-js-name': ('qa', JS_NAME, js_name),
    'toy-story-json': ('constraint', STORY_JSON, story_json),
    'toy-review-bullets': ('constraint', REVIEW_BULLETS, review_bullets),
    'toy-js-bullets': ('constraint', JS_BULLETS, js_bullets),
}
# Families with eval tasks under tasks/toy/ and nothing in any tuning set.
HELDOUT = {'toy-news-topic': 'classification', 'toy-story-qa': 'qa', 'toy-story-bullets': 'constraint'}


def all_phrasings():
    return [p for _, phrasings, _ in FAMILIES.values() for p in phrasings]
