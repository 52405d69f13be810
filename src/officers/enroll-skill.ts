import type { AppDeps } from '../app.ts';
import { NOT_READY } from '../core/messages.ts';
import type { Skill } from '../core/skill.ts';

/** `/dangky CODE`: binds the sender to an invite code's unit (issue 5). */
export async function createEnrollSkill(_deps: AppDeps): Promise<Skill> {
  return { handle: async () => ({ intent: 'officer', text: NOT_READY }) };
}
