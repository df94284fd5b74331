"""Tiny JavaScript functions: a spec in words, a one-line solution, and tests.

Expected values are computed here in Python for simple integer / string /
array cases whose JavaScript semantics match; build.sh runs every solution
against its tests with node, so a mismatch fails the build.
"""
import json

NUM1 = ['x', 'n', 'num', 'value', 'k']
NUM2 = [('a', 'b'), ('x', 'y'), ('m', 'n'), ('p', 'q'), ('first', 'second')]
STR1 = ['s', 'text', 'word', 'str', 'name']
ARR1 = ['arr', 'list', 'items', 'nums', 'values']

# key: (kind, names, description, body, python reference)
OPS = {
    'sum': ('num2', ['add', 'sum', 'plus', 'addNumbers', 'addTwo', 'total'],
            'returns the sum of {a} and {b}', 'return {a} + {b};', lambda a, b: a + b),
    'diff': ('num2', ['subtract', 'minus', 'diff', 'difference', 'takeAway', 'sub'],
             'returns {a} minus {b}', 'return {a} - {b};', lambda a, b: a - b),
    'prod': ('num2', ['multiply', 'times', 'product', 'mul', 'mult', 'multiplyTwo'],
             'returns the product of {a} and {b}', 'return {a} * {b};', lambda a, b: a * b),
    'max': ('num2', ['max', 'larger', 'bigger', 'maxOfTwo', 'greater', 'top'],
            'returns the larger of {a} and {b}', 'return {a} > {b} ? {a} : {b};', max),
    'min': ('num2', ['min', 'smaller', 'lesser', 'minOfTwo', 'lower', 'least'],
            'returns the smaller of {a} and {b}', 'return {a} < {b} ? {a} : {b};', min),
    'avg': ('num2', ['average', 'mean', 'avg', 'midpoint', 'meanOfTwo', 'middle'],
            'returns the average of {a} and {b}', 'return ({a} + {b}) / 2;', lambda a, b: (a + b) / 2),
    'addk': ('num1k', ['addK', 'plusK', 'increase', 'bump', 'raise', 'shiftUp'],
             'returns {x} plus {k}', 'return {x} + {k};', lambda x, k: x + k),
    'mulk': ('num1k', ['scale', 'timesK', 'multiplyBy', 'grow', 'stretch', 'enlarge'],
             'returns {x} times {k}', 'return {x} * {k};', lambda x, k: x * k),
    'square': ('num1', ['square', 'sq', 'squared', 'squareOf', 'selfTimes', 'power2'],
               'returns the square of {x}', 'return {x} * {x};', lambda x: x * x),
    'double': ('num1', ['double', 'twice', 'doubled', 'times2', 'dbl', 'twoTimes'],
               'returns {x} times two', 'return {x} * 2;', lambda x: x * 2),
    'half': ('num1', ['half', 'halve', 'halfOf', 'split2', 'byTwo', 'cutHalf'],
             'returns half of {x}', 'return {x} / 2;', lambda x: x / 2),
    'neg': ('num1', ['negate', 'neg', 'flipSign', 'opposite', 'invert', 'minusOf'],
            'returns the negative of {x}', 'return -{x};', lambda x: -x),
    'abs': ('num1', ['abs', 'absolute', 'magnitude', 'absValue', 'size', 'distance'],
            'returns the absolute value of {x}', 'return Math.abs({x});', abs),
    'even': ('num1', ['isEven', 'even', 'checkEven', 'evenNumber', 'isPair', 'divisibleByTwo'],
             'returns true if {x} is even', 'return {x} % 2 === 0;', lambda x: x % 2 == 0),
    'pos': ('num1', ['isPositive', 'positive', 'aboveZero', 'isPos', 'checkPositive', 'plusSign'],
            'returns true if {x} is greater than zero', 'return {x} > 0;', lambda x: x > 0),
    'zero': ('num1', ['isZero', 'zero', 'checkZero', 'empty', 'isNothing', 'none'],
             'returns true if {x} is zero', 'return {x} === 0;', lambda x: x == 0),
    'len': ('str1', ['length', 'len', 'strLength', 'countChars', 'size', 'howLong'],
            'returns the length of the string {s}', 'return {s}.length;', len),
    'upper': ('str1', ['upper', 'toUpper', 'shout', 'caps', 'loud', 'bigLetters'],
              'returns {s} in upper case', 'return {s}.toUpperCase();', lambda s: s.upper()),
    'greet': ('str1', ['greet', 'hello', 'sayHello', 'welcome', 'hi', 'greeting'],
              'returns the text Hello, followed by {s}', 'return "Hello, " + {s};', lambda s: 'Hello, ' + s),
    'first': ('arr1', ['first', 'head', 'firstItem', 'front', 'start', 'getFirst'],
              'returns the first item of the array {arr}', 'return {arr}[0];', lambda a: a[0]),
    'last': ('arr1', ['last', 'tail', 'lastItem', 'back', 'end', 'getLast'],
             'returns the last item of the array {arr}', 'return {arr}[{arr}.length - 1];', lambda a: a[-1]),
    'count': ('arr1', ['count', 'countItems', 'howMany', 'numItems', 'arrLength', 'itemCount'],
              'returns the number of items in the array {arr}', 'return {arr}.length;', len),
    'sumarr': ('arr1', ['sumAll', 'sumArray', 'addAll', 'totalOf', 'arraySum', 'grandTotal'],
               'returns the sum of the numbers in the array {arr}',
               'return {arr}.reduce((t, v) => t + v, 0);', sum),
}
WORDS = ['cat', 'sun', 'apple', 'blue', 'river', 'Tom', 'go', 'green hill', 'x', '']


