import type { AppDeps } from '../app.ts';
import type { OfficerDirectory } from '../core/handle.ts';
import { NOT_READY } from '../core/messages.ts';
import type { Skill } from '../core/skill.ts';
import { createOfficerDirectory } from './directory.ts';

export interface OfficerSkills {
  directory: OfficerDirectory;
  figures: Skill;
  enroll: Skill;
  reports: Skill;
}

// Figures, enrollment and reports arrive with issue 5.
export async function createOfficerSkills({ db }: AppDeps): Promise<OfficerSkills> {
  const notReady: Skill = { handle: async () => ({ intent: 'officer', text: NOT_READY }) };
  return { directory: createOfficerDirectory(db.prisma), figures: notReady, enroll: notReady, reports: notReady };
}
