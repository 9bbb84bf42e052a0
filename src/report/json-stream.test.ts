import { describe, expect, it } from 'vitest';
import { jsonChunks } from './json-stream.js';
import { nullForUndefined } from './json.js';

const values: unknown[] = [
  {},
  [],
  null,
  'text',
  42,
  undefined,
  {
    a: undefined,
    b: [1, undefined, () => 1, { c: [], d: {}, e: 'line\nbreak "quoted" \u2028' }],
    f: { g: { h: { i: [[], [{}], [[1, 2]]] } } },
    date: new Date(0),
    boxed: [new String('s'), new Number(3), new Boolean(false)],
    fn: () => 1,
    nan: NaN,
    nested: [{ x: { y: [{ z: null }] } }],
  },
  [{ tunnels: [{ ip: '1' }, { ip: '2' }], tags: {} }, [], {}],
];

describe('jsonChunks', () => {
  for (const replacer of [undefined, nullForUndefined]) {
    for (const objectDepth of [0, 1, 2, 5]) {
      it(`writes JSON.stringify's bytes (objectDepth ${objectDepth}, ${replacer ? 'nullForUndefined' : 'no replacer'})`, () => {
        for (const value of values) {
          const expected = JSON.stringify(value, replacer, 2) as string | undefined;
          const chunks = [...jsonChunks(value, { replacer, indent: 2, objectDepth })];
          expect(chunks.length === 0 ? undefined : chunks.join('')).toBe(expected);
        }
      });
    }
  }

  it('writes any iterable as a list, one element at a time', () => {
    let made = 0;
    const lazy = {
      *[Symbol.iterator]() {
        for (let i = 0; i < 3; i++) {
          made++;
          yield { id: i, tags: { k: 'v' } };
        }
      },
    };
    const chunks = jsonChunks({ items: lazy }, { indent: 2, objectDepth: 1 });
    const head = [chunks.next().value, chunks.next().value].join('');
    expect(made).toBe(1);
    const text = head + [...chunks].join('');
    expect(made).toBe(3);
    expect(text).toBe(JSON.stringify({ items: [...lazy] }, null, 2));
  });
});
