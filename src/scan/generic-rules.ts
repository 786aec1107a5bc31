import type { SecretRule } from './rule-types.js';

/*
 * Keyword + entropy rules for secrets with no recognisable format. Group 1 is the rest of the
 * assigned name (for look-alike checks such as `token_sha256`); the value is the first
 * defined group from 2 on. Spaces around the operator stay on one line ([ \t]) so a YAML key
 * with a nested block is not read as an assignment.
 * airlock:allow-file (the examples are synthetic credentials)
 */
const ASSIGN = '([A-Za-z0-9_.-]{0,32}?)["\'\\]]{0,2}[ \\t]{0,4}(?::=|=>|=|:)[ \\t]{0,4}';
const VALUE =
  '(?:"([^"\\s\\\\]{8,200})"|\'([^\'\\s\\\\]{8,200})\'|`([^`\\s\\\\]{8,200})`|([^\\s"\'`,;<>(){}[\\]\\\\]{10,200})(?=[\\s,;]|$))';

const generic = (
  id: string,
  description: string,
  tokenType: string,
  keywords: string[],
  names: string,
  examples: SecretRule['examples'],
): SecretRule => ({
  id,
  description,
  tokenType,
  keywords,
  pattern: `(?:${names})${ASSIGN}${VALUE}`,
  flags: 'i',
  secretGroup: 2,
  mode: 'generic',
  confidence: 'low',
  examples,
});

export const genericRules: readonly SecretRule[] = [
  generic(
    'generic-password',
    'Password assigned in code or configuration',
    'PASSWORD',
    ['pass', 'pwd=', 'pwd:', 'pwd"', "pwd'", 'pwd '],
    'pass(?:word|wd|phrase)?|pwd',
    {
      positives: [
        'DB_PASSWORD="k9Xv2Lq7Rm4T"',
        'password: Hx7mQ2vL9pZ4wR\n',
        "const dbPassword = 'T4n!qR8#zLp2';",
      ],
      negatives: [
        'password = "changeme"',
        'password: ${DB_PASSWORD}',
        'const password = getPassword(user);',
        'password = "<your-password>"',
        'bypass_check = "enabled"',
        "password: 'secret123'",
        "PWD: '/Users/maciej'",
        'password: "xxxxxxxxxxxx"',
      ],
    },
  ),
  generic(
    'generic-api-key',
    'API key or access token assigned in code or configuration',
    'API_KEY',
    ['api_key', 'apikey', 'api-key', 'access_key', 'accesskey', 'auth_key', 'authkey', 'token'],
    'api[_-]?key|access[_-]?key|auth[_-]?key|token',
    {
      positives: [
        'API_KEY=Zq8Lm3Xv7Rt2Nc9Wb4Kp',
        'api_key=RgGjuwSrPgs4oOMcJcYyZalyZaoR\n',
        '"apiKey": "a8F3kL9qZ2xV7mN4pR6tW1yB"',
        'auth_token = "9d8F2kQz7LmX4vRt"',
      ],
      negatives: [
        'api_key = process.env.API_KEY',
        'token = "d6cd1e2bd19e03a81132a23b2025920577f84e37"',
        'token_sha1 = "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"',
        'access_key: "550e8400-e29b-41d4-a716-446655440000"',
        'const tokenizer = new Tokenizer(input);',
        'const apiToken = "abc123xyz456";',
        'type ArrowToken = ArrowToken$1;',
        'lastSignificantToken = "?NonExpressionParenEnd";',
        'token: "usertoken123"',
        'api_key: "YOUR_API_KEY_HERE"',
      ],
    },
  ),
  generic(
    'generic-secret',
    'Secret or credential assigned in code or configuration',
    'SECRET',
    ['secret', 'credential', 'private_key', 'privatekey'],
    'secret|credentials?|private[_-]?key',
    {
      positives: [
        'CLIENT_SECRET="Wm3Qz8Lx2Rv7Tn4Kp9Bc"',
        "secret_key_base: 'c7Hn2Mq9Lx4Vt8Rz3Wp6'",
      ],
      negatives: [
        'secret: "sha512-9xC3Vq7LmZ2pR8tN4kW6bY1hJ5sG0dAeFqPzXcVbNm=="',
        'client_secret = "${CLIENT_SECRET}"',
        'secret = "placeholder-secret-value"',
        'secretName: my-app-secrets',
        '    privateKey: options2.privateKey,',
      ],
    },
  ),
];
