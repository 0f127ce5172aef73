import { describe, expect, it } from 'vitest';
import { splitThinkTags, ThinkTagSplitter } from './split-think-tags.js';

describe('ThinkTagSplitter', () => {
  it('splits reasoning out of content even when the tags are cut across chunks', () => {
    const splitter = new ThinkTagSplitter();
    const pieces = ['<thi', 'nk>I should', ' search.</th', 'ink>The answer', ' is 4. a<b'];
    let text = '';
    let reasoning = '';
    for (const piece of pieces) {
      const out = splitter.push(piece);
      text += out.text;
      reasoning += out.reasoning;
    }
    const rest = splitter.flush();
    expect({ text: text + rest.text, reasoning: reasoning + rest.reasoning }).toEqual({
      text: 'The answer is 4. a<b',
      reasoning: 'I should search.',
    });
  });

  it('leaves content without tags alone', () => {
    expect(splitThinkTags('plain <b>html</b>')).toEqual({ text: 'plain <b>html</b>', reasoning: '' });
  });
});
