import { describe, expect, it } from '@jest/globals';
import { KnownValues } from '../../src/scan/known-values.js';
import { SCRUB_MARKER, StreamScrubber, scrubString } from '../../src/gateway/stream-scrubber.js';

// 54 bytes: a whole number of base64 groups, so every base64 character depends on the key alone.
const KEY = 'sk-ant-api03-Zk3Lq9Xv2Rm7Tn4Wc8Bp5Yh1Jd6Gs0aB7cD8eF9gQ';
const values = new KnownValues([{ value: KEY, label: 'anthropic-api-key' }]);
const B64 = Buffer.from(KEY).toString('base64');
const HEX = Buffer.from(KEY).toString('hex');

function run(pieces: readonly string[]): { out: string; replacements: number } {
  const s = new StreamScrubber(values);
  const out = [...pieces.map((p) => s.push(Buffer.from(p, 'latin1'))), s.end()];
  return { out: Buffer.concat(out).toString('latin1'), replacements: s.replacements };
}

describe('StreamScrubber', () => {
  const text = `data: {"a":"${KEY}"}\n\ndata: {"b":"x${B64}y"}\n\ndata: {"c":"${HEX}", "d":"é"}\n\n`;
  const expected = `data: {"a":"${SCRUB_MARKER}"}\n\ndata: {"b":"x${SCRUB_MARKER}y"}\n\ndata: {"c":"${SCRUB_MARKER}", "d":"é"}\n\n`;

  it('scrubs the value, its base64 and its hex, whatever the one cut in the stream', () => {
    for (let i = 0; i <= text.length; i++)
      expect(run([text.slice(0, i), text.slice(i)])).toEqual({ out: expected, replacements: 3 });
  });

  it('scrubs a stream delivered one byte at a time', () => {
    expect(run([...text]).out).toBe(expected);
  });

  it('releases a complete SSE frame at once, holding back only a tail that could become the value', () => {
    const s = new StreamScrubber(values);
    const frame = 'data: {"text":"hello"}\n\n';
    expect(s.push(Buffer.from(frame)).toString()).toBe(frame);
    // "…sk-ant-api" may be the start of the key: held until the next byte decides.
    expect(s.push(Buffer.from('data: sk-ant-api')).toString()).toBe('data: ');
    expect(s.push(Buffer.from('!')).toString()).toBe('sk-ant-api!');
    expect(s.push(Buffer.from('tail sk-')).toString()).toBe('tail ');
    expect(s.end().toString()).toBe('sk-');
    expect(s.replacements).toBe(0);
  });

  it('scrubs whole strings such as header values', () => {
    expect(scrubString(values, `Bearer ${KEY}`)).toEqual({
      text: `Bearer ${SCRUB_MARKER}`,
      replacements: 1,
    });
  });
});
