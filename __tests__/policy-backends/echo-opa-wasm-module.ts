/**
 * A hand-assembled WebAssembly module that speaks just enough of OPA's wasm ABI 1.2
 * (https://www.openpolicyagent.org/docs/wasm#exports) for `@open-policy-agent/opa-wasm` to load
 * and call it. It is NOT a compiled Rego policy (no `opa` binary here): values are the addresses
 * of their JSON text, and each entrypoint returns a fixed result set, except `airlock/echo`,
 * whose value is the input itself, so a test controls `allow` and `deny` through the input and
 * sees exactly what crossed the ABI boundary.
 */

export const ECHO_ENTRYPOINTS = {
  'airlock/echo': 0,
  'airlock/undefined': 1,
  'airlock/split/allow': 2,
  'airlock/split/deny': 3,
  'airlock/lonely/allow': 4,
  'airlock/two': 5,
  'airlock/abort': 6,
} as const;

export const ABORT_MESSAGE = 'policy aborted on purpose';

const ABORT_ENTRYPOINT = ECHO_ENTRYPOINTS['airlock/abort'];

/** Fixed result sets for entrypoints 1..5 (0 echoes, 6 aborts). */
const FIXED_RESULTS = [
  '[]',
  '[{"result":true}]',
  '[{"result":["fixed reason"]}]',
  '[{"result":true}]',
  '[{"result":1},{"result":2}]',
];

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};

const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0))
      return [...out, byte];
    out.push(byte | 0x80);
  }
};

const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(utf8(s).length), ...utf8(s)];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

const I32 = 0x7f;
const op = {
  localGet: (i: number) => [0x20, i],
  globalGet: (i: number) => [0x23, i],
  globalSet: (i: number) => [0x24, i],
  const: (n: number) => [0x41, ...sleb(n)],
  add: [0x6a],
  mul: [0x6c],
  eq: [0x46],
  store8: [0x3a, 0x00, 0x00],
  load: [0x28, 0x02, 0x00],
  ifVoid: [0x04, 0x40],
  end: [0x0b],
  ret: [0x0f],
  call: (i: number) => [0x10, i],
  unreachable: [0x00],
  memoryCopy: [0xfc, 0x0a, 0x00, 0x00],
};

