import type { AppDeps } from '../app.ts';
import { NOT_READY } from '../core/messages.ts';
import type { Skill } from '../core/skill.ts';

/** `/baocao bat|tat`: daily quick report subscription (issue 5). */
export async function createReportToggleSkill(_deps: AppDeps): Promise<Skill> {
  return { handle: async () => ({ intent: 'officer', text: NOT_READY }) };
}
