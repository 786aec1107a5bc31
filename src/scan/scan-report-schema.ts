/**
 * JSON Schema (draft-07) of `airlock scan --format json` (see scan-report.ts). Shipped so
 * consumers can validate what they parse. Note what is absent: no field carries a secret.
 */
export const scanReportSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://airlock.dev/schemas/scan-report-v1.json',
  title: 'Airlock scan report',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'tool', 'findings', 'summary'],
  properties: {
    version: { const: 1 },
    tool: { const: 'airlock-scan' },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [
          'rule_id',
          'description',
          'line',
          'column',
          'start',
          'end',
          'redacted_preview',
          'kind',
          'token_type',
        ],
        properties: {
          rule_id: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' },
          description: { type: 'string', minLength: 1 },
          file: { type: 'string' },
          commit: { type: 'string', pattern: '^[0-9a-f]{7,64}$' },
          line: { type: 'integer', minimum: 1 },
          column: { type: 'integer', minimum: 1 },
          start: { type: 'integer', minimum: 0 },
          end: { type: 'integer', minimum: 0 },
          redacted_preview: {
            type: 'string',
            pattern: '^(?:\\*{8}|[^*]{0,8}\\*{4}\\.\\.\\.[\\s\\S]{0,4})$',
          },
          confidence: { enum: ['high', 'medium', 'low'] },
          kind: { enum: ['pattern', 'known-value', 'generic'] },
          encoding: { type: 'array', items: { type: 'string' } },
          token_type: { type: 'string', pattern: '^[A-Z0-9]+(?:_[A-Z0-9]+)*$' },
          fingerprint: { type: 'string', pattern: '^[0-9a-f]{32}$' },
        },
      },
    },
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['files_scanned', 'bytes_scanned', 'findings', 'skipped'],
      properties: {
        files_scanned: { type: 'integer', minimum: 0 },
        bytes_scanned: { type: 'integer', minimum: 0 },
        findings: { type: 'integer', minimum: 0 },
        skipped: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['file', 'reason'],
            properties: {
              file: { type: 'string' },
              reason: { enum: ['binary', 'too-large', 'allow-list', 'time-budget', 'unreadable', 'symlink'] },
            },
          },
        },
        baselined: { type: 'integer', minimum: 0 },
      },
    },
  },
} as const;
