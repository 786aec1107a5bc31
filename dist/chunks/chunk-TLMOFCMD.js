import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  IN_TOTO_PAYLOAD_TYPE,
  require_dist2 as require_dist,
  require_dist4 as require_dist2
} from "./chunk-U23X5HMN.js";
import {
  AttestError
} from "./chunk-JJEEWADX.js";
import {
  __toESM
} from "./chunk-WLT2JI5U.js";

// src/attest/sign-keyless.ts
var import_bundle = __toESM(require_dist(), 1);
var import_sign = __toESM(require_dist2(), 1);
async function signKeyless(statement, options) {
  const witnesses = [];
  if (options.rekorUrl) witnesses.push(new import_sign.RekorWitness({ rekorBaseURL: options.rekorUrl, entryType: "dsse", timeout: 15e3, retry: 2 }));
  if (options.tsaUrl) witnesses.push(new import_sign.TSAWitness({ tsaBaseURL: options.tsaUrl, timeout: 15e3, retry: 2 }));
  if (witnesses.length === 0) throw new AttestError("SIGNING_FAILED", "keyless signing needs a Rekor or a timestamp authority URL: without a timestamp the signature cannot be verified after the certificate expires");
  const signer = new import_sign.FulcioSigner({ fulcioBaseURL: options.fulcioUrl, identityProvider: { getToken: options.identityToken }, timeout: 15e3, retry: 2 });
  try {
    const bundle = await new import_sign.DSSEBundleBuilder({ signer, witnesses }).create({ data: Buffer.from(JSON.stringify(statement)), type: IN_TOTO_PAYLOAD_TYPE });
    return (0, import_bundle.bundleToJSON)(bundle);
  } catch (error) {
    throw new AttestError("SIGNING_FAILED", `Sigstore signing failed: ${error.message}`);
  }
}

export {
  signKeyless
};
