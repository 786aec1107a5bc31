import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);

// src/http/json-http.ts
var BodyTooLargeError = class extends Error {
  constructor(limit) {
    super(`request body is larger than ${limit} bytes`);
    this.limit = limit;
  }
  limit;
};
async function readBody(req, limit) {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) throw new BodyTooLargeError(limit);
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
function sendJson(res, status, body, headers = {}) {
  if (status === 204 || body === void 0) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}
function parseJson(body) {
  return body.length === 0 ? void 0 : JSON.parse(body.toString("utf8"));
}

export {
  BodyTooLargeError,
  readBody,
  sendJson,
  parseJson
};
