import { describe, expect, it } from 'vitest';
import { ThoughtSignatureMemory } from './thought-signature-memory.js';

const call = (id: string, argumentsJson = '{"city":"Tokyo"}') => ({ id, name: 'get_weather', argumentsJson });

describe('ThoughtSignatureMemory', () => {
  it('recalls a call signature by id, and by name + arguments when a client dropped the id', () => {
    const memory = new ThoughtSignatureMemory();
    memory.rememberTurn('gemini-3.8-flash', { calls: [{ ...call('call_a'), upstreamId: false, signature: 'SIG' }] });
    expect(memory.recallCall('gemini-3.8-flash', call('call_a'))).toEqual({ upstreamId: false, signature: 'SIG' });
    // Re-serialised arguments (another client, other spacing) still match.
    expect(memory.recallCall('gemini-3.8-flash', call('call_random', '{ "city": "Tokyo" }'))).toEqual({ upstreamId: false, signature: 'SIG' });
    expect(memory.recallCall('gemini-3.8-flash', call('call_random', '{"city":"Paris"}'))).toBeUndefined();
  });

  it('does not hand a signature to another model, but still knows an upstream id', () => {
    const memory = new ThoughtSignatureMemory();
    memory.rememberTurn('gemini-3.8-flash', { calls: [{ ...call('fc-1'), upstreamId: true, signature: 'SIG' }] });
    expect(memory.recallCall('gemini-3.1-pro-preview', call('fc-1'))).toEqual({ upstreamId: true });
    expect(memory.isUpstreamId('fc-1')).toBe(true);
    expect(memory.isUpstreamId('call_other')).toBe(false);
  });

  it('remembers nothing for unsigned calls with our own ids, and recalls text signatures by model and text', () => {
    const memory = new ThoughtSignatureMemory();
    memory.rememberTurn('m', { calls: [{ ...call('call_x'), upstreamId: false }], text: { content: 'Hello', signature: 'T' } });
    expect(memory.recallCall('m', call('call_x'))).toBeUndefined();
    expect(memory.recallText('m', 'Hello')).toBe('T');
    expect(memory.recallText('other', 'Hello')).toBeUndefined();
    expect(memory.recallText('m', '')).toBeUndefined();
  });

  it('forgets the oldest entries past its entry and character bounds', () => {
    const byCount = new ThoughtSignatureMemory(4, 1_000_000);
    for (let i = 0; i < 4; i++) byCount.rememberTurn('m', { calls: [{ ...call(`c${i}`, `{"i":${i}}`), upstreamId: false, signature: `S${i}` }] });
    expect(byCount.size).toBe(4);
    expect(byCount.recallCall('m', { ...call('c0', '{"i":0}') })).toBeUndefined();
    expect(byCount.recallCall('m', { ...call('c3', '{"i":3}') })?.signature).toBe('S3');

    const byChars = new ThoughtSignatureMemory(100, 25);
    byChars.rememberTurn('m', { calls: [], text: { content: 'a', signature: 'x'.repeat(20) } });
    byChars.rememberTurn('m', { calls: [], text: { content: 'b', signature: 'y'.repeat(20) } });
    expect(byChars.recallText('m', 'a')).toBeUndefined();
    expect(byChars.recallText('m', 'b')).toBe('y'.repeat(20));
  });
});
