import type { AppDeps } from '../app.ts';
import type { OfficerDirectory } from '../core/handle.ts';
import type { Skill } from '../core/skill.ts';
import { createFigureSkill } from '../indicators/figure-skill.ts';
import { loadTargets, syncTargets } from '../indicators/targets.ts';
import { createOfficerDirectory } from './directory.ts';
import { createEnrollSkill } from './enroll-skill.ts';
import { createReportToggleSkill } from './report-toggle-skill.ts';

export interface OfficerSkills {
  directory: OfficerDirectory;
  figures: Skill;
  enroll: Skill;
  reports: Skill;
}

export async function createOfficerSkills(deps: AppDeps): Promise<OfficerSkills> {
  // knowledge/targets.yaml is the source of truth; the table mirrors it for SQL users (reports, BI).
  await syncTargets(deps.db.sql, loadTargets());
  return {
    directory: createOfficerDirectory(deps.db.kysely),
    figures: await createFigureSkill(deps),
    enroll: await createEnrollSkill(deps),
    reports: await createReportToggleSkill(deps),
  };
}
