import { operandError, typeError, type BuiltinTable } from '../builtin.js';
import { RObject, RSet, typeName, valuesEqual, type Value } from '../value.js';

const objArg = (v: Value, pos: number): RObject => {
  if (!(v instanceof RObject)) throw operandError(pos, 'object', v);
  return v;
};

const keysOf = (v: Value, pos: number): Value[] => {
  if (Array.isArray(v)) return v;
  if (v instanceof RSet) return [...v.values()];
  if (v instanceof RObject) return v.keys();
  throw operandError(pos, 'one of {object, set, array}', v);
};

const child = (v: Value, key: Value): Value | undefined => {
  if (v instanceof RObject) return v.get(key);
  if (Array.isArray(v)) return typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < v.length ? v[key] : undefined;
  if (v instanceof RSet) return v.has(key) ? key : undefined;
  return undefined;
};

const unionDeep = (a: RObject, b: RObject): RObject => {
  const out = new RObject();
  for (const [k, v] of a.pairs()) out.set(k, v);
  for (const [k, v] of b.pairs()) {
    const prev = out.get(k);
    out.set(k, prev instanceof RObject && v instanceof RObject ? unionDeep(prev, v) : v);
  }
  return out;
};

// object.subset as OPA's topdown/object.go has it: objects recurse (objects, sets and arrays under
// a key compare by their own rule), sets by membership, arrays as a contiguous run, and an array
// holds a set when every member of the set occurs in it (counted per array element, as OPA does).
const arraySubset = (sup: Value[], sub: Value[]): boolean => {
  if (sub.length > sup.length) return false;
  for (let i = 0; i + sub.length <= sup.length; i++) if (sub.every((x, j) => valuesEqual(sup[i + j]!, x))) return true;
  return false;
};

const setSubset = (sup: RSet, sub: RSet): boolean => [...sub.values()].every((x) => sup.has(x));

const arraySetSubset = (sup: Value[], sub: RSet): boolean => {
  let unmatched = sub.size;
  for (const x of sup) {
    if (sub.has(x)) unmatched--;
    if (unmatched === 0) return true;
  }
  return false;
};

const objectSubset = (sup: RObject, sub: RObject): boolean => {
  for (const [k, v] of sub.pairs()) {
    const s = sup.get(k);
    if (s === undefined) return false;
    if (valuesEqual(s, v)) continue;
    if (s instanceof RObject && v instanceof RObject) {
      if (!objectSubset(s, v)) return false;
    } else if (s instanceof RSet && v instanceof RSet) {
      if (!setSubset(s, v)) return false;
    } else if (Array.isArray(s) && Array.isArray(v)) {
      if (!arraySubset(s, v)) return false;
    } else return false;
  }
  return true;
};

const isSubset = (sup: Value, sub: Value): boolean => {
  if (sup instanceof RObject && sub instanceof RObject) return objectSubset(sup, sub);
  if (sup instanceof RSet && sub instanceof RSet) return setSubset(sup, sub);
  if (Array.isArray(sup) && Array.isArray(sub)) return arraySubset(sup, sub);
  if (Array.isArray(sup) && sub instanceof RSet) return arraySetSubset(sup, sub);
  throw typeError('both arguments object.subset must be of the same type or array and set');
};

