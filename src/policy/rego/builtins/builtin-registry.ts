import type { BuiltinTable } from '../builtin.js';
import { awsBuiltins } from './aws-builtins.js';
import { coreBuiltins } from './core-builtins.js';
import { encodingBuiltins } from './encoding-builtins.js';
import { graphqlBuiltins } from './graphql-builtins.js';
import { httpSendAbsent } from './http-send-absent.js';
import { jsonSchemaBuiltins } from './json-schema-builtins.js';
import { jwtBuiltins } from './jwt-builtins.js';
import { netBuiltins } from './net-builtins.js';
import { netLookupBuiltins } from './net-lookup-ip-addr.js';
import { objectBuiltins } from './object-builtins.js';
import { randomBuiltins } from './random-builtins.js';
import { regexBuiltins } from './regex-builtins.js';
import { regexGlobsBuiltins } from './regex-globs-match.js';
import { regoMetadataBuiltins } from './rego-metadata-builtins.js';
import { regoParseModule } from './rego-parse-module.js';
import { semverBuiltins } from './semver-builtins.js';
import { stringBuiltins } from './string-builtins.js';
import { timeBuiltins } from './time-builtins.js';
import { unitsBuiltins } from './units-builtins.js';
import { x509Builtins } from './x509-builtins.js';

/** Every builtin the embedded evaluator provides (https://www.openpolicyagent.org/docs/latest/policy-reference/#built-in-functions). */
export const BUILTINS: BuiltinTable = {
  ...coreBuiltins,
  ...stringBuiltins,
  ...objectBuiltins,
  ...regexBuiltins,
  ...regexGlobsBuiltins,
  ...randomBuiltins,
  ...encodingBuiltins,
  ...jwtBuiltins,
  ...timeBuiltins,
  ...netBuiltins,
  ...netLookupBuiltins,
  ...unitsBuiltins,
  ...x509Builtins,
  ...httpSendAbsent,
  ...regoParseModule,
  ...awsBuiltins,
  ...jsonSchemaBuiltins,
  ...semverBuiltins,
  ...graphqlBuiltins,
  ...regoMetadataBuiltins,
};
