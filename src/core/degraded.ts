import type { ChatState } from './skill.ts';

/**
 * The state of a chat never seen, or whose state cannot be read now. What is still answered with
 * the database unreachable is each route's choice (composer.ts: `needsDatabase`, `withoutDatabase`).
 */
export function freshChat(): ChatState {
  return { lastTopic: null, lastGuideId: null, mode: 'normal', step: 0, data: {} };
}
