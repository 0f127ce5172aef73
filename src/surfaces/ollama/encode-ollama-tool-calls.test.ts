import { describe, expect, it } from 'vitest';
import { encodeOllamaToolArguments, encodeOllamaToolCalls } from './encode-ollama-tool-calls.js';

describe('encodeOllamaToolCalls', () => {
  it('sends arguments as objects with the call index', () => {
    expect(
      encodeOllamaToolCalls([
        { id: 'call_a', name: 'f', argumentsJson: '{"a":1,"nested":{"b":[true]}}' },
        { id: 'call_b', name: 'g', argumentsJson: '' },
      ]),
    ).toEqual([
      { id: 'call_a', function: { index: 0, name: 'f', arguments: { a: 1, nested: { b: [true] } } } },
      { id: 'call_b', function: { index: 1, name: 'g', arguments: {} } },
    ]);
  });

  it.each(['{"a":', '[1,2]', '"text"', 'null', '42'])('turns %j into {}', (json) => {
    expect(encodeOllamaToolArguments(json)).toEqual({});
  });
});
