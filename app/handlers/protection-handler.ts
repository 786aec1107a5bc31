import type { Context, Logger, Probot, ProbotOctokit } from 'probot';
import { ConfigError, DEFAULT_CONFIG, type AirlockConfig } from '../config/airlock-config.js';
import { readAirlockConfig } from '../config/read-config.js';
import { runOncePerDelivery } from '../once-per-delivery.js';
import type { AppStore } from '../app-store.js';
import {
  desiredRuleset,
  RULESET_NAME,
  type CurrentRuleset,
  type RulesetBody,
} from '../protection/desired-ruleset.js';
import { desiredTagRuleset, TAG_RULESET_NAME } from '../protection/desired-tag-ruleset.js';
import { planProtection, type ProtectionPlan } from '../protection/plan-protection.js';
import { planTagProtection } from '../protection/plan-tag-protection.js';
import { DRIFT_ISSUE_TITLE, renderPlan } from '../protection/render-plan.js';

export interface ProtectionDeps {
  store: Pick<AppStore, 'audit' | 'deliveryDone' | 'markDeliveryDone'>;
  /** This App's slug; its bot `<slug>[bot]` is the only sender whose events are ignored. */
  appSlug: () => Promise<string>;
  /** This App's id: the integration the `Airlock` required check must come from. */
  appId: number;
}

/** The events that can create or weaken protection, and the actions that matter. */
export const PROTECTION_EVENTS = [
  'installation.created',
  'installation.new_permissions_accepted',
  'installation_repositories.added',
  'repository.created',
  'repository_ruleset.created',
  'repository_ruleset.edited',
  'repository_ruleset.deleted',
  'branch_protection_rule.created',
  'branch_protection_rule.edited',
  'branch_protection_rule.deleted',
] as const;
export type ProtectionEvent = (typeof PROTECTION_EVENTS)[number];

export interface RepositoryOutcome {
  repository: string;
  mode: AirlockConfig['mode'];
  plan: ProtectionPlan;
  /** The ruleset ids written in `fix` mode (branches, tags). */
  applied?: number[];
  /** The drift issue opened or reused in `issue` mode. */
  issue?: number;
}

type ConfigReader = (owner: string, repo: string) => Promise<AirlockConfig>;
interface RepoRef {
  owner: string;
  repo: string;
}

/**
 * GitHub's secondary rate limit: 403 or 429 with a message naming it. A sweep stops on it rather
 * than retrying; the throttling plugin has already backed off once.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
 */
export function isSecondaryRateLimit(error: unknown): boolean {
  const e = error as { status?: number; message?: string };
  return (e.status === 403 || e.status === 429) && /secondary rate limit/i.test(e.message ?? '');
}

async function readRulesets(
  octokit: ProbotOctokit,
  { owner, repo }: RepoRef,
): Promise<CurrentRuleset[]> {
  // Repository rulesets only: org rulesets are the org's to manage.
  const { data } = await octokit.request('GET /repos/{owner}/{repo}/rulesets', {
    owner,
    repo,
    per_page: 100,
    includes_parents: false,
  });
  const out: CurrentRuleset[] = [];
  // The list omits rules and conditions, so Airlock's own rulesets are read in full, one call each.
  for (const summary of data) {
    if (summary.name !== RULESET_NAME && summary.name !== TAG_RULESET_NAME) {
      out.push(summary as CurrentRuleset);
      continue;
    }
    const { data: full } = await octokit.request(
      'GET /repos/{owner}/{repo}/rulesets/{ruleset_id}',
      { owner, repo, ruleset_id: summary.id },
    );
    out.push(full as CurrentRuleset);
  }
  return out;
}

async function configOrDefault(
  read: ConfigReader,
  ref: RepoRef,
  log: Logger,
): Promise<{ config: AirlockConfig; problem?: string }> {
  try {
    return { config: await read(ref.owner, ref.repo) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // A broken file must not switch protection off: plan with the defaults, and say so.
    log.warn(
      { repository: `${ref.owner}/${ref.repo}`, problem: error.message },
      'invalid Airlock configuration; planning protection with the defaults',
    );
    return { config: DEFAULT_CONFIG, problem: error.message };
  }
}

/**
 * One open drift issue per repository. Only an issue this App's bot opened counts: anyone can open
 * an issue with the same title, and that must not silence Airlock's report.
 */
async function openOrReuseIssue(
  octokit: ProbotOctokit,
  ref: RepoRef,
  text: string,
  bot: string,
): Promise<number> {
  const { data: listed } = await octokit.request('GET /repos/{owner}/{repo}/issues', {
    ...ref,
    state: 'open',
    creator: bot,
    per_page: 100,
  });
  const existing = listed.find(
    (i) =>
      i.title === DRIFT_ISSUE_TITLE &&
      i.state === 'open' &&
      i.user?.login === bot &&
      !i.pull_request,
  );
  if (!existing) {
    const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues', {
      ...ref,
      title: DRIFT_ISSUE_TITLE,
      body: text,
      labels: ['airlock'],
    });
    return data.number;
  }
  // A changed plan is added as a comment, an unchanged one not at all.
  if (existing.body !== text)
    await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...ref,
      issue_number: existing.number,
      body: text,
    });
  return existing.number;
}

