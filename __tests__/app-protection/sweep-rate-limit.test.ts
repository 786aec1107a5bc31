import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import type { ProbotOctokit } from 'probot';
import type { AuditInput } from '../../src/audit/audit-record.js';
import {
  isSecondaryRateLimit,
  sweepProtection,
  type ProtectionDeps,
} from '../../app/handlers/protection-handler.js';

const secondary = Object.assign(
  new Error(
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  ),
  { status: 403 },
);

/** An installation client over three repositories whose second one hits the secondary rate limit. */
function fakeOctokit(calls: string[]): ProbotOctokit {
  const request = async (route: string, params: { repo?: string }) => {
    calls.push(`${route} ${params.repo ?? ''}`);
    if (params.repo === 'two') throw secondary;
    if (route.startsWith('GET /repos/{owner}/{repo}/contents'))
      throw Object.assign(new Error('Not Found'), { status: 404 });
    if (route === 'GET /repos/{owner}/{repo}/rulesets') return { data: [] };
    if (route === 'GET /repos/{owner}/{repo}/issues') return { data: [] };
    if (route === 'POST /repos/{owner}/{repo}/issues') return { data: { number: 1 } };
    throw new Error(`unexpected ${route}`);
  };
  const repositories = ['one', 'two', 'three'].map((name) => ({ name, owner: { login: 'acme' } }));
  return { request, paginate: async () => repositories } as unknown as ProbotOctokit;
}

describe('sweepProtection and the secondary rate limit', () => {
  it("recognises GitHub's secondary rate limit and nothing else", () => {
    expect(isSecondaryRateLimit(secondary)).toBe(true);
    expect(
      isSecondaryRateLimit(
        Object.assign(new Error('Resource not accessible by integration'), { status: 403 }),
      ),
    ).toBe(false);
    expect(
      isSecondaryRateLimit(Object.assign(new Error('secondary rate limit'), { status: 500 })),
    ).toBe(false);
  });

  it('stops the sweep at the first secondary rate limit and audits the failure', async () => {
    const calls: string[] = [];
    const audit: AuditInput[] = [];
    const deps: ProtectionDeps = {
      appId: 1,
      appSlug: async () => 'airlock',
      store: { audit: async (a) => void audit.push(a), deliveryDone: async () => false, markDeliveryDone: async () => undefined },
    };
    const run = await sweepProtection(fakeOctokit(calls), deps, pino({ level: 'silent' }));
    expect(run.stoppedEarly).toBe(true);
    expect(run.outcomes.map((o) => o.repository)).toEqual(['acme/one']);
    expect(run.failed.map((f) => f.repository)).toEqual(['acme/two']);
    expect(calls.some((c) => c.endsWith(' three'))).toBe(false);
    expect(audit.map((a) => [a.subject, a.data.error === undefined ? 'ok' : 'error'])).toEqual([
      ['acme/one', 'ok'],
      ['acme/two', 'error'],
    ]);
  });
});
