import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { OpaWasmBackend } from '../../src/policy/backends/opa-wasm-backend.js';
import { inputDigest, policyDigest } from '../../src/policy/evaluate-policy.js';
import { ABORT_MESSAGE, echoOpaWasmModule } from './echo-opa-wasm-module.js';

// What this proves: the adapter drives the real @open-policy-agent/opa-wasm SDK against a module
// that speaks OPA's wasm ABI (load, ABI handshake, entrypoint table, input copied into wasm
// memory, result sets read back, aborts) and maps every answer to a decision, failing closed.
// What it does not prove: that a bundle compiled by `opa build -t wasm` from the default policies
// decides like the embedded evaluator; no opa binary is available here to compile one.

const wasm = echoOpaWasmModule();

describe('OpaWasmBackend through @open-policy-agent/opa-wasm', () => {
  it('decides from the package document the entrypoint returns', async () => {
    const backend = new OpaWasmBackend({ wasm, data: { unused: true } });
    const allowed = await backend.evaluate({
      entrypoint: 'airlock.echo',
      input: { allow: true, deny: [] },
    });
    expect(allowed).toMatchObject({ allow: true, deny: [] });
    expect(allowed.error).toBeUndefined();

    const denied = await backend.evaluate({
      entrypoint: 'data.airlock.echo',
      input: { allow: true, deny: ['z: second', 'a: first'] },
    });
    expect(denied).toMatchObject({ allow: false, deny: ['a: first', 'z: second'] });

    const notTrue = await backend.evaluate({ entrypoint: 'airlock/echo', input: { allow: false } });
    expect(notTrue).toMatchObject({ allow: false, deny: [] });
  });

  it('passes the input across the ABI as JSON text, bigint included', async () => {
    const backend = new OpaWasmBackend({ wasm });
    const input = {
      allow: true,
      deny: [{ id: 12345678901234567890n, name: 'ünïcødé', n: 9007199254740991 }],
    };
    // The echo policy denies with whatever it was given, so the message shows what arrived.
    // (The SDK itself would throw on bigint; the adapter hands it JSON text. The SDK parses
    // results with JSON.parse, so a result beyond 2^53 comes back rounded.)
    const d = await backend.evaluate({ entrypoint: 'airlock.echo', input });
    expect(d.deny).toEqual(['{"id":12345678901234567168,"n":9007199254740991,"name":"ünïcødé"}']);
    expect(d.input_digest).toBe(inputDigest(input));
  });

  it('evaluates a package through its allow and deny entrypoints together', async () => {
    const d = await new OpaWasmBackend({ wasm }).evaluate({
      entrypoint: 'airlock.split',
      input: {},
    });
    expect(d).toMatchObject({ allow: false, deny: ['fixed reason'] });
    expect(d.error).toBeUndefined();
  });

  it('refuses an allow entrypoint without its deny entrypoint, and a missing entrypoint', async () => {
    const lonely = await new OpaWasmBackend({ wasm }).evaluate({
      entrypoint: 'airlock.lonely',
      input: {},
    });
    expect(lonely).toMatchObject({ allow: false, error: { code: 'wasm_entrypoint_missing' } });
    const missing = await new OpaWasmBackend({ wasm }).evaluate({
      entrypoint: 'airlock.sts',
      input: {},
    });
    expect(missing).toMatchObject({ allow: false, error: { code: 'wasm_entrypoint_missing' } });
    expect(missing.deny[0]).toMatch(
      /no entrypoint airlock\/sts .*it has: airlock\/abort, airlock\/echo/,
    );
  });

  it('denies undefined results, multiple results, malformed documents and aborts', async () => {
    const backend = new OpaWasmBackend({ wasm });
    const cases: [string, unknown, string][] = [
      ['airlock.undefined', {}, 'backend_undefined_result'],
      ['airlock.two', {}, 'backend_malformed_result'],
      ['airlock.echo', { allow: 'yes' }, 'backend_malformed_result'],
      ['airlock.echo', { allow: true, deny: 'one message' }, 'backend_malformed_result'],
      ['airlock.echo', [true], 'backend_malformed_result'],
      ['airlock.abort', {}, 'wasm_eval_error'],
    ];
    for (const [entrypoint, input, code] of cases) {
      const d = await backend.evaluate({ entrypoint, input });
      expect({
        entrypoint,
        input,
        allow: d.allow,
        code: d.error?.code,
        reasons: d.deny.length,
      }).toEqual({ entrypoint, input, allow: false, code, reasons: 1 });
    }
    expect((await backend.evaluate({ entrypoint: 'airlock.abort', input: {} })).deny[0]).toContain(
      ABORT_MESSAGE,
    );
  });

  it('denies invalid bytes and a module that is not an OPA policy', async () => {
    const garbage = await new OpaWasmBackend({ wasm: new Uint8Array([1, 2, 3, 4]) }).evaluate({
      entrypoint: 'airlock.echo',
      input: { allow: true },
    });
    expect(garbage).toMatchObject({ allow: false, error: { code: 'wasm_invalid_module' } });
    // A valid but empty wasm module: it loads as WebAssembly, not as an OPA policy.
    const empty = await new OpaWasmBackend({
      wasm: new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
    }).evaluate({ entrypoint: 'airlock.echo', input: { allow: true } });
    expect(empty).toMatchObject({ allow: false, error: { code: 'wasm_invalid_module' } });
    expect(empty.deny[0]).toMatch(/lacks the ABI exports opa_wasm_abi_version, .*opa_heap_ptr_set/);
  });

  it('digests the Rego sources when given, else the wasm bytes', async () => {
    const modules = [{ file: 'x.rego', source: 'package airlock.echo\n' }];
    expect(
      (
        await new OpaWasmBackend({ wasm, modules }).evaluate({
          entrypoint: 'airlock.echo',
          input: { allow: true },
        })
      ).policy_digest,
    ).toBe(policyDigest(modules));
    expect(
      (
        await new OpaWasmBackend({ wasm }).evaluate({
          entrypoint: 'airlock.echo',
          input: { allow: true },
        })
      ).policy_digest,
    ).toBe(createHash('sha256').update(wasm).digest('hex'));
  });
});
