import { describe, expect, it } from '@jest/globals';
import { credentialForms, redact } from '../../src/action/credential-masking.js';

describe('credentialForms (what the job log is masked for)', () => {
  const token = 'ghs_MaskedTokenValue0123456789abcdefXYZW';

  it('covers the value, base64 at every alignment, hex in both cases, URL encoding, and each reversed', () => {
    const forms = credentialForms(token);
    const hex = Buffer.from(token).toString('hex');
    for (const form of [token, hex, hex.toUpperCase(), [...token].reverse().join(''), [...hex].reverse().join(''), [...hex.toUpperCase()].reverse().join('')]) expect(forms).toContain(form);
    for (const prefix of ['', 'a', 'ab']) {
      const encoded = Buffer.from(prefix + token).toString('base64');
      expect(forms.some((f) => encoded.includes(f) && f.length >= 40)).toBe(true);
      const reversed = [...encoded].reverse().join('');
      expect(forms.some((f) => reversed.includes(f) && f.length >= 40)).toBe(true);
    }
  });

  it('redacts each of those forms from a log line', () => {
    const forms = credentialForms(token);
    const line = `a ${Buffer.from(token).toString('hex').toUpperCase()} b ${[...token].reverse().join('')} c ${Buffer.from(`x:${token}`).toString('base64')}`;
    const out = redact(line, forms);
    expect(out).not.toContain(Buffer.from(token).toString('hex').toUpperCase());
    expect(out).not.toContain([...token].reverse().join(''));
    expect(out.match(/\*\*\*/g)).toHaveLength(3);
  });
});
