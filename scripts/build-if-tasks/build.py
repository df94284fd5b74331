"""
Build the data of the shipped instruction-following suites (tasks/instruction-following/*/data.jsonl)
from the hand-written subjects in content_*.py: each item gets verifiable instructions in words
(`instructions`) and the same instructions as heldout constraint objects (`constraints`), drawn with a
fixed seed so a rebuild is byte-identical.

    /usr/bin/python3 scripts/build-if-tasks/build.py
"""
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))
from content_lists import LIST_SUBJECTS  # noqa: E402
from content_records import KINDS  # noqa: E402
from content_writing import WRITING_REQUESTS  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tasks", "instruction-following")
SEED = 1234

OPENINGS = ["Here is my answer", "In short", "To begin", "Picture this", "Dear reader", "Good morning"]
CLOSINGS = ["That is all.", "Thank you for reading.", "The end.", "Hope this helps.", "Until next time."]
SPICE = ["river", "morning", "light", "quiet", "green", "window", "friend", "warm", "simple", "careful"]
BANNED = ["very", "really", "nice", "good", "thing", "just", "lovely", "great"]


def quote_list(words):
    quoted = [f'"{w}"' for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def describe(c):
    t = c["type"]
    if t == "num_bullets":
        return f'Answer with exactly {c["n"]} bullet points, each on its own line starting with "- ".'
    if t == "max_words":
        return f'Use at most {c["n"]} words in total.'
    if t == "min_words":
        return f'Use at least {c["n"]} words.'
    if t == "lowercase":
        return "Write everything in lowercase letters, with no capitals at all."
    if t == "uppercase":
        return "Write the whole answer in capital letters."
    if t == "no_commas":
        return "Do not use any commas."
    if t == "starts_with":
        return f'Begin your answer with the words "{c["text"]}".'
    if t == "ends_with":
        return f'End your answer with the exact sentence "{c["text"]}"'
    if t == "include_keywords":
        return f'Include the word{"s" if len(c["words"]) > 1 else ""} {quote_list(c["words"])}.'
    if t == "exclude_keywords":
        return f'Do not use the word{"s" if len(c["words"]) > 1 else ""} {quote_list(c["words"])}.'
    if t == "num_sentences":
        how = {"exactly": "exactly", "at_most": "no more than", "at_least": "at least"}[c["relation"]]
        return f'Write {how} {c["n"]} sentence{"s" if c["n"] > 1 else ""}.'
    if t == "quoted":
        return "Wrap your entire answer in double quotation marks."
    if t == "num_paragraphs":
        return f'Write exactly {c["n"]} paragraphs, separated by a blank line.'
    if t == "json":
        return f'Return only a JSON object with the keys {quote_list(c["keys"])}, and nothing else.'
    raise ValueError(t)


def fix_case(constraints):
    """Texts the answer must contain follow the case rule of the same item."""
    lower = any(c["type"] == "lowercase" for c in constraints)
    upper = any(c["type"] == "uppercase" for c in constraints)
    for c in constraints:
        if "text" in c:
            c["text"] = c["text"].lower() if lower else c["text"].upper() if upper else c["text"]
    return constraints


def bullet_items(rng):
    rows = []
    for i, subject in enumerate(LIST_SUBJECTS):
        n = rng.randint(2, 6)
        constraints = [{"type": "num_bullets", "n": n}]
        extra = rng.choice([None, None, "max_words", "lowercase", "no_commas", "include_keywords"])
        if extra == "max_words":
            constraints.append({"type": "max_words", "n": n * rng.randint(7, 12)})
        elif extra == "include_keywords":
            constraints.append({"type": "include_keywords", "words": [rng.choice(SPICE)]})
        elif extra:
            constraints.append({"type": extra})
        rows.append({"id": f"bullets-{i + 1:03d}", "request": f"List {subject}.", "instructions": " ".join(describe(c) for c in constraints), "constraints": constraints})
    return rows


def record_items(rng):
    facts = [(kind, f) for kind, spec in KINDS.items() for f in spec["facts"]]
    rng.shuffle(facts)
    rows = []
    for i, (kind, fact) in enumerate(facts):
        spec = KINDS[kind]
        passage = rng.choice(spec["sentences"]).format(*fact)
        keys = spec["keys"]
        keyword = fact[spec["keyword"]]
        constraints = [{"type": "json", "keys": keys}, {"type": "include_keywords", "words": [keyword]}]
        reference = json.dumps(dict(zip(keys, fact)), ensure_ascii=False)
        rows.append({"id": f"record-{i + 1:03d}", "kind": kind, "passage": passage, "instructions": describe(constraints[0]),
                     "constraints": constraints, "reference": reference})
    return rows


WRITING_POOL = ["max_words", "min_words", "lowercase", "uppercase", "no_commas", "starts_with", "ends_with",
                "include_keywords", "exclude_keywords", "num_sentences", "quoted", "num_paragraphs"]
CONFLICTS = [{"lowercase", "uppercase"}, {"max_words", "min_words"}, {"quoted", "starts_with"}, {"quoted", "ends_with"},
             {"num_paragraphs", "quoted"}, {"num_paragraphs", "num_sentences"}]


def writing_constraint(kind, rng):
    if kind == "max_words":
        return {"type": kind, "n": rng.choice([15, 20, 25, 30, 40, 50])}
    if kind == "min_words":
        return {"type": kind, "n": rng.choice([20, 30, 40, 50])}
    if kind == "starts_with":
        return {"type": kind, "text": rng.choice(OPENINGS)}
    if kind == "ends_with":
        return {"type": kind, "text": rng.choice(CLOSINGS)}
    if kind == "include_keywords":
        return {"type": kind, "words": rng.sample(SPICE, rng.randint(1, 2))}
    if kind == "exclude_keywords":
        return {"type": kind, "words": rng.sample(BANNED, rng.randint(1, 3))}
    if kind == "num_sentences":
        relation = rng.choice(["exactly", "at_most", "at_least"])
        return {"type": kind, "n": rng.randint(1, 4), "relation": relation}
    if kind == "num_paragraphs":
        return {"type": kind, "n": rng.randint(2, 3)}
    return {"type": kind}


def writing_items(rng):
    rows = []
    for i, request in enumerate(WRITING_REQUESTS):
        kinds = []
        wanted = rng.choice([1, 2, 2, 3])
        for kind in rng.sample(WRITING_POOL, len(WRITING_POOL)):
            if len(kinds) == wanted:
                break
            if any({kind, k} in CONFLICTS for k in kinds):
                continue
            kinds.append(kind)
        constraints = fix_case([writing_constraint(k, rng) for k in kinds])
        rows.append({"id": f"writing-{i + 1:03d}", "request": request, "instructions": " ".join(describe(c) for c in constraints), "constraints": constraints})
    return rows


def write(task, rows):
    path = os.path.join(OUT, task, "data.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{path}: {len(rows)} items")


def main():
    write("bullet-lists", bullet_items(random.Random(f"{SEED}-bullets")))
    write("json-records", record_items(random.Random(f"{SEED}-records")))
    write("constrained-writing", writing_items(random.Random(f"{SEED}-writing")))


if __name__ == "__main__":
    main()
