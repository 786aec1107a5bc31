import type { SecretRule } from './rule-types.js';

/*
 * Rules that need more than a prefix and a body: private key blocks, JWTs, credentials
 * inside URLs and HTTP headers, package-manager auth files.
 * airlock:allow-file (the examples are synthetic credentials)
 */

const PEM_BODY =
  'MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBANMCOOrzwAm5kUwg\nsy+3ASUO1OUTvz0exrYZHVy/F1uc36ba1AHktSLmrZ5w3Z0WUat95NLbPks+aSyB\n';
const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJzdWIiOiJyZXBvOmFjbWUvYXBwOnJlZjpyZWZzL2hlYWRzL21haW4iLCJhdWQiOiJhaXJsb2NrIiwiaWF0IjoxNzY0MDAwMDAwfQ.v1eW6d5d3bQEp98rqjGALwCs7QecItRdiUnpthQ65XgWxypxd_D05eDTW2ohEN15KtmBvXPH6S9OWSOAcCsWBw';

/** Connection-string rule for one URI scheme family; the secret is the password only. */
const connectionString = (
  id: string,
  description: string,
  keywords: string[],
  scheme: string,
  example: string,
): SecretRule => ({
  id,
  description,
  tokenType: 'DB_PASSWORD',
  keywords,
  pattern: `(?<![A-Za-z0-9+])${scheme}:\\/\\/[^\\s:@/'"\`<>]{1,128}:([^\\s@/'"\`<>]{1,256})@[^\\s'"\`<>/]{1,256}`,
  secretGroup: 1,
  mode: 'strict',
  confidence: 'high',
  examples: {
    positives: [`DATABASE_URL=${example}`],
    negatives: [
      `DATABASE_URL=${example.replace(/:[^:@/]+@/, ':${DB_PASSWORD}@')}`,
      `DATABASE_URL=${example.replace(/:\/\/[^@]+@/, '://')}`,
    ],
  },
});

