import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseJSONLossless } from './rego/parse-json.js';
import type { ModuleSource } from './rego/rego-policy.js';
import { fromJS, RObject, type Value } from './rego/value.js';

export interface PolicyFiles {
  modules: ModuleSource[];
  /** Base documents from .json / .yaml files, placed at their directory's path (as `opa` does). */
  data: RObject;
}

const listFiles = async (p: string): Promise<string[]> => {
  const s = await stat(p);
  if (!s.isDirectory()) return [p];
  const out: string[] = [];
  for (const e of (await readdir(p, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = path.join(p, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(full)));
    else out.push(full);
  }
  return out;
};

const mergeInto = (target: RObject, pathParts: string[], doc: Value, file: string): void => {
  let cur = target;
  for (const part of pathParts) {
    let next = cur.get(part);
    if (next === undefined) {
      next = new RObject();
      cur.set(part, next);
    }
    if (!(next instanceof RObject)) throw new Error(`${file}: data conflicts with a non-object document at ${pathParts.join('.')}`);
    cur = next;
  }
  if (!(doc instanceof RObject)) throw new Error(`${file}: a data file must hold a JSON/YAML object at its top level`);
  for (const [k, v] of doc.pairs()) cur.set(k, v);
};

/**
 * Load .rego modules and .json/.yaml data from files or directories. Errors name the file and
 * what was wrong; a missing path is reported as such.
 */
export const loadPolicyFiles = async (paths: string[]): Promise<PolicyFiles> => {
  const modules: ModuleSource[] = [];
  const data = new RObject();
  for (const root of paths) {
    let files: string[];
    try {
      files = await listFiles(root);
    } catch (e) {
      throw new Error(`${root}: no such file or directory (expected a .rego, .json or .yaml file, or a directory of them)`, { cause: e });
    }
    const isDir = files.length !== 1 || files[0] !== root;
    for (const f of files) {
      const rel = isDir ? path.relative(root, path.dirname(f)) : '';
      const dirParts = rel === '' ? [] : rel.split(path.sep);
      if (f.endsWith('.rego')) modules.push({ file: f, source: await readFile(f, 'utf8') });
      else if (/\.(json)$/.test(f) && path.basename(f) === 'data.json') {
        let doc: Value;
        try {
          doc = parseJSONLossless(await readFile(f, 'utf8'));
        } catch (e) {
          throw new Error(`${f}: invalid JSON (${(e as Error).message})`, { cause: e });
        }
        mergeInto(data, dirParts, doc, f);
      } else if (/\.ya?ml$/.test(f) && /^data\.ya?ml$/.test(path.basename(f))) {
        let doc: Value;
        try {
          doc = fromJS(parseYaml(await readFile(f, 'utf8'), { intAsBigInt: true }));
        } catch (e) {
          throw new Error(`${f}: invalid YAML (${(e as Error).message})`, { cause: e });
        }
        mergeInto(data, dirParts, doc, f);
      } else if (!isDir && /\.(json|ya?ml)$/.test(f)) {
        // A data file named explicitly (`--data policy/extra.json`) is loaded at the root.
        const text = await readFile(f, 'utf8');
        let doc: Value;
        try {
          doc = f.endsWith('.json') ? parseJSONLossless(text) : fromJS(parseYaml(text, { intAsBigInt: true }));
        } catch (e) {
          throw new Error(`${f}: invalid ${f.endsWith('.json') ? 'JSON' : 'YAML'} (${(e as Error).message})`, { cause: e });
        }
        mergeInto(data, [], doc, f);
      }
    }
  }
  return { modules, data };
};
