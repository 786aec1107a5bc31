import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  require_dist
} from "./chunk-SPRYJVQL.js";
import {
  parseJSONLossless
} from "./chunk-M5SG437F.js";
import {
  RObject,
  fromJS
} from "./chunk-EUJLSU46.js";
import {
  __toESM
} from "./chunk-WLT2JI5U.js";

// src/policy/load-policy-files.ts
var import_yaml = __toESM(require_dist(), 1);
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
var listFiles = async (p) => {
  const s = await stat(p);
  if (!s.isDirectory()) return [p];
  const out = [];
  for (const e of (await readdir(p, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const full = path.join(p, e.name);
    if (e.isDirectory()) out.push(...await listFiles(full));
    else out.push(full);
  }
  return out;
};
var mergeInto = (target, pathParts, doc, file) => {
  let cur = target;
  for (const part of pathParts) {
    let next = cur.get(part);
    if (next === void 0) {
      next = new RObject();
      cur.set(part, next);
    }
    if (!(next instanceof RObject)) throw new Error(`${file}: data conflicts with a non-object document at ${pathParts.join(".")}`);
    cur = next;
  }
  if (!(doc instanceof RObject)) throw new Error(`${file}: a data file must hold a JSON/YAML object at its top level`);
  for (const [k, v] of doc.pairs()) cur.set(k, v);
};
var loadPolicyFiles = async (paths) => {
  const modules = [];
  const data = new RObject();
  for (const root of paths) {
    let files;
    try {
      files = await listFiles(root);
    } catch (e) {
      throw new Error(`${root}: no such file or directory (expected a .rego, .json or .yaml file, or a directory of them)`, { cause: e });
    }
    const isDir = files.length !== 1 || files[0] !== root;
    for (const f of files) {
      const rel = isDir ? path.relative(root, path.dirname(f)) : "";
      const dirParts = rel === "" ? [] : rel.split(path.sep);
      if (f.endsWith(".rego")) modules.push({ file: f, source: await readFile(f, "utf8") });
      else if (/\.(json)$/.test(f) && path.basename(f) === "data.json") {
        let doc;
        try {
          doc = parseJSONLossless(await readFile(f, "utf8"));
        } catch (e) {
          throw new Error(`${f}: invalid JSON (${e.message})`, { cause: e });
        }
        mergeInto(data, dirParts, doc, f);
      } else if (/\.ya?ml$/.test(f) && /^data\.ya?ml$/.test(path.basename(f))) {
        let doc;
        try {
          doc = fromJS((0, import_yaml.parse)(await readFile(f, "utf8"), { intAsBigInt: true }));
        } catch (e) {
          throw new Error(`${f}: invalid YAML (${e.message})`, { cause: e });
        }
        mergeInto(data, dirParts, doc, f);
      } else if (!isDir && /\.(json|ya?ml)$/.test(f)) {
        const text = await readFile(f, "utf8");
        let doc;
        try {
          doc = f.endsWith(".json") ? parseJSONLossless(text) : fromJS((0, import_yaml.parse)(text, { intAsBigInt: true }));
        } catch (e) {
          throw new Error(`${f}: invalid ${f.endsWith(".json") ? "JSON" : "YAML"} (${e.message})`, { cause: e });
        }
        mergeInto(data, [], doc, f);
      }
    }
  }
  return { modules, data };
};

export {
  loadPolicyFiles
};
