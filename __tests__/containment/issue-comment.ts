import { expect } from '@jest/globals';
import type { Stack } from '../../src/demo/start-stack.js';
import { renderIssue, renderUser } from '../../src/world/github/github-objects.js';
import type { WorldIssue } from '../../src/world/github/world-state.js';

/** A person (or bot) comments on an issue of acme/widgets: the world sends the App its `issue_comment` webhook. */
export async function commentOnIssue(stack: Stack, issue: WorldIssue, login: string, body: string): Promise<void> {
  const repo = stack.world.repo('acme/widgets');
  const user = stack.world.user(login);
  const payload = stack.world.payload('issue_comment', { action: 'created', repo, sender: user });
  const id = stack.world.state.nextId();
  const at = new Date().toISOString();
  payload.issue = { ...(payload.issue as object), ...renderIssue(stack.world.state, repo, issue) };
  delete (payload.issue as Record<string, unknown>).pull_request;
  payload.comment = { ...(payload.comment as object), id, node_id: `IC_${id}`, body, user: renderUser(stack.world.state, user), created_at: at, updated_at: at, performed_via_github_app: null };
  const delivery = await stack.world.deliver('issue_comment', payload);
  expect(delivery.status).toBe(202);
}
