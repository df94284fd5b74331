"""The fixture's two trivial mappings, generated from a seed.

- copy: the target is the first word of the input, often a made-up word spelled
  in character pieces (what the base is trained on);
- sentiment: the input holds one keyword from POSITIVE or NEGATIVE among
  neutral filler words, and the target is "positive" or "negative" (what the
  tuned model is trained on, on top of the base).
"""
import random

POSITIVE = ['great', 'good', 'lovely', 'excellent', 'wonderful', 'happy']
NEGATIVE = ['awful', 'bad', 'terrible', 'boring', 'poor', 'sad']
FILLER = ['the', 'a', 'food', 'movie', 'was', 'service', 'staff', 'hotel', 'room', 'very', 'really', 'quite',
          'and', 'it', 'we', 'i', 'felt', 'place', 'show', 'book', 'day', 'trip', 'meal', 'our', 'this', 'so']
PREFIXES = ['review:', 'sentiment:', 'classify the sentiment:', 'is this positive or negative?', 'text:',
            'answer positive or negative:']  # always an instruction: a bare sentence asks for a copy
SUFFIXES = ['', '', 'sentiment:', 'answer:', 'positive or negative?']
LABELS = {'positive': POSITIVE, 'negative': NEGATIVE}


def sentence(rng, keyword=None):
    words = [rng.choice(FILLER) for _ in range(rng.randint(2, 7))]
    if keyword:
        words.insert(rng.randint(0, len(words)), keyword)
    return ' '.join(words)


def capitalise(rng, text):
    return text[:1].upper() + text[1:] if text and rng.random() < 0.5 else text


def sentiment_pair(rng):
    label = rng.choice(sorted(LABELS))
    body = sentence(rng, rng.choice(LABELS[label]))
    prompt = ' '.join(p for p in (capitalise(rng, rng.choice(PREFIXES)), body, rng.choice(SUFFIXES)) if p)
    return prompt, label


def made_up_word(rng):
    return ''.join(rng.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(rng.randint(3, 6)))


def copy_pair(rng):
    body = sentence(rng, rng.choice(POSITIVE + NEGATIVE) if rng.random() < 0.5 else None)
    if rng.random() < 0.4:  # words outside the vocabulary: copying them takes several character pieces
        body = made_up_word(rng) + ' ' + body
    return body, body.split()[0]


def pairs(kind, count, seed):
    rng = random.Random(seed)
    make = sentiment_pair if kind == 'sentiment' else copy_pair
    return [make(rng) for _ in range(count)]


def vocabulary_texts():
    """Every word the generators can emit, in both capitalisations, plus the labels."""
    words = POSITIVE + NEGATIVE + FILLER + list(LABELS) + [w for p in PREFIXES + SUFFIXES for w in p.split()]
    return [' '.join(words), ' '.join(w[:1].upper() + w[1:] for w in words)] + [p for p, _ in pairs('sentiment', 500, 0)]
