import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  scanText
} from "./chunk-AISXWLAK.js";

// src/scan/git-added-lines.ts
var COMMIT_MARKER = "\0commit ";
var HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;
function parseAddedLines(diff) {
  const out = [];
  let commit;
  let current;
  let newLine = 0;
  let inHunk = false;
  const flush = () => {
    if (current && current.lines.length > 0) out.push(current);
    current = void 0;
  };
  for (const raw of diff.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.startsWith(COMMIT_MARKER)) {
      flush();
      commit = line.slice(COMMIT_MARKER.length).trim();
      inHunk = false;
      continue;
    }
    if (line.startsWith("diff --git ")) {
      flush();
      inHunk = false;
      continue;
    }
    if (!inHunk && line.startsWith("+++ ")) {
      const path = line.slice(4).split("	")[0];
      flush();
      if (path !== "/dev/null") current = { commit, file: path.replace(/^b\//, ""), lines: [] };
      continue;
    }
    const h = HUNK.exec(line);
    if (h) {
      inHunk = true;
      newLine = Number(h[1]);
      continue;
    }
    if (!inHunk) continue;
    if (line.startsWith("+")) {
      current?.lines.push({ line: newLine, text: line.slice(1) });
      newLine++;
    } else if (line.startsWith(" ")) newLine++;
    else if (!line.startsWith("-") && !line.startsWith("\\")) inHunk = false;
  }
  flush();
  return out;
}

// src/scan/scan-diff.ts
function scanAddedLines(added, options = {}) {
  const text = added.lines.map((l) => l.text).join("\n");
  const { findings } = scanText(text, { ...options, file: added.file });
  return findings.map((f) => ({
    ...f,
    line: added.lines[f.line - 1]?.line ?? f.line,
    ...added.commit !== void 0 ? { commit: added.commit } : {}
  }));
}
function scanDiff(diff, options = {}) {
  return parseAddedLines(diff).flatMap((a) => scanAddedLines(a, options));
}

export {
  COMMIT_MARKER,
  parseAddedLines,
  scanAddedLines,
  scanDiff
};
