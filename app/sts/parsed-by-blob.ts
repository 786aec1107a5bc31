/**
 * What a file parses to, kept by the file's blob SHA (git's hash of its content, as GitHub reports
 * it with the content): the same SHA is the same text, so it parses the same. Only successful
 * parses are kept; a file that fails is parsed (and refused) again each time. Bounded, least
 * recently used first out. The values are shared between requests: callers must not change them.
 */
export class ParsedByBlob<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly maxEntries = 1000) {}

  /** `parse(text)` for the file, or the value parsed earlier from the same `name` and blob. */
  get(name: string, file: { text: string; sha: string }, parse: (text: string) => T): T {
    const key = `${name}\u0000${file.sha}`;
    let value = this.entries.get(key);
    if (value === undefined) {
      value = parse(file.text);
    } else {
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
