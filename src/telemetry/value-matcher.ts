import { KnownValues, type KnownValue } from '../scan/known-values.js';

/**
 * Whether a text carries one of `values` in any encoding the run's masking knows (KnownValues),
 * or in lower case: the proxy normalises host names to lower case, so a value an agent put in a
 * host name arrives lowered.
 */
export function valueMatcher(values: readonly KnownValue[]): (text: string) => boolean {
  const known = new KnownValues(values.flatMap((v) => [v, { value: v.value.toLowerCase(), label: v.label }]));
  return (text) => {
    let found = false;
    known.find(text, 0, text.length, () => (found = true));
    return found;
  };
}
