"""The toy world: entities and the generators of its texts.

Every generator takes a random.Random and returns a dict, so the same seed
always gives the same world. Sentence patterns are deliberately regular, so a
sub-million-parameter model can learn them.
"""
import re

NAMES = ['Tom', 'Anna', 'Ben', 'Lily', 'Sam', 'Mia', 'Max', 'Zoe', 'Leo', 'Emma',
         'Jack', 'Lucy', 'Finn', 'Ella', 'Noah', 'Ruby', 'Owen', 'Ivy', 'Adam', 'Rosa',
         'Dan', 'Kate', 'Paul', 'Nina', 'Hugo', 'Jane', 'Carl', 'Beth', 'Eric', 'Alice',
         'Otto', 'Lena', 'Mark', 'Sara', 'Ian', 'Maya', 'Ted', 'Eva', 'Ray', 'Cleo']
# Names that never occur in an instruction pair: only in the corpus and in eval items.
HELDOUT_NAMES = ['Otto', 'Lena', 'Mark', 'Sara', 'Ian', 'Maya', 'Ted', 'Eva', 'Ray', 'Cleo']
TUNE_NAMES = [n for n in NAMES if n not in HELDOUT_NAMES]
TOWNS = ['Greenhill', 'Redwood', 'Sunvale', 'Lakeside', 'Stonebridge', 'Oakdale', 'Mapleton',
         'Riverford', 'Hillcrest', 'Brookfield', 'Fairport', 'Westwood', 'Pinecliff', 'Elmford']
PLACES = ['market', 'park', 'beach', 'library', 'farm', 'zoo', 'river', 'shop', 'garden', 'lake']
ANIMALS = ['cat', 'dog', 'bird', 'fish', 'rabbit', 'horse', 'duck', 'fox', 'goat', 'pig', 'cow', 'frog']
COLOURS = ['red', 'blue', 'green', 'yellow', 'white', 'black', 'pink', 'brown', 'grey', 'orange']
FOODS = ['apples', 'bread', 'cake', 'soup', 'rice', 'cheese', 'eggs', 'pizza', 'pears',
         'carrots', 'noodles', 'beans', 'plums', 'cookies']
THINGS = ['ball', 'hat', 'kite', 'pen', 'shell', 'key', 'book', 'cup', 'bag', 'coin']
JOBS = ['bakery', 'school', 'farm', 'library', 'hospital', 'shop', 'post office', 'cafe', 'bank', 'zoo']
DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
NUMBERS = ['two', 'three', 'four', 'five', 'six', 'seven']
FEELINGS = ['happy', 'tired', 'glad', 'sleepy', 'proud', 'calm']


def a(word):
    return ('an ' if word[0] in 'aeiou' else 'a ') + word


def pick_two(rng, pool):
    a = rng.choice(pool)
    b = rng.choice([x for x in pool if x != a])
    return a, b


# ---- stories and their one-sentence summaries -------------------------------
def story_action(rng, other):
    return rng.choice([
        f'bought some {rng.choice(FOODS)}', f'found {a(rng.choice(COLOURS))} {rng.choice(THINGS)}',
        f'met {other}', f'ate some {rng.choice(FOODS)}', f'lost {a(rng.choice(COLOURS))} {rng.choice(THINGS)}',
        f'saw a big {rng.choice(ANIMALS)}', f'played with {a(rng.choice(THINGS))}',
        f'drew {a(rng.choice(COLOURS))} {rng.choice(ANIMALS)}'])


def story(rng, names):
    n, m = pick_two(rng, names)
    friend = rng.random() < 0.3
    place, day = rng.choice(PLACES), rng.choice(DAYS)
    action = story_action(rng, rng.choice([x for x in names if x not in (n, m)]))
    who = f'{n} and {m}' if friend else n
    they = 'they' if friend else n
    intro = [f'{n} lives in {rng.choice(TOWNS)}.', f'{n} has {a(rng.choice(COLOURS))} {rng.choice(ANIMALS)}.']
    rng.shuffle(intro)
    intro = intro[: rng.choice([1, 2])]
    extra = rng.choice(['', 'It was a warm day. ', 'The sky was grey. ', 'The sun was out. ', 'It was cold. '])
    body = [f'On {day}, {who} went to the {place}.', f'{extra}At the {place}, {they} {action}.']
    end = rng.choice([f'{"They" if friend else n} felt {rng.choice(FEELINGS)}.', f'Then {they} went home.',
                      f'{"They" if friend else n} had a good day.'])
    text = ' '.join(intro + body + [end])
    town = next((x.split(' lives in ')[1].rstrip('.') for x in intro if ' lives in ' in x), None)
    return {'text': text, 'summary': f'{who} went to the {place} and {action}.', 'who': who, 'name': n,
            'place': place, 'day': day, 'action': action, 'town': town, 'end': end,
            'events': [f'{who} went to the {place} on {day}.', f'{they[0].upper() + they[1:]} {action}.',
                       end]}


# ---- reviews ----------------------------------------------------------------
GOOD_FOOD = ['tasty', 'fresh', 'warm', 'lovely', 'great', 'sweet', 'perfect']
BAD_FOOD = ['cold', 'stale', 'bland', 'awful', 'burnt', 'dry', 'too salty']
GOOD_STAFF = ['kind', 'friendly', 'helpful', 'quick', 'polite']
BAD_STAFF = ['rude', 'slow', 'lazy', 'grumpy', 'careless']
GOOD_END = ['I will come back.', 'Five stars.', 'I loved it.', 'I am very happy.', 'What a great place.']
BAD_END = ['I will not come back.', 'One star.', 'I hated it.', 'I am very sad.', 'What a bad place.']
SHOPS = ['the cafe', 'the bakery', 'the pizza shop', 'the tea house', 'the noodle bar', 'the soup kitchen']


