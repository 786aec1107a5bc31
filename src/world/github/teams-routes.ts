import type { RouteHandler } from './route-types.js';

/**
 * Team membership, as the gate asks it for `approvers.teams`: 200 with `state: active` for a
 * member, 404 otherwise. https://docs.github.com/en/rest/teams/members#get-team-membership-for-a-user
 */
const getMembership: RouteHandler = (req) => {
  const { org, team_slug: team, username } = req.params;
  const members = req.state.teams.get(`${org}/${team}`.toLowerCase());
  // GitHub documents this 404 without a body.
  if (!members?.has(String(username).toLowerCase())) return { status: 404 };
  return { status: 200, body: { url: `${req.state.apiUrl}/orgs/${org}/teams/${team}/memberships/${username}`, role: 'member', state: 'active' } };
};

export const teamsRoutes: Record<string, RouteHandler> = {
  'teams/get-membership-for-user-in-org': getMembership,
};
