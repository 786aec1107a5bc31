/** Every way the store refuses, as a closed set of codes; the message says how to fix it. */
export type StoreErrorCode =
  | 'encryption_key_missing'
  | 'encryption_key_invalid'
  | 'encryption_key_insecure'
  | 'token_decrypt_failed'
  | 'jti_invalid'
  | 'intent_invalid'
  | 'data_dir_in_use'
  | 'integer_out_of_range';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
