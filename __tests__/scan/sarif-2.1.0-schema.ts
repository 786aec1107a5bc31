/**
 * The parts of the OASIS SARIF 2.1.0 JSON schema (sarif-schema-2.1.0.json,
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/) that `airlock scan --format sarif` emits,
 * trimmed but faithful: same required properties, enums, minimums and
 * `additionalProperties: false` as the official definitions.
 */
export const sarif210Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema (trimmed)',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'runs'],
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { enum: ['2.1.0'] },
    runs: {
      type: ['array', 'null'],
      minItems: 0,
      uniqueItems: false,
      items: { $ref: '#/definitions/run' },
    },
    properties: { $ref: '#/definitions/propertyBag' },
  },
  definitions: {
    propertyBag: {
      type: 'object',
      additionalProperties: true,
      properties: {
        tags: { type: 'array', minItems: 0, uniqueItems: true, items: { type: 'string' } },
      },
    },
    run: {
      type: 'object',
      additionalProperties: false,
      required: ['tool'],
      properties: {
        tool: { $ref: '#/definitions/tool' },
        results: {
          type: ['array', 'null'],
          minItems: 0,
          uniqueItems: false,
          items: { $ref: '#/definitions/result' },
        },
        columnKind: { enum: ['utf16CodeUnits', 'unicodeCodePoints'] },
        properties: { $ref: '#/definitions/propertyBag' },
      },
    },
    tool: {
      type: 'object',
      additionalProperties: false,
      required: ['driver'],
      properties: {
        driver: { $ref: '#/definitions/toolComponent' },
        extensions: {
          type: 'array',
          minItems: 0,
          uniqueItems: true,
          items: { $ref: '#/definitions/toolComponent' },
        },
        properties: { $ref: '#/definitions/propertyBag' },
      },
    },
    toolComponent: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string' },
        version: { type: 'string' },
        semanticVersion: { type: 'string' },
        informationUri: { type: 'string', format: 'uri' },
        rules: {
          type: 'array',
          minItems: 0,
          uniqueItems: true,
          items: { $ref: '#/definitions/reportingDescriptor' },
        },
        properties: { $ref: '#/definitions/propertyBag' },
      },
    },
    reportingDescriptor: {
      type: 'object',
      additionalProperties: false,
      required: ['id'],
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        shortDescription: { $ref: '#/definitions/multiformatMessageString' },
        fullDescription: { $ref: '#/definitions/multiformatMessageString' },
        defaultConfiguration: { $ref: '#/definitions/reportingConfiguration' },
        helpUri: { type: 'string', format: 'uri' },
        properties: { $ref: '#/definitions/propertyBag' },
      },
    },
    multiformatMessageString: {
      type: 'object',
      additionalProperties: false,
      required: ['text'],
      properties: {
        text: { type: 'string' },
        markdown: { type: 'string' },
        properties: { $ref: '#/definitions/propertyBag' },
      },
    },
    reportingConfiguration: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean' },
        level: { enum: ['none', 'note', 'warning', 'error'] },
        rank: { type: 'number', minimum: -1, maximum: 100 },
        properties: { $ref: '#/definitions/propertyBag' },
      },
    },
    result: {
      type: 'object',
      additionalProperties: false,
      required: ['message'],
      properties: {
        ruleId: { type: 'string' },
        ruleIndex: { type: 'integer', minimum: -1 },
        kind: { enum: ['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'] },
        level: { enum: ['none', 'note', 'warning', 'error'] },
        message: { $ref: '#/definitions/message' },
        locations: {
          type: 'array',
          minItems: 0,
          uniqueItems: false,
          items: { $ref: '#/definitions/location' },
        },
        fingerprints: { type: 'object', additionalProperties: { type: 'string' } },
        partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } },
        properties: { $ref: '#/definitions/propertyBag' },
      },
    },
    message: {
      type: 'object',
      additionalProperties: false,
      properties: {
        text: { type: 'string' },
        markdown: { type: 'string' },
        id: { type: 'string' },
        arguments: { type: 'array', minItems: 0, uniqueItems: false, items: { type: 'string' } },
        properties: { $ref: '#/definitions/propertyBag' },
      },
      anyOf: [{ required: ['text'] }, { required: ['id'] }],
    },
    location: {
      type: 'object',
      additionalProperties: false,
      properties: {
        id: { type: 'integer', minimum: -1 },
        physicalLocation: { $ref: '#/definitions/physicalLocation' },
        message: { $ref: '#/definitions/message' },
        properties: { $ref: '#/definitions/propertyBag' },
      },
    },
    physicalLocation: {
      type: 'object',
      additionalProperties: false,
      properties: {
        artifactLocation: { $ref: '#/definitions/artifactLocation' },
        region: { $ref: '#/definitions/region' },
        contextRegion: { $ref: '#/definitions/region' },
        properties: { $ref: '#/definitions/propertyBag' },
      },
      anyOf: [{ required: ['address'] }, { required: ['artifactLocation'] }],
    },
    artifactLocation: {
      type: 'object',
      additionalProperties: false,
      properties: {
        uri: { type: 'string', format: 'uri-reference' },
        uriBaseId: { type: 'string' },
        index: { type: 'integer', minimum: -1 },
        description: { $ref: '#/definitions/message' },
        properties: { $ref: '#/definitions/propertyBag' },
      },
    },
    region: {
      type: 'object',
      additionalProperties: false,
      properties: {
        startLine: { type: 'integer', minimum: 1 },
        startColumn: { type: 'integer', minimum: 1 },
        endLine: { type: 'integer', minimum: 1 },
        endColumn: { type: 'integer', minimum: 1 },
        charOffset: { type: 'integer', minimum: -1 },
        charLength: { type: 'integer', minimum: 0 },
        byteOffset: { type: 'integer', minimum: -1 },
        byteLength: { type: 'integer', minimum: 0 },
        properties: { $ref: '#/definitions/propertyBag' },
      },
    },
  },
} as const;
