import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { StoreError } from './store-error.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A short, non-secret name for a key, stored beside each ciphertext so a key mix-up reads as such. */
export const encryptionKeyId = (key: Buffer): string =>
  createHash('sha256').update('airlock-token-key').update(key).digest('hex').slice(0, 16);

/**
 * AES-256-GCM with a random 96-bit IV (NIST SP 800-38D §8.2.2); the token id is the associated
 * data, so a ciphertext copied into another row fails authentication. Layout: iv | ciphertext | tag.
 */
export function sealToken(key: Buffer, tokenId: string, token: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(tokenId, 'utf8'));
  return Buffer.concat([iv, cipher.update(token, 'utf8'), cipher.final(), cipher.getAuthTag()]);
}

export function openToken(key: Buffer, tokenId: string, sealed: Buffer): string {
  if (sealed.length < IV_BYTES + TAG_BYTES)
    throw new StoreError(
      'token_decrypt_failed',
      `the stored ciphertext of token ${tokenId} is truncated`,
    );
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(tokenId, 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new StoreError(
      'token_decrypt_failed',
      `the stored ciphertext of token ${tokenId} does not authenticate: it was altered, moved from another row, or sealed under another key`,
    );
  }
}