def review(rng, names):
    label = rng.choice(['positive', 'negative'])
    cues = [label == 'positive'] * 3
    if rng.random() < 0.3:  # one cue says the opposite; the majority decides
        i = rng.randrange(3)
        cues[i] = not cues[i]
    food = rng.choice(FOODS)
    verb = 'was' if food in ('bread', 'cake', 'soup', 'rice', 'cheese', 'pizza') else 'were'
    parts = [f'I went to {rng.choice(SHOPS)} in {rng.choice(TOWNS)}.',
             f'The {food} {verb} {rng.choice(GOOD_FOOD if cues[0] else BAD_FOOD)}.',
             f'The staff were {rng.choice(GOOD_STAFF if cues[1] else BAD_STAFF)}.',
             rng.choice(GOOD_END if cues[2] else BAD_END)]
    if rng.random() < 0.3:
        parts[0] = f'{rng.choice(names)} took me to {rng.choice(SHOPS)} on {rng.choice(DAYS)}.'
    shop = re.search(r'(the [a-z ]+?) (in|on) ', parts[0]).group(1)
    food_word = parts[1].split(f' {verb} ')[1].rstrip('.')
    staff_word = parts[2].split(' were ')[1].rstrip('.')
    return {'text': ' '.join(parts), 'label': label, 'food': food, 'shop': shop,
            'food_label': 'good' if cues[0] else 'bad', 'staff_label': 'good' if cues[1] else 'bad',
            'summary': f'The {food} {verb} {food_word} and the staff were {staff_word}.'}


# ---- news items (topic family; never in tuning) ------------------------------
TOPICS = ['sports', 'weather', 'music', 'farming']


def news(rng, names):
    topic = rng.choice(TOPICS)
    t1, t2 = pick_two(rng, TOWNS)
    n, day = rng.choice(names), rng.choice(DAYS)
    num = rng.choice(NUMBERS)
    options = {
        'sports': [f'The {t1} football team played {t2} on {day}. {n} scored {num} goals. The fans cheered.',
                   f'{n} won the race in {t1} on {day}. {n} ran very fast. The team was proud.',
                   f'The {t1} swim club had a match on {day}. {n} won a medal. The coach was happy.'],
        'weather': [f'Heavy rain fell in {t1} on {day}. The river was high. People stayed at home.',
                    f'It was very hot in {t1} on {day}. Children played in the water. The sun was strong.',
                    f'Snow fell in {t1} on {day}. The roads were white. {n} made a snowman.'],
        'music': [f'A band played in the {t1} park on {day}. {n} sang a song. Many people danced.',
                  f'{n} gave a piano show in {t1} on {day}. The hall was full. Everyone clapped.',
                  f'The {t1} choir sang on {day}. {n} played the drum. The songs were loud.'],
        'farming': [f'The farmers in {t1} picked {num} boxes of {rng.choice(FOODS)} on {day}. The harvest was good.',
                    f'{n} fed the {rng.choice(ANIMALS)}s on the farm in {t1}. The barn was clean. The fields were green.',
                    f'The farm near {t1} got {num} new {rng.choice(ANIMALS)}s on {day}. {n} planted seeds.'],
    }
    return {'text': rng.choice(options[topic]), 'label': topic}


# ---- profiles and extractive questions --------------------------------------
def person_facts(rng, n):
    animal, num = rng.choice(ANIMALS), rng.choice(NUMBERS)
    facts = {
        'town': (f'{n} lives in {{v}}.', rng.choice(TOWNS), f'Where does {n} live?'),
        'colour': (f'{n} has {{a}} {animal}.', rng.choice(COLOURS), f"What colour is {n}'s {animal}?"),
        'food': (f'{n} likes to eat {{v}}.', rng.choice(FOODS), f'What does {n} like to eat?'),
        'job': (f'{n} works at the {{v}}.', rng.choice(JOBS), f'Where does {n} work?'),
        'count': (f'{n} has {{v}} {rng.choice(THINGS)}s.', num, None),
        'day': (f'{n} swims every {{v}}.', rng.choice(DAYS), f'When does {n} swim?'),
    }
    thing = facts['count'][0].split(' ')[-1].rstrip('.')
    facts['count'] = (facts['count'][0], num, f'How many {thing} does {n} have?')
    keys = rng.sample(list(facts), 4)
    return [(k, facts[k][0].format(v=facts[k][1], a=a(facts[k][1])), facts[k][1], facts[k][2]) for k in keys]


def profile(rng, names):
    people = pick_two(rng, names) if rng.random() < 0.7 else (rng.choice(names),)
    all_facts = [person_facts(rng, n) for n in people]
    context = ' '.join(s for facts in all_facts for _, s, _, _ in facts)
    k, _, answer, question = rng.choice(rng.choice(all_facts))
    if k == 'job':
        answer = 'the ' + answer
    people_facts = {n: [(key, sentence, value) for key, sentence, value, _ in facts]
                    for n, facts in zip(people, all_facts)}
    return {'context': context, 'question': question, 'answer': answer, 'people': people_facts}


# ---- word categories (a tuned family that teaches "pick one of the options") --
CATEGORY_WORDS = {'animal': ANIMALS, 'colour': COLOURS, 'food': FOODS, 'place': PLACES + ['town'],
                  'name': NAMES, 'day': DAYS}


def word_category(rng):
    cats = rng.sample(list(CATEGORY_WORDS), rng.choice([2, 3, 4]))
    label = rng.choice(cats)
    return {'word': rng.choice(CATEGORY_WORDS[label]), 'choices': cats, 'label': label}
