import type { Route } from './router.ts';
import type { ChatState } from './skill.ts';

/** The state of a chat never seen, or whose state cannot be read now. */
export function freshChat(): ChatState {
  return { lastTopic: null, lastGuideId: null, mode: 'normal', step: 0, data: {} };
}

/**
 * What the bot can still answer while the database is unreachable: guides (the index is in
 * memory), greetings, help and cancel. Enrolment, figures, reports, feedback and anything added
 * later need the database and get "busy" instead.
 */
export function answerableWithoutDatabase(callbackData: string | undefined, route: Route | null): boolean {
  if (callbackData) return !callbackData.startsWith('fb:') && !callbackData.startsWith('fig:');
  return route === null || ['start', 'help', 'cancel', 'smalltalk', 'guide'].includes(route.kind);
}
