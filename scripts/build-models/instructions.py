"""Instruction phrasings used for tuning, and the chat rendering.

The eval templates in tasks/toy/*/task.yaml are deliberately NOT in these
lists, so the toy tasks measure generalisation to new phrasings.
"""
SENTIMENT = [
    'Is the following review positive or negative?\n{text}',
    '{text}\nWas this review positive or negative?',
    'Review: {text}\nLabel the sentiment as positive or negative.',
    'Read the review and say if it is positive or negative.\n{text}',
    'Classify the sentiment of this review (positive or negative): {text}',
    '{text}\nDid the customer have a good or bad time? Answer positive or negative.',
    'Text: {text}\nSentiment (positive/negative):',
    'Decide whether this review is positive or negative.\nReview: {text}',
    '{text}\nHow did the writer feel about it?',
    'What is the sentiment of this text? {text}',
]
SUMMARY = [
    'Summarize the story in one sentence.\n{text}',
    '{text}\nWrite a one-sentence summary.',
    'Story: {text}\nSummary:',
    'Give a short summary of this story: {text}',
    'Read the story and tell me what happened in one sentence.\n{text}',
    '{text}\nSum up the story in a single sentence.',
    'Make this story shorter, one sentence only: {text}',
    'Text: {text}\nWhat happened? Answer in one sentence.',
    '{text}\nSummary in one line:',
]
QA = [
    '{context}\nQuestion: {question}\nAnswer:',
    'Read the text and answer the question.\nText: {context}\nQuestion: {question}',
    'Answer using words from the passage.\n{context}\n{question}',
    'Passage: {context}\nQ: {question}',
    '{question}\nUse this text: {context}',
    'Context: {context}\nAnswer the question: {question}',
    '{context}\n{question}',
    'Question: {question}\nText: {context}\nGive a short answer.',
]
CODE = [
    'Write a JavaScript function {signature} that {description}.',
    'Implement {signature} in JavaScript. It {description}.',
    'Create a function called {name} with parameters {params}. It {description}.',
    'Task: write {signature}, which {description}.',
    'Please code a JS function named {name} that takes {params} and {description}.',
    'JavaScript function {name}: takes {params}, {description}.',
    'I need a function {signature} in JavaScript that {description}.',
    'Write code: {name} {description}. Parameters: {params}.',
]
CATEGORY = [
    'Is the word "{word}" {options}?',
    'Which kind of word is "{word}": {options}?',
    'Word: {word}\nCategory ({slash}):',
    'Pick the right category for {word}. Choose {options}.',
    '"{word}" is a word for which of these: {options}?',
]
SYSTEMS = ['You are a helpful assistant.', 'Answer briefly.', 'You are a careful assistant.']

CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{% if message['role'] == 'system' %}{{ '<|system|>\\n' + message['content'] + '<|end|>\\n' }}"
    "{% elif message['role'] == 'user' %}{{ '<|user|>\\n' + message['content'] + '<|end|>\\n' }}"
    "{% else %}{{ '<|assistant|>\\n' + message['content'] + '<|end|>\\n' }}{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}"
)


def render_prompt(user, system=None):
    """The same text the chat template gives with add_generation_prompt=True."""
    head = f'<|system|>\n{system}<|end|>\n' if system else ''
    return f'{head}<|user|>\n{user}<|end|>\n<|assistant|>\n'


def options_text(choices):
    return ', '.join(choices[:-1]) + ' or ' + choices[-1] if len(choices) > 1 else choices[0]