def make_function(rng, op, name=None):
    kind, names, desc, body, ref = OPS[op]
    name = name or rng.choice(names)
    k = rng.randint(2, 9)
    if kind == 'num2':
        a, b = rng.choice(NUM2)
        params, fmt = [a, b], {'a': a, 'b': b}
        args = [(nonzero(rng), nonzero(rng)) for _ in range(3)]
        calls = [(list(t), ref(*t)) for t in args]
    elif kind in ('num1', 'num1k'):
        x = rng.choice(NUM1)
        params, fmt = [x], {'x': x, 'k': k}
        xs = [nonzero(rng) for _ in range(3)] + ([0] if op in ('zero', 'pos') else [])
        calls = [([v], ref(v, k) if kind == 'num1k' else ref(v)) for v in xs]
    elif kind == 'str1':
        s = rng.choice(STR1)
        params, fmt = [s], {'s': s}
        calls = [([w], ref(w)) for w in rng.sample(WORDS, 3)]
    else:
        arr = rng.choice(ARR1)
        params, fmt = [arr], {'arr': arr}
        calls = [([[nonzero(rng) for _ in range(rng.randint(1, 5))]],) for _ in range(3)]
        calls = [(c[0], ref(c[0][0])) for c in calls]
    sig = f'{name}({", ".join(params)})'
    description = desc.format(**fmt)
    solution = f'function {sig} {{ {body.format(**fmt)} }}'
    tests = ["const assert = require('node:assert');"]
    for args, want in calls:
        call = f'{name}({", ".join(json.dumps(v) for v in args)})'
        tests.append(f'assert.deepStrictEqual({call}, {js_literal(want)});')
    return {'name': name, 'signature': sig, 'params': ' and '.join(params), 'description': description,
            'solution': solution, 'tests': '\n'.join(tests), 'op': op}


def nonzero(rng):
    # no zeros in arguments: JavaScript's -0 would fail strict equality against 0
    return rng.choice([v for v in range(-9, 25) if v != 0])


def js_literal(v):
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return json.dumps(v)
