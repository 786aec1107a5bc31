/**
 * GitHub's documented pacing for an integration's writes: mutating requests at least a second
 * apart, and no more than 80 content-creating requests a minute and 500 an hour.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#pause-between-mutative-requests
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
 */
export interface PacingLimits {
  writeSpacingMs: number;
  creationsPerMinute: number;
  creationsPerHour: number;
}

export const GITHUB_PACING: PacingLimits = { writeSpacingMs: 1_000, creationsPerMinute: 80, creationsPerHour: 500 };

const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * The earliest time the next write of one installation may go out: a spacing after the last
 * reserved write and, for a content-creating request, when fewer than the limit of creations
 * fall in the sliding minute and hour before it. Reservations are made in order, so every
 * earlier creation lies before the slot; `creations` is ascending.
 */
export function nextWriteSlot(input: { now: number; lastWriteAt?: number; creations: readonly number[]; creating: boolean; limits: PacingLimits }): number {
  const { creations, limits } = input;
  let slot = Math.max(input.now, input.lastWriteAt === undefined ? -Infinity : input.lastWriteAt + limits.writeSpacingMs);
  if (!input.creating) return slot;
  const window = (span: number, limit: number) => {
    // Creations inside (slot - span, slot]; at the limit, wait until the oldest that counts leaves.
    const inside = creations.filter((at) => at > slot - span);
    if (inside.length >= limit) slot = Math.max(slot, inside[inside.length - limit]! + span);
  };
  // Moving the slot later only lets creations leave a window, so one pass of each settles it.
  window(HOUR, limits.creationsPerHour);
  window(MINUTE, limits.creationsPerMinute);
  return slot;
}
