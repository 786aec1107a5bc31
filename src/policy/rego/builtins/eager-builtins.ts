import type { BuiltinTable } from '../builtin.js';
import { awsBuiltins } from './aws-builtins.js';
import { coreBuiltins } from './core-builtins.js';
import { encodingBuiltins } from './encoding-builtins.js';
import { httpSendAbsent } from './http-send-absent.js';
import { jwtBuiltins } from './jwt-builtins.js';
import { netBuiltins } from './net-builtins.js';
import { netLookupBuiltins } from './net-lookup-ip-addr.js';
import { objectBuiltins } from './object-builtins.js';
import { randomBuiltins } from './random-builtins.js';
import { regexGlobsBuiltins } from './regex-globs-match.js';
import { regoMetadataBuiltins } from './rego-metadata-builtins.js';
import { regoParseModule } from './rego-parse-module.js';
import { semverBuiltins } from './semver-builtins.js';
import { stringBuiltins } from './string-builtins.js';
import { timeBuiltins } from './time-builtins.js';
import { unitsBuiltins } from './units-builtins.js';
import { x509Builtins } from './x509-builtins.js';

/**
 * The builtins whose code is small or whose dependencies are loaded anyway (node:crypto, yaml,
 * jose): always there. The rest (on-demand-builtins.ts) are loaded when a policy calls them.
 */
export const EAGER_BUILTINS: BuiltinTable = {
  ...coreBuiltins,
  ...stringBuiltins,
  ...objectBuiltins,
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
  ...semverBuiltins,
  ...regoMetadataBuiltins,
};
