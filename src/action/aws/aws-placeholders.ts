import { randomBytes, randomInt } from 'node:crypto';
import type { AwsCredentials } from '../../egress/aws-resign.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const draw = (n: number, alphabet: string) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]!).join('');

/**
 * Placeholder temporary credentials for the agent, shaped as STS issues them so the AWS CLI and
 * SDKs accept them: an `ASIA` access key id (20 characters, base32), a 40-character secret and a
 * base64 session token. None is live: AWS has never issued them, and the proxy only ever signs
 * with the real session (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html).
 * The token deliberately shares no prefix with real ones, so the two are never confused.
 */
export function awsPlaceholderCredentials(): Required<AwsCredentials> {
  return { accessKeyId: `ASIA${draw(16, BASE32)}`, secretAccessKey: draw(40, SECRET), sessionToken: randomBytes(270).toString('base64') };
}
