import { setFlagsFromString } from 'node:v8';

/**
 * Keeps this process' WebAssembly on V8's baseline compiler, Liftoff: no function is recompiled
 * by the optimizing compiler (TurboFan) when it gets hot. Called before PGlite compiles its
 * PostgreSQL module (9 MB of wasm), the only large wasm the App runs.
 *
 * Why (issue 16 item 6, the App idle at <= 200 MB resident on PGlite): V8 tiers up the hot
 * functions of PostgreSQL (parser, planner, executor) in background threads, and the optimizing
 * compiler's working memory for functions that large stays resident afterwards in those threads'
 * malloc arenas. Measured on Node 20, PGlite alone: idle 133-155 MB with tier-up, 110 MB without;
 * after 3,000 insert + select pairs 187-213 MB with tier-up, 150 MB without, and 1.7-2.1 ms of CPU
 * per pair with tier-up against 1.2-1.4 ms without (compiling PostgreSQL's large functions costs
 * more than the optimized code saves on a few statements); after 15,000 pairs the CPU per pair is
 * the same (1.17 against 1.18 ms) and the memory still 213 against 153 MB. The App runs a few small
 * statements per delivery. The flag is process-wide: other wasm in the App (an opa-wasm policy)
 * stays on Liftoff too. The `airlock app` idle figure: 142-147 MB, from 188-236 MB.
 *
 * The price, chosen knowingly: on the gate's workload (`bench webhooks`, PGlite, quiet machine) the
 * process' CPU per delivery rose from about 14 to 17 ms (throughput vs a bare Probot app 0.34 ->
 * 0.30), because the busiest statements stay on baseline code. The embedded database serves one
 * replica at modest volume, where 60-90 MB less resident memory matters more than 3 ms of CPU per
 * delivery; deployments that need throughput run PostgreSQL (DATABASE_URL), where this is never set.
 * https://v8.dev/docs/wasm-compilation-pipeline and https://v8.dev/blog/liftoff
 *
 * Node documents changing V8 flags after start as unsupported in general
 * (https://nodejs.org/api/v8.html#v8setflagsfromstringflags); this flag is read when a wasm
 * function is compiled and when it would tier up, so it holds for every module compiled after
 * the call. A V8 without the flag ignores it (the App then only uses more memory).
 */
export function keepWasmOnLiftoff(): void {
  setFlagsFromString('--liftoff-only');
}
