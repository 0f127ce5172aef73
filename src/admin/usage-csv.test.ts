import { describe, expect, it } from 'vitest';
import { usageRecord } from './testing/usage-records.js';
import { csvTextCell, microsToUsd, USAGE_CSV_COLUMNS, usageCsvChunks, usageCsvRow } from './usage-csv.js';

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

describe('usage CSV', () => {
  it('quotes per RFC 4180', () => {
    expect(csvTextCell('plain')).toBe('plain');
    expect(csvTextCell('a,b')).toBe('"a,b"');
    expect(csvTextCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvTextCell('two\nlines')).toBe('"two\nlines"');
    expect(csvTextCell('cr\rlf')).toBe('"cr\rlf"');
    expect(csvTextCell(null)).toBe('');
    expect(csvTextCell('')).toBe('');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvTextCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvTextCell('+1')).toBe("'+1");
    expect(csvTextCell('-2+3')).toBe("'-2+3");
    expect(csvTextCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvTextCell('\tcmd')).toBe("'\tcmd");
    expect(csvTextCell('a=b')).toBe('a=b');
  });

  it('writes dollars exactly from micro-dollars', () => {
    expect(microsToUsd(0)).toBe('0.000000');
    expect(microsToUsd(1234)).toBe('0.001234');
    expect(microsToUsd(12_345_678)).toBe('12.345678');
    expect(microsToUsd(9_007_199_254_740)).toBe('9007199.254740');
  });

  it('writes a header and one CRLF line per record with every column', async () => {
    const text = await collect(
      usageCsvChunks(
        (async function* () {
          yield usageRecord();
          yield usageRecord({ id: 2, tags: ['team-a', 'ci'], stream: false, inputTokens: null, costMicros: null, costSource: 'none', clientHost: 'nas.lan' });
        })(),
      ),
    );
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines[0]).toBe(USAGE_CSV_COLUMNS.join(','));
    expect(lines[0]).toBe(
      'time,surface,endpoint,requested_model,provider,upstream_model,tags,client_ip,client_host,user_agent,stream,status,error_kind,input_tokens,output_tokens,reasoning_tokens,cache_read_tokens,cache_write_tokens,latency_ms,ttft_ms,cost_usd,cost_source',
    );
    expect(lines[1]).toBe('2026-08-14T09:30:00.123Z,openai,/v1/chat/completions,gpt-4o,openai,gpt-4o,default,10.0.0.7,,OpenAI/JS 6.30.1,true,200,,12,34,,0,,812,95,0.001234,computed');
    expect(lines[2]).toBe('2026-08-14T09:30:00.123Z,openai,/v1/chat/completions,gpt-4o,openai,gpt-4o,team-a;ci,10.0.0.7,nas.lan,OpenAI/JS 6.30.1,false,200,,,34,,0,,812,95,,none');
  });

  it('keeps one record per line even with hostile text in every client-controlled field', () => {
    const row = usageCsvRow(usageRecord({ tags: ['=x', 'y'], requestedModel: '-1,"a"', userAgent: 'ua\r\n=cmd', clientHost: '@evil' }));
    expect(row).toContain(`'=x;y`);
    expect(row).toContain(`"'-1,""a"""`);
    expect(row).toContain(`"ua\r\n=cmd"`);
    expect(row).toContain(`'@evil`);
  });

  it('batches many rows into few chunks', async () => {
    const chunks: string[] = [];
    for await (const chunk of usageCsvChunks(
      (async function* () {
        for (let id = 1; id <= 2000; id++) yield usageRecord({ id });
      })(),
    )) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.length).toBeLessThan(10);
    expect(chunks.join('').split('\r\n')).toHaveLength(2002);
  });
});
