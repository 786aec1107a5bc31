/** JSON.stringify that writes bigint values as exact JSON numbers (policy numbers are lossless). */
export const stringifyJSON = (value: unknown, indent = 0): string => {
  const marker = '\u0000big:';
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${marker}${v.toString()}` : v), indent || undefined);
  return (text ?? 'null').replace(/"\\u0000big:(-?\d+)"/g, '$1');
};
