import { basename, dirname } from 'node:path';
import { validateConfig } from '../../app/config/airlock-config.js';
import { validateCeiling } from '../sts/org-ceiling.js';
import { trustPolicyPath, validateTrustPolicy } from '../sts/trust-policy.js';
import type { ConfigFile } from './find-config-files.js';
import type { DocumentProblem } from './validate-document.js';

/**
 * Every problem the App or the broker would find in one file, through their own validators (the
 * published schemas, then the checks in code), so an offline check and the service never disagree.
 */
export function checkConfigFile(file: ConfigFile, text: string): DocumentProblem[] {
  switch (file.kind) {
    case 'trust-policy': {
      const identity = basename(file.path).slice(0, -'.sts.yaml'.length);
      const checked = validateTrustPolicy(identity, text);
      return [...identityProblems(file.path, identity), ...(checked.ok ? [] : checked.problems)];
    }
    case 'airlock-config':
    case 'airlock-org-config': {
      const checked = validateConfig(
        text,
        file.kind === 'airlock-org-config' ? 'organization' : 'repository',
      );
      return checked.ok ? [] : checked.problems;
    }
    case 'org-ceiling': {
      const checked = validateCeiling(text);
      return checked.ok ? [] : checked.problems;
    }
  }
}

/** In `.github/airlock/`, the file name is the identity the Action asks for: one the broker would refuse can never be used. */
function identityProblems(path: string, identity: string): DocumentProblem[] {
  if (basename(dirname(path)) !== 'airlock') return [];
  try {
    trustPolicyPath(identity);
    return [];
  } catch (error) {
    return [
      {
        line: 1,
        col: 1,
        field: '',
        message: `the file name is not a usable identity: ${(error as Error).message}`,
      },
    ];
  }
}