/** The module's bytes. */
export const echoOpaWasmModule = (): Uint8Array => {
  // Static data from 1024: NUL-terminated strings, then a table of result addresses.
  const strings: Record<string, number> = {};
  const data: number[] = [];
  const place = (key: string, text: string, terminate = true): void => {
    strings[key] = 1024 + data.length;
    data.push(...utf8(text), ...(terminate ? [0] : []));
  };
  place('builtins', '{}');
  place('entrypoints', JSON.stringify(ECHO_ENTRYPOINTS));
  place('prefix', '[{"result":', false);
  place('suffix', '}]');
  place('abort', ABORT_MESSAGE);
  FIXED_RESULTS.forEach((text, i) => place(`fixed${i + 1}`, text));
  while (data.length % 4) data.push(0);
  const table = 1024 + data.length;
  for (let ep = 0; ep <= FIXED_RESULTS.length; ep++) {
    const addr = ep === 0 ? 0 : strings[`fixed${ep}`]!;
    data.push(addr & 0xff, (addr >> 8) & 0xff, (addr >> 16) & 0xff, (addr >> 24) & 0xff);
  }
  const prefixLength = utf8('[{"result":').length;
  const heap = 0; // global index of the heap pointer

  // Types: 0 (i32)->i32, 1 (i32,i32)->i32, 2 ()->i32, 3 (i32)->(), 4 (i32 x7)->i32
  const types = vec([
    [0x60, ...vec([[I32]]), ...vec([[I32]])],
    [0x60, ...vec([[I32], [I32]]), ...vec([[I32]])],
    [0x60, ...vec([]), ...vec([[I32]])],
    [0x60, ...vec([[I32]]), ...vec([])],
    [0x60, ...vec(Array.from({ length: 7 }, () => [I32])), ...vec([[I32]])],
  ]);
  // Imports: func 0 = env.opa_abort (the SDK throws its message), and the SDK's memory.
  const imports = vec([
    [...name('env'), ...name('opa_abort'), 0x00, 3],
    [...name('env'), ...name('memory'), 0x02, 0x00, 1],
  ]);
  // One instruction sequence per line reads like the assembly it is.
  // prettier-ignore
  const bodies: [string, number, number[]][] = [
    // opa_malloc(size): bump allocator, one spare byte for the NUL opa_json_parse writes.
    ['opa_malloc', 0, [...op.globalGet(heap), ...op.globalGet(heap), ...op.localGet(0), ...op.add, ...op.const(1), ...op.add, ...op.globalSet(heap)]],
    // opa_json_parse(addr, len): a value is its JSON text; terminate it.
    ['opa_json_parse', 1, [...op.localGet(0), ...op.localGet(1), ...op.add, ...op.const(0), ...op.store8, ...op.localGet(0)]],
    ['opa_json_dump', 0, [...op.localGet(0)]],
    ['opa_heap_ptr_get', 2, [...op.globalGet(heap)]],
    ['opa_heap_ptr_set', 3, [...op.localGet(0), ...op.globalSet(heap)]],
    ['builtins', 2, [...op.const(strings.builtins!)]],
    ['entrypoints', 2, [...op.const(strings.entrypoints!)]],
    // opa_eval(reserved, entrypoint, data, input, input_len, heap, format) -> result set address
    [
      'opa_eval',
      4,
      [
        ...op.localGet(1), ...op.const(ABORT_ENTRYPOINT), ...op.eq, ...op.ifVoid, ...op.const(strings.abort!), ...op.call(0), ...op.unreachable, ...op.end,
        ...op.localGet(1), ...op.ifVoid, ...op.localGet(1), ...op.const(4), ...op.mul, ...op.const(table), ...op.add, ...op.load, ...op.ret, ...op.end,
        // echo: '[{"result":' + input + '}]\0' at the heap address the SDK passes
        ...op.localGet(5), ...op.const(strings.prefix!), ...op.const(prefixLength), ...op.memoryCopy,
        ...op.localGet(5), ...op.const(prefixLength), ...op.add, ...op.localGet(3), ...op.localGet(4), ...op.memoryCopy,
        ...op.localGet(5), ...op.const(prefixLength), ...op.add, ...op.localGet(4), ...op.add, ...op.const(strings.suffix!), ...op.const(3), ...op.memoryCopy,
        ...op.localGet(5), ...op.const(prefixLength + 3), ...op.add, ...op.localGet(4), ...op.add, ...op.globalSet(heap),
        ...op.localGet(5),
      ],
    ],
  ];
  const functions = vec(bodies.map(([, type]) => uleb(type)));
  const globals = vec([
    [I32, 0x01, ...op.const(65536), ...op.end],
    [I32, 0x00, ...op.const(1), ...op.end],
    [I32, 0x00, ...op.const(2), ...op.end],
  ]);
  const exports = vec([
    ...bodies.map(([exportName], i) => [...name(exportName), 0x00, ...uleb(i + 1)]),
    [...name('opa_wasm_abi_version'), 0x03, 1],
    [...name('opa_wasm_abi_minor_version'), 0x03, 2],
  ]);
  const code = vec(
    bodies.map(([, , body]) => {
      const fn = [...vec([]), ...body, ...op.end];
      return [...uleb(fn.length), ...fn];
    }),
  );
  const dataSection = vec([[0x00, ...op.const(1024), ...op.end, ...vec(data.map((b) => [b]))]]);
  // prettier-ignore
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, functions),
    ...section(6, globals),
    ...section(7, exports),
    ...section(10, code),
    ...section(11, dataSection),
  ]);
};
