import { describe, expect, it } from 'vitest';
import { ThinkingMemory, type ThinkingLayoutItem } from './thinking-memory.js';

const turn = (ids: string[], text = 'thought'): ThinkingLayoutItem[] => [
  { type: 'thinking', thinking: text, signature: `sig-${text}` },
  ...ids.map((id) => ({ type: 'tool_use' as const, id })),
];

describe('ThinkingMemory', () => {
  it('finds a turn by any of its call ids, for the same model only', () => {
    const memory = new ThinkingMemory();
    memory.remember('m1', turn(['a', 'b']));
    expect(memory.recall('m1', 'b')).toEqual(turn(['a', 'b']));
    expect(memory.recall('m2', 'a')).toBeUndefined();
    expect(memory.recall('m1', 'c')).toBeUndefined();
  });

  it('keeps nothing for a turn without signed thinking or without tool calls', () => {
    const memory = new ThinkingMemory();
    memory.remember('m', [{ type: 'tool_use', id: 'a' }]);
    memory.remember('m', [{ type: 'thinking', thinking: 't', signature: 's' }]);
    expect(memory.size).toBe(0);
  });

  it('drops the oldest turns beyond its entry and character bounds', () => {
    const byCount = new ThinkingMemory(2);
    byCount.remember('m', turn(['a']));
    byCount.remember('m', turn(['b']));
    byCount.remember('m', turn(['c']));
    expect([byCount.recall('m', 'a'), byCount.size]).toEqual([undefined, 2]);

    const byChars = new ThinkingMemory(100, 50);
    byChars.remember('m', turn(['a'], 'x'.repeat(20)));
    byChars.remember('m', turn(['b'], 'y'.repeat(20)));
    expect(byChars.recall('m', 'a')).toBeUndefined();
    expect(byChars.recall('m', 'b')).toBeDefined();
  });

  it('replaces an older turn that shares a call id', () => {
    const memory = new ThinkingMemory();
    memory.remember('m', turn(['a', 'b'], 'old'));
    memory.remember('m', turn(['b'], 'new'));
    expect(memory.recall('m', 'b')).toEqual(turn(['b'], 'new'));
    expect(memory.recall('m', 'a')).toBeUndefined();
    expect(memory.size).toBe(1);
  });
});
