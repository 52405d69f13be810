import type { Handler, Step } from './composer.ts';
import { PRIVATE_ONLY } from './private-chat.ts';
import type { OfficerIdentity, TurnContext } from './skill.ts';
import type { Reply } from './types.ts';

/** A turn of an enrolled officer: what skills behind the `officer` guard see. */
export interface OfficerContext extends TurnContext {
  officer: OfficerIdentity;
}

/**
 * The one "officers only" rule. A sender who is not an enrolled, non-revoked officer is passed on
 * to the next route (a citizen's figure question goes on to guides) or, with `otherwise`, told so.
 * An officer in a group chat is refused here, whatever the skill: unit matters stay private.
 */
export function officer<M>(step: Step<M, OfficerContext> | Handler<M, OfficerContext>, opts: { otherwise?: Reply } = {}): Handler<M> {
  const handle: Handler<M, OfficerContext> = typeof step === 'function' ? step : (m, c, x, n) => step.handle(m, c, x, n);
  return async (message, ctx, match, next) => {
    if (!ctx.officer) return opts.otherwise ?? next();
    if (message.isGroup) return { intent: 'help', text: PRIVATE_ONLY };
    return handle(message, ctx as OfficerContext, match, next);
  };
}