/** A JSON path for json.filter / json.remove / json.patch: "a/b/0" or ["a", "b", 0]. */
const parsePath = (p: Value, what: string): Value[] => {
  if (typeof p === 'string') {
    const trimmed = p.replace(/^\/+|\/+$/g, '');
    return trimmed === '' ? [] : trimmed.split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  if (Array.isArray(p)) return p;
  throw typeError(`${what} but got ${typeName(p)}`);
};

/** A JSON Pointer (RFC 6901) for json.patch: "" is the root, "/" is the key "" at the root. */
const parsePointer = (p: Value): Value[] | undefined => {
  if (Array.isArray(p)) return p;
  if (typeof p !== 'string') return undefined;
  if (p === '') return [];
  const body = p.startsWith('/') ? p.slice(1) : p;
  return body.split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
};

interface PathTree {
  children: Map<string, { key: Value; tree: PathTree }>;
  leaf: boolean;
}

const buildTree = (paths: Value[][]): PathTree => {
  const root: PathTree = { children: new Map(), leaf: false };
  for (const p of paths) {
    let n = root;
    for (const seg of p) {
      const k = typeof seg === 'string' ? seg : JSON.stringify(String(seg));
      let c = n.children.get(k);
      if (!c) {
        c = { key: seg, tree: { children: new Map(), leaf: false } };
        n.children.set(k, c);
      }
      n = c.tree;
    }
    n.leaf = true;
  }
  return root;
};

const segMatches = (seg: Value, key: Value): boolean => valuesEqual(seg, key) || (typeof seg === 'string' && typeof key === 'number' && seg === String(key));

const filterTree = (v: Value, t: PathTree): Value | undefined => {
  if (t.leaf) return v;
  if (v instanceof RObject) {
    const out = new RObject();
    for (const [k, x] of v.pairs()) {
      for (const { key, tree } of t.children.values()) {
        if (!segMatches(key, k)) continue;
        const f = filterTree(x, tree);
        if (f !== undefined) out.set(k, f);
      }
    }
    return out;
  }
  if (Array.isArray(v)) {
    const out: Value[] = [];
    v.forEach((x, i) => {
      for (const { key, tree } of t.children.values()) {
        if (!segMatches(key, i)) continue;
        const f = filterTree(x, tree);
        if (f !== undefined) out.push(f);
      }
    });
    return out;
  }
  if (v instanceof RSet) {
    const out = new RSet();
    for (const x of v.values()) {
      for (const { key, tree } of t.children.values()) {
        if (!segMatches(key, x)) continue;
        const f = filterTree(x, tree);
        if (f !== undefined) out.add(f);
      }
    }
    return out;
  }
  return undefined;
};

const removeTree = (v: Value, t: PathTree): Value | undefined => {
  if (t.leaf) return undefined;
  const sub = (k: Value): PathTree | undefined => {
    for (const { key, tree } of t.children.values()) if (segMatches(key, k)) return tree;
    return undefined;
  };
  if (v instanceof RObject) {
    const out = new RObject();
    for (const [k, x] of v.pairs()) {
      const st = sub(k);
      const r = st ? removeTree(x, st) : x;
      if (r !== undefined) out.set(k, r);
    }
    return out;
  }
  if (Array.isArray(v)) {
    const out: Value[] = [];
    v.forEach((x, i) => {
      const st = sub(i);
      const r = st ? removeTree(x, st) : x;
      if (r !== undefined) out.push(r);
    });
    return out;
  }
  if (v instanceof RSet) {
    const out = new RSet();
    for (const x of v.values()) {
      const st = sub(x);
      const r = st ? removeTree(x, st) : x;
      if (r !== undefined) out.add(r);
    }
    return out;
  }
  return v;
};

const pathsArg = (v: Value, name: string): Value[][] => {
  const what = `${name}: operand 2 must be one of {set, array} containing string paths or array of path segments`;
  if (!Array.isArray(v) && !(v instanceof RSet)) throw typeError(`operand 2 must be one of {set, array} but got ${typeName(v)}`);
  const xs = Array.isArray(v) ? v : [...v.values()];
  return xs.map((p) => parsePath(p, what.slice(name.length + 2)));
};

// ---- JSON Patch (RFC 6902) -------------------------------------------------------------

const pointerKey = (container: Value, seg: Value, forAdd: boolean): Value | undefined => {
  if (Array.isArray(container)) {
    if (forAdd && seg === '-') return container.length;
    const n = typeof seg === 'number' ? seg : typeof seg === 'string' && /^(0|[1-9][0-9]*)$/.test(seg) ? Number(seg) : undefined;
    if (n === undefined || n < 0 || n > container.length || (!forAdd && n === container.length)) return undefined;
    return n;
  }
  return seg;
};

const patchAt = (doc: Value, path: Value[], op: (parent: Value, key: Value) => Value | undefined): Value | undefined => {
  if (path.length === 0) return undefined;
  const [seg, ...rest] = path;
  if (rest.length === 0) return op(doc, seg!);
  const key = pointerKey(doc, seg!, false);
  if (key === undefined) return undefined;
  const c = child(doc, key);
  if (c === undefined) return undefined;
  const replaced = patchAt(c, rest, op);
  if (replaced === undefined) return undefined;
  if (doc instanceof RObject) {
    const o = RObject.fromPairs(doc.pairs());
    o.set(key, replaced);
    return o;
  }
  if (Array.isArray(doc)) {
    const a = doc.slice();
    a[key as number] = replaced;
    return a;
  }
  if (doc instanceof RSet) {
    const s = RSet.of([...doc.values()].filter((x) => !valuesEqual(x, key)));
    s.add(replaced);
    return s;
  }
  return undefined;
};

const addOp = (value: Value) => (parent: Value, seg: Value): Value | undefined => {
  if (parent instanceof RObject) {
    const o = RObject.fromPairs(parent.pairs());
    o.set(seg, value);
    return o;
  }
  if (Array.isArray(parent)) {
    const i = pointerKey(parent, seg, true);
    if (i === undefined) return undefined;
    const a = parent.slice();
    a.splice(i as number, 0, value);
    return a;
  }
  if (parent instanceof RSet) {
    // a set member is addressed by itself: the path's last segment must be the value
    if (!valuesEqual(seg, value)) return undefined;
    const s = RSet.of(parent.values());
    s.add(value);
    return s;
  }
  return undefined;
};

const removeOp = (parent: Value, seg: Value): Value | undefined => {
  if (parent instanceof RObject) {
    if (!parent.has(seg)) return undefined;
    const o = RObject.fromPairs(parent.pairs());
    o.delete(seg);
    return o;
  }
  if (Array.isArray(parent)) {
    const i = pointerKey(parent, seg, false);
    if (i === undefined) return undefined;
    const a = parent.slice();
    a.splice(i as number, 1);
    return a;
  }
  if (parent instanceof RSet) {
    if (!parent.has(seg)) return undefined;
    return RSet.of([...parent.values()].filter((x) => !valuesEqual(x, seg)));
  }
  return undefined;
};

const getPath = (doc: Value, path: Value[]): Value | undefined => {
  let cur: Value | undefined = doc;
  for (const seg of path) {
    if (cur === undefined) return undefined;
    const k = pointerKey(cur, seg, false);
    cur = k === undefined ? undefined : child(cur, k);
  }
  return cur;
};

const applyPatch = (doc: Value, patch: RObject): Value | undefined => {
  const op = patch.get('op');
  const pathV = patch.get('path');
  if (typeof op !== 'string' || pathV === undefined) return undefined;
  const path = parsePointer(pathV);
  if (!path) return undefined;
  const value = patch.get('value');
  const from = patch.get('from');
  switch (op) {
    case 'add':
      if (value === undefined) return undefined;
      return path.length === 0 ? value : patchAt(doc, path, addOp(value));
    case 'remove':
      return patchAt(doc, path, removeOp);
    case 'replace': {
      if (value === undefined) return undefined;
      if (path.length === 0) return value;
      if (getPath(doc, path) === undefined) return undefined;
      const removed = patchAt(doc, path, removeOp);
      return removed === undefined ? undefined : patchAt(removed, path, addOp(value));
    }
    case 'move':
    case 'copy': {
      if (from === undefined) return undefined;
      const fp = parsePointer(from);
      if (!fp) return undefined;
      const v = getPath(doc, fp);
      if (v === undefined) return undefined;
      const base = op === 'move' ? patchAt(doc, fp, removeOp) : doc;
      if (base === undefined) return undefined;
      return path.length === 0 ? v : patchAt(base, path, addOp(v));
    }
    case 'test': {
      const v = getPath(doc, path);
      return v !== undefined && value !== undefined && valuesEqual(v, value) ? doc : undefined;
    }
    default:
      return undefined;
  }
};

// ---- graphs ---------------------------------------------------------------------------

const neighbours = (v: Value | undefined): Value[] => {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  if (v instanceof RSet) return [...v.values()];
  if (v instanceof RObject) return v.values();
  return [];
};

const graphArgs = (args: Value[]): [RObject, Value[]] => {
  const g = objArg(args[0]!, 1);
  const init = args[1]!;
  if (!Array.isArray(init) && !(init instanceof RSet)) throw operandError(2, 'one of {array, set}', init);
  return [g, Array.isArray(init) ? init : [...init.values()]];
};

const walkAll = (v: Value, path: Value[], out: Value[]): void => {
  out.push([path.slice(), v]);
  if (v instanceof RObject) for (const [k, x] of v.pairs()) walkAll(x, [...path, k], out);
  else if (Array.isArray(v)) v.forEach((x, i) => walkAll(x, [...path, i], out));
  else if (v instanceof RSet) for (const x of v.values()) walkAll(x, [...path, x], out);
};

export const objectBuiltins: BuiltinTable = {
  'object.get': {
    arity: 3,
    fn: ([o, key, dflt]) => {
      const obj = objArg(o!, 1);
      if (Array.isArray(key)) {
        let cur: Value | undefined = obj;
        for (const seg of key) {
          cur = cur === undefined ? undefined : child(cur, seg);
          if (cur === undefined) break;
        }
        // A key present with a null value yields null, not the default (OPA's topdown/object.go).
        return cur === undefined ? dflt : cur;
      }
      const found = obj.get(key!);
      return found === undefined ? dflt : found;
    },
  },
  'object.keys': { arity: 1, fn: ([o]) => RSet.of(objArg(o!, 1).keys()) },
  'object.union': { arity: 2, fn: ([a, b]) => unionDeep(objArg(a!, 1), objArg(b!, 2)) },
  'object.union_n': {
    arity: 1,
    fn: ([xs]) => {
      if (!Array.isArray(xs)) throw operandError(1, 'array', xs!);
      let out = new RObject();
      for (const x of xs) {
        if (!(x instanceof RObject)) throw typeError(`operand 1 must be array of objects but got array containing ${typeName(x)}`);
        out = unionDeep(out, x);
      }
      return out;
    },
  },
  'object.remove': {
    arity: 2,
    fn: ([o, ks]) => {
      const obj = objArg(o!, 1);
      const remove = RSet.of(keysOf(ks!, 2));
      return RObject.fromPairs([...obj.pairs()].filter(([k]) => !remove.has(k)));
    },
  },
  'object.filter': {
    arity: 2,
    fn: ([o, ks]) => {
      const obj = objArg(o!, 1);
      const keep = RSet.of(keysOf(ks!, 2));
      return RObject.fromPairs([...obj.pairs()].filter(([k]) => keep.has(k)));
    },
  },
  'object.subset': {
    arity: 2,
    fn: ([a, b]) => {
      const ok = (v: Value): boolean => v instanceof RObject || v instanceof RSet || Array.isArray(v);
      if (!ok(a!)) throw operandError(1, 'one of {object, set, array}', a!);
      if (!ok(b!)) throw operandError(2, 'one of {object, set, array}', b!);
      return isSubset(a!, b!);
    },
  },
  'json.filter': {
    arity: 2,
    fn: ([o, paths]) => {
      const obj = objArg(o!, 1);
      return filterTree(obj, buildTree(pathsArg(paths!, 'json.filter')));
    },
  },
  'json.remove': {
    arity: 2,
    fn: ([o, paths]) => {
      const obj = objArg(o!, 1);
      return removeTree(obj, buildTree(pathsArg(paths!, 'json.remove')));
    },
  },
  'json.patch': {
    arity: 2,
    fn: ([doc, patches]) => {
      if (!Array.isArray(patches)) throw operandError(2, 'array', patches!);
      let cur: Value | undefined = doc!;
      for (const p of patches) {
        if (!(p instanceof RObject)) throw typeError(`operand 2 must be array of objects but got array containing ${typeName(p)}`);
        cur = applyPatch(cur, p);
        if (cur === undefined) return undefined;
      }
      return cur;
    },
  },
  walk: {
    arity: 1,
    fn: () => undefined,
    relation: ([v]) => {
      const out: Value[] = [];
      walkAll(v!, [], out);
      return out;
    },
  },
  'graph.reachable': {
    arity: 2,
    fn: (args) => {
      const [g, init] = graphArgs(args);
      const seen = new RSet();
      const queue = [...init];
      while (queue.length) {
        const n = queue.shift()!;
        if (seen.has(n)) continue;
        const edges = g.get(n);
        if (edges === undefined) continue;
        seen.add(n);
        queue.push(...neighbours(edges));
      }
      return seen;
    },
  },
  'graph.reachable_paths': {
    arity: 2,
    fn: (args) => {
      const [g, init] = graphArgs(args);
      const out = new RSet();
      /**
       * OPA's pathBuilder (topdown/reachable.go): depth first from each neighbour of an initial
       * node, with one `reached` set per such neighbour. A node counts as reached once the walk
       * has left it, so a path ends where it meets any node already walked through, not only one
       * on its own path. Within one node, every ended path is appended to the same list before
       * it is added, as OPA does.
       */
      const walk = (root: Value, path: Value[], reached: RSet): void => {
        const edges = g.get(root);
        const ended: Value[] = [];
        if (edges === undefined) {
          out.add([...path]);
          return;
        }
        const p = [...path, root];
        const ns = neighbours(edges);
        if (ns.length === 0) {
          out.add(p);
          return;
        }
        for (const n of ns) {
          if (reached.has(n)) {
            ended.push(...p);
            out.add([...ended]);
          } else {
            reached.add(root);
            walk(n, p, reached);
          }
        }
      };
      for (const node of init) {
        const edges = g.get(node);
        if (edges === undefined) continue;
        const ns = neighbours(edges);
        if (ns.length === 0) out.add([node]);
        for (const n of ns) walk(n, [node], RSet.of([node]));
      }
      return out;
    },
  },
};