// Octokit types each rule as a closed union of 20-odd shapes; `RulesetBody` keeps rules open so
// rules others added survive an update. The bodies follow the OpenAPI schema (`repository-rule`),
// which the end-to-end tests check against the stand-in's validator.
type CreateParams = NonNullable<Parameters<ProbotOctokit['rest']['repos']['createRepoRuleset']>[0]>;
type UpdateParams = NonNullable<Parameters<ProbotOctokit['rest']['repos']['updateRepoRuleset']>[0]>;

async function applyAction(
  octokit: ProbotOctokit,
  ref: RepoRef,
  plan: ProtectionPlan,
): Promise<number[]> {
  const applied: number[] = [];
  for (const action of plan.actions) {
    const body: RulesetBody | undefined = action.body;
    if (action.kind === 'create' && body)
      applied.push(
        (await octokit.rest.repos.createRepoRuleset({ ...ref, ...body } as unknown as CreateParams))
          .data.id,
      );
    if (action.kind === 'update' && body && action.ruleset_id !== undefined)
      applied.push(
        (
          await octokit.rest.repos.updateRepoRuleset({
            ...ref,
            ruleset_id: action.ruleset_id,
            ...body,
          } as unknown as UpdateParams)
        ).data.id,
      );
  }
  return applied;
}

/**
 * Plan, show, then act by mode, for one repository. The plan is always computed, logged and
 * rendered (the dry run) before anything is written; `log` writes nothing to GitHub, `issue`
 * opens or reuses one drift issue, `fix` applies the plan. Every outcome is audited.
 */
export async function protectRepository(
  octokit: ProbotOctokit,
  ref: RepoRef,
  deps: ProtectionDeps,
  options: { readConfig: ConfigReader; actor: string; trigger: string; log: Logger },
): Promise<RepositoryOutcome> {
  const repository = `${ref.owner}/${ref.repo}`;
  const { config, problem } = await configOrDefault(options.readConfig, ref, options.log);
  const current = await readRulesets(octokit, ref);
  // One plan for both of Airlock's rulesets: protected branches, and tags (publishing needs a human).
  const branches = planProtection(current, desiredRuleset(config, deps.appId));
  const tags = planTagProtection(current, desiredTagRuleset());
  const plan: ProtectionPlan = {
    actions: [...branches.actions, ...tags.actions],
    drift: [...branches.drift, ...tags.drift],
  };
  if (problem)
    plan.drift.unshift(
      `The Airlock configuration is invalid (${problem}); this plan uses the defaults until it is fixed.`,
    );
  const text = renderPlan(repository, plan, config.mode);
  const changes = plan.actions.filter((a) => a.kind !== 'none');
  options.log.info(
    {
      repository,
      mode: config.mode,
      trigger: options.trigger,
      drift: plan.drift,
      actions: plan.actions.map((a) => a.kind),
    },
    'branch protection plan',
  );
  const outcome: RepositoryOutcome = { repository, mode: config.mode, plan };
  if (config.mode === 'issue' && plan.drift.length)
    outcome.issue = await openOrReuseIssue(octokit, ref, text, `${await deps.appSlug()}[bot]`);
  if (config.mode === 'fix' && changes.length)
    outcome.applied = await applyAction(octokit, ref, plan);
  await deps.store.audit({
    kind: outcome.applied?.length ? 'config_change' : 'decision',
    actor: options.actor,
    subject: repository,
    data: {
      concern: 'branch_protection',
      trigger: options.trigger,
      mode: config.mode,
      plan,
      applied_rulesets: outcome.applied,
      issue: outcome.issue,
    },
  });
  return outcome;
}

async function installationRepositories(octokit: ProbotOctokit): Promise<RepoRef[]> {
  const repos = await octokit.paginate('GET /installation/repositories', { per_page: 100 });
  return repos.map((r) => ({ owner: r.owner.login, repo: r.name }));
}