export const specialRules: readonly SecretRule[] = [
  {
    id: 'private-key',
    description: 'Private key block (PEM: RSA, EC, DSA, OPENSSH, PKCS#8, encrypted, PGP)',
    tokenType: 'PRIVATE_KEY',
    keywords: ['-----begin'],
    // The body may not contain "--", so a run of headers without END lines fails fast.
    pattern:
      '-----BEGIN ([A-Z0-9 ]{0,24}PRIVATE KEY(?: BLOCK)?)-----(?:[A-Za-z0-9+/=\\s\\\\:,.\'"]|-(?!-)){20,16000}?-----END \\1-----',
    confidence: 'high',
    examples: {
      positives: [
        `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}-----END RSA PRIVATE KEY-----\n`,
        `key = "-----BEGIN PRIVATE KEY-----\\n${PEM_BODY.replace(/\n/g, '\\n')}-----END PRIVATE KEY-----\\n"`,
        `-----BEGIN OPENSSH PRIVATE KEY-----\n${PEM_BODY}-----END OPENSSH PRIVATE KEY-----`,
        `-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n${PEM_BODY}=Xb7k\n-----END PGP PRIVATE KEY BLOCK-----`,
      ],
      negatives: [
        `-----BEGIN PUBLIC KEY-----\n${PEM_BODY}-----END PUBLIC KEY-----\n`,
        `-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----`,
        `-----BEGIN CERTIFICATE-----\n${PEM_BODY}-----END CERTIFICATE-----`,
      ],
    },
  },
  {
    id: 'putty-private-key',
    description: 'PuTTY private key file',
    tokenType: 'PRIVATE_KEY',
    keywords: ['putty-user-key-file-'],
    pattern:
      'PuTTY-User-Key-File-[23]: [^\\n]{1,100}\\n(?:[A-Za-z-]{1,32}: [^\\n]{0,200}\\n){1,12}(?:[A-Za-z0-9+/=]{1,64}\\n){1,60}Private-Lines: [0-9]{1,3}\\r?\\n(?:[A-Za-z0-9+/=]{1,64}\\r?\\n){1,200}',
    confidence: 'high',
    examples: {
      positives: [
        'PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: deploy\nPublic-Lines: 1\nAAAAB3NzaC1yc2EAAAABJQAAAQEAz\nPrivate-Lines: 2\nAAABAQCkQm9vY2sgbm90IGEgcmVhbCBrZXkgYnV0IGxvb2tzIGxpa2Ugb25l\nZmFrZSBwcml2YXRlIGxpbmVz\n',
      ],
      negatives: ['PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\n'],
    },
  },
  {
    id: 'jwt',
    description: 'JSON Web Token',
    tokenType: 'JWT',
    keywords: ['eyjhbgci', 'eyj0exai', 'eyjrawqi', 'eyjlbmmi', 'eyaiywxnijo', 'eyjjdhki'],
    pattern:
      '(?<![A-Za-z0-9_-])ey[A-Za-z0-9_-]{10,2000}\\.ey[A-Za-z0-9_-]{10,8000}\\.[A-Za-z0-9_-]{16,2000}(?![A-Za-z0-9_-])',
    validator: 'jwt',
    confidence: 'high',
    examples: {
      positives: [`Authorization: Bearer ${JWT}`, `id_token=${JWT}&state=x`],
      negatives: [
        'eyJhbGciOiJub25lIn0.bm90IGpzb24gYXQgYWxsIHJlYWxseQ.c2lnbmF0dXJlc2lnbmF0dXJl',
        'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0',
      ],
    },
  },
  connectionString(
    'postgres-connection-string',
    'PostgreSQL connection string with password',
    ['postgres://', 'postgresql://'],
    'postgres(?:ql)?',
    'postgres://app:Vq3Lr9x2KpT7@db.internal:5432/app',
  ),
  connectionString(
    'mysql-connection-string',
    'MySQL/MariaDB connection string with password',
    ['mysql://', 'mariadb://', 'mysql2://'],
    '(?:mysql2?|mariadb)',
    'mysql://root:hZ8qW2mN5vB1@10.0.0.5:3306/shop',
  ),
  connectionString(
    'mongodb-connection-string',
    'MongoDB connection string with password',
    ['mongodb://', 'mongodb+srv://'],
    'mongodb(?:\\+srv)?',
    'mongodb+srv://svc:Tm4Kx9Lp2Qw7@cluster0.ab12c.mongodb.net/prod',
  ),
  connectionString(
    'redis-connection-string',
    'Redis connection string with password',
    ['redis://', 'rediss://'],
    'rediss?',
    'rediss://default:Yp6Nc3Vb8Rt1@cache.example.net:6380',
  ),
  connectionString(
    'amqp-connection-string',
    'AMQP (RabbitMQ) connection string with password',
    ['amqp://', 'amqps://'],
    'amqps?',
    'amqps://worker:Gf7Hs2Jk9Lq4@mq.internal/vhost',
  ),
  connectionString(
    'mssql-connection-string',
    'SQL Server connection string URL with password',
    ['mssql://', 'sqlserver://'],
    '(?:mssql|sqlserver)',
    'mssql://sa:Rz5Tb8Wn3Mc6@sql01:1433/erp',
  ),
  {
    id: 'basic-auth-url',
    description: 'URL with a username and password',
    tokenType: 'URL_PASSWORD',
    keywords: [
      'http://',
      'https://',
      'ftp://',
      'ftps://',
      'sftp://',
      'ssh://',
      'git://',
      'smtp://',
      'smtps://',
      'ldap://',
      'ldaps://',
      'ws://',
      'wss://',
    ],
    pattern:
      '(?:https?|s?ftps?|ssh|git|smtps?|ldaps?|wss?):\\/\\/[^\\s:@/\'"`<>]{1,128}:([^\\s@/\'"`<>]{1,256})@[A-Za-z0-9.-]{1,253}',
    secretGroup: 1,
    mode: 'strict',
    confidence: 'high',
    examples: {
      positives: ['git remote add origin https://deploy:Pq7Zt2Vm9Lx4@git.example.com/acme/app.git'],
      negatives: [
        'see https://github.com/acme/app for details',
        'https://user:${PASSWORD}@example.com/',
        'http://user:password@localhost/',
      ],
    },
  },
  {
    id: 'basic-auth-header',
    description: 'HTTP Basic Authorization header credentials',
    tokenType: 'BASIC_AUTH',
    keywords: ['basic '],
    pattern: '[Bb]asic ([A-Za-z0-9+/]{8,400}={0,2})(?![A-Za-z0-9+/=])',
    secretGroup: 1,
    validator: 'basic-auth-header',
    confidence: 'high',
    examples: {
      positives: ['Authorization: Basic ZGVwbG95OlMzY3IzdC1QYTU1dzByZA=='],
      negatives: ['uses Basic authentication for the API', 'Authorization: Basic dXNlcm5hbWU='],
    },
  },
  {
    id: 'bearer-token',
    description: 'HTTP bearer token',
    tokenType: 'BEARER_TOKEN',
    keywords: ['bearer '],
    pattern: '[Bb]earer[ \\t]{1,3}([A-Za-z0-9._~+/-]{20,1000}={0,2})(?![A-Za-z0-9._~+/=-])',
    secretGroup: 1,
    minEntropy: 3.5,
    mode: 'strict',
    confidence: 'medium',
    examples: {
      positives: [
        'curl -H "Authorization: Bearer 9fK2mQ7xLp4ZtR8vNc3WbY6hJs1Gd5Ae" https://api.example.com',
      ],
      negatives: [
        '"Authorization: Bearer ${ACCESS_TOKEN}"',
        'Authorization: Bearer <your-access-token-here>',
      ],
    },
  },
  {
    id: 'npmrc-auth-token',
    description: 'npm registry auth token in .npmrc',
    tokenType: 'NPM_TOKEN',
    keywords: ['_authtoken'],
    pattern:
      '_authToken[ \\t]{0,3}=[ \\t]{0,3}["\']?([A-Za-z0-9_.+/=-]{20,512})(?![A-Za-z0-9_.+/=-])',
    secretGroup: 1,
    minEntropy: 3.5,
    mode: 'strict',
    confidence: 'high',
    examples: {
      positives: ['//registry.npmjs.org/:_authToken=Zk4Rm9Tq2Lw7Xc5Vb8Nh3Jp6Gd1Fs0Ay'],
      negatives: ['//registry.npmjs.org/:_authToken=${NPM_TOKEN}'],
    },
  },
  {
    id: 'npmrc-auth',
    description: 'npm registry basic auth (_auth) in .npmrc',
    tokenType: 'NPM_TOKEN',
    keywords: ['_auth='],
    pattern: '_auth=[ \\t]{0,3}([A-Za-z0-9+/]{8,400}={0,2})(?![A-Za-z0-9+/=])',
    secretGroup: 1,
    validator: 'basic-auth-header',
    confidence: 'high',
    examples: {
      positives: ['_auth=ZGVwbG95OlMzY3IzdC1QYTU1dzByZA=='],
      negatives: ['_auth=${NPM_AUTH}'],
    },
  },
  {
    id: 'docker-config-auth',
    description: 'Docker config.json registry auth',
    tokenType: 'DOCKER_AUTH',
    keywords: ['"auth"'],
    pattern: '"auth"[ \\t]{0,3}:[ \\t]{0,3}"([A-Za-z0-9+/]{8,400}={0,2})"',
    secretGroup: 1,
    validator: 'basic-auth-header',
    confidence: 'high',
    examples: {
      positives: ['{"auths":{"ghcr.io":{"auth":"ZGVwbG95OlMzY3IzdC1QYTU1dzByZA=="}}}'],
      negatives: ['{"auth":"bm90LWEtcGFpcg=="}'],
    },
  },
  {
    id: 'wireguard-private-key',
    description: 'WireGuard private key',
    tokenType: 'WIREGUARD_KEY',
    keywords: ['privatekey'],
    pattern:
      'PrivateKey[ \\t]{0,3}=[ \\t]{0,3}([A-Za-z0-9+/]{42}[AEIMQUYcgkosw480]=)(?![A-Za-z0-9+/=])',
    secretGroup: 1,
    minEntropy: 4,
    confidence: 'high',
    examples: {
      positives: ['[Interface]\nPrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n'],
      negatives: ['PrivateKey = <paste-your-private-key-here>'],
    },
  },
];
