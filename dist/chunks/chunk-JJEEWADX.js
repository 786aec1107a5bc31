import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);

// src/attest/attest-error.ts
var AttestError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
    this.name = "AttestError";
  }
  code;
};

export {
  AttestError
};
