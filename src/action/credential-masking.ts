/**
 * The forms a credential can take in a log that the runner's masker would otherwise miss: the
 * value, each line of a multi-line value, its base64 at each of the three byte alignments (a value
 * embedded in a larger base64 blob encodes differently depending on its offset), hex in either
 * case, URL encoding, and each of those reversed. Since the agent holds placeholders only, this
 * guards the Action's own output; no list of forms can stop a holder determined to encode.
 */
export function credentialForms(value: string): string[] {
  const forms = new Set<string>([value]);
  for (const line of value.split(/\r?\n/)) if (line.trim().length >= 4) forms.add(line.trim());
  const bytes = Buffer.from(value, 'utf8');
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Drop the characters that also depend on the unknown neighbouring bytes.
    const start = Math.ceil((offset * 4) / 3);
    const end = Math.floor(((offset + bytes.length) * 4) / 3);
    const core = encoded.slice(start, end);
    if (core.length >= 8) {
      forms.add(core);
      forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  forms.add(bytes.toString('hex'));
  forms.add(bytes.toString('hex').toUpperCase());
  forms.add(encodeURIComponent(value));
  for (const form of [...forms]) if (form.length >= 8) forms.add([...form].reverse().join(''));
  return [...forms];
}

/** Replaces every known form of every credential in `text` with `***`. */
export function redact(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) if (form) out = out.split(form).join('***');
  return out;
}