const fromFullName = (fullName: string): RepoRef => {
  const [owner, repo] = fullName.split('/') as [string, string];
  return { owner, repo };
};

async function targetsOf(context: Context<ProtectionEvent>): Promise<RepoRef[]> {
  const payload = context.payload;
  if ('repositories_added' in payload)
    return payload.repositories_added.map((r) => fromFullName(r.full_name));
  if (context.name === 'installation') {
    const listed = 'repositories' in payload ? payload.repositories : undefined;
    return listed
      ? listed.map((r) => fromFullName(r.full_name))
      : installationRepositories(context.octokit);
  }
  // An org-level ruleset or protection change has no repository: every repository may be affected.
  if ('repository' in payload && payload.repository)
    return [{ owner: payload.repository.owner.login, repo: payload.repository.name }];
  return installationRepositories(context.octokit);
}

export interface ProtectionRun {
  outcomes: RepositoryOutcome[];
  failed: { repository: string; error: string }[];
  /** True when a secondary rate limit ended the run; the rest waits for the next sweep. */
  stoppedEarly: boolean;
}

async function protectAll(
  octokit: ProbotOctokit,
  refs: RepoRef[],
  deps: ProtectionDeps,
  options: { readConfig: ConfigReader; actor: string; trigger: string; log: Logger },
): Promise<ProtectionRun> {
  const run: ProtectionRun = { outcomes: [], failed: [], stoppedEarly: false };
  // One repository at a time: the App must not hammer the API on a large installation.
  for (const ref of refs) {
    try {
      run.outcomes.push(await protectRepository(octokit, ref, deps, options));
    } catch (error) {
      const message = (error as Error).message;
      run.failed.push({ repository: `${ref.owner}/${ref.repo}`, error: message });
      options.log.error(
        { repository: `${ref.owner}/${ref.repo}`, trigger: options.trigger, err: { message } },
        'branch protection check failed',
      );
      // Audited, so a repository Airlock could not check is on record, not silently skipped.
      await deps.store.audit({
        kind: 'decision',
        actor: options.actor,
        subject: `${ref.owner}/${ref.repo}`,
        data: { concern: 'branch_protection', trigger: options.trigger, error: message },
      });
      if (isSecondaryRateLimit(error)) {
        run.stoppedEarly = true;
        break;
      }
    }
  }
  return run;
}

/**
 * Handles one protection event. Only this App's own bot is ignored (its writes would otherwise
 * loop); every other bot's change is checked, because another bot weakening a ruleset is exactly
 * what must not go unnoticed.
 */
export async function handleProtection(
  context: Context<ProtectionEvent>,
  deps: ProtectionDeps,
): Promise<ProtectionRun | undefined> {
  const sender = context.payload.sender?.login ?? '';
  if (sender.toLowerCase() === `${await deps.appSlug()}[bot]`.toLowerCase()) {
    context.log.debug({ event: context.name, sender }, 'own protection event ignored');
    return undefined;
  }
  const trigger = `${context.name}.${'action' in context.payload ? context.payload.action : ''}`;
  // readAirlockConfig reads through the event's installation client.
  const readConfig: ConfigReader = (owner, repo) => readAirlockConfig(context, owner, repo);
  return protectAll(context.octokit, await targetsOf(context), deps, {
    readConfig,
    actor: `github:${sender}`,
    trigger,
    log: context.log,
  });
}

/**
 * The slow periodic sweep over every repository of one installation (`octokit` authenticated as
 * it, e.g. `await app.auth(installationId)`), sequential, stopping early on a secondary rate limit.
 */
export async function sweepProtection(
  octokit: ProbotOctokit,
  deps: ProtectionDeps,
  log: Logger,
): Promise<ProtectionRun> {
  // readAirlockConfig only uses the client of its context; a sweep has no webhook context.
  const readConfig: ConfigReader = (owner, repo) =>
    readAirlockConfig({ octokit } as Context, owner, repo);
  return protectAll(octokit, await installationRepositories(octokit), deps, {
    readConfig,
    actor: 'airlock:sweep',
    trigger: 'sweep',
    log,
  });
}

/** Registers the protection handler, once per delivery id. */
export function registerProtection(app: Probot, deps: ProtectionDeps): void {
  app.on([...PROTECTION_EVENTS], (context) =>
    runOncePerDelivery(deps.store, context, async () => {
      await handleProtection(context, deps);
    }),
  );
}
