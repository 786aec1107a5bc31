import type { Value } from './value.js';

/**
 * A rule body's variable bindings. Frames hold a handful of names and bindings come and go in
 * stack order (bind, try the rest, unbind), so one array of name, value pairs scanned from the end
 * costs less than a Map: no hashing, and one small allocation per frame instead of a hash table.
 * A bound value is never undefined, so `get` returning undefined means unbound.
 */
export class BindingFrame {
  /** name0, value0, name1, value1, ... oldest first. */
  private readonly slots: (string | Value)[] = [];

  get(name: string): Value | undefined {
    const s = this.slots;
    for (let i = s.length - 2; i >= 0; i -= 2) if (s[i] === name) return s[i + 1] as Value;
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  set(name: string, v: Value): void {
    const s = this.slots;
    for (let i = s.length - 2; i >= 0; i -= 2) {
      if (s[i] === name) {
        s[i + 1] = v;
        return;
      }
    }
    s.push(name, v);
  }

  /** Bind a name known to be unbound (a function's distinct parameters in a fresh frame). */
  push(name: string, v: Value): void {
    this.slots.push(name, v);
  }

  delete(name: string): void {
    const s = this.slots;
    const last = s.length - 2;
    if (last >= 0 && s[last] === name) {
      // pop, not `length =`: V8 shrinks an array by pop inline, by a length store in the runtime.
      s.pop();
      s.pop();
      return;
    }
    // Keep binding order (query results list their variables in it).
    for (let i = last - 2; i >= 0; i -= 2) if (s[i] === name) return void s.splice(i, 2);
  }

  /** Every binding, oldest first. */
  forEach(f: (v: Value, name: string) => void): void {
    const s = this.slots;
    for (let i = 0; i < s.length; i += 2) f(s[i + 1] as Value, s[i] as string);
  }
}
