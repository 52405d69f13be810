// The skills composed in the order assembleApp (src/app.ts) uses, each with its real triggers and
// guards, around the handlers a test gives (real skills or stand-ins that say who was reached).
// Support is left out: its tests run the whole app.

import { guideRoutes } from '../../src/answer/guide-skill.ts';
import { basics } from '../../src/core/basics.ts';
import { ChatStore } from '../../src/core/chats.ts';
import { Composer, type Step } from '../../src/core/composer.ts';
import { createFeedbackSkill, feedbackRoutes } from '../../src/core/feedback-skill.ts';
import { createCore } from '../../src/core/handle.ts';
import * as M from '../../src/core/messages.ts';
import type { OfficerContext } from '../../src/core/officer-guard.ts';
import { PRIVATE_ONLY } from '../../src/core/private-chat.ts';
import type { Skill } from '../../src/core/skill.ts';
import type { Core, IncomingMessage, Reply } from '../../src/core/types.ts';
import { dossierStatusRoutes } from '../../src/dossiers/status-skill.ts';
import { figureRoutes } from '../../src/indicators/figure-skill.ts';
import { createLogger } from '../../src/log.ts';
import { createOfficerDirectory } from '../../src/officers/directory.ts';
import { enrollRoutes } from '../../src/officers/enroll-skill.ts';
import { reportToggleRoutes } from '../../src/officers/report-toggle-skill.ts';
import type { TestDatabase } from './db.ts';

export interface SkillParts {
  guides: Skill;
  /** Composers of skills built with their own dependencies (feedback, dossier status). */
  feedback?: Composer;
  dossierStatus?: Composer;
  enroll?: Step<string>;
  reports?: Step<boolean | null, OfficerContext>;
  figures?: Skill<OfficerContext>;
}

export function composeSkills(p: SkillParts): Composer {
  const none = new Composer();
  return new Composer().use(
    p.feedback ?? none,
    basics(),
    p.enroll ? enrollRoutes(p.enroll) : none,
    p.reports ? reportToggleRoutes(p.reports) : none,
    p.dossierStatus ?? none,
    p.figures ? figureRoutes(p.figures) : none,
    guideRoutes(p.guides),
  );
}

// Officer skills are not under test in citizen guidance; reaching one would be a routing bug.
const unreachable = (name: string): Skill => ({
  async handle() {
    throw new Error(`${name} must not be reached from citizen guidance`);
  },
});

/** The core a citizen talks to: the given guide skill and feedback, with real chat state in `db`. */
export function citizenCore(db: TestDatabase, guides: Skill): Core {
  return createCore({
    chats: new ChatStore(db.kysely),
    officers: createOfficerDirectory(db.kysely),
    log: createLogger('silent'),
    skills: composeSkills({
      guides,
      figures: unreachable('figures'),
      enroll: unreachable('enroll'),
      reports: unreachable('reports'),
      feedback: feedbackRoutes(createFeedbackSkill(db.kysely)),
    }),
  });
}

export type RouteKind =
  | 'start'
  | 'help'
  | 'cancel'
  | 'smalltalk'
  | 'enroll'
  | 'report_toggle'
  | 'dossier_status'
  | 'officer'
  | 'guide'
  /** Refused by the privacy guard: asked in a group. */
  | 'private_only';

/**
 * Which skill takes `text` from an enrolled officer in a private chat (so figure questions reach
 * the figure skill), and what its trigger read: the composition decides, as in the running bot.
 */
export async function routeOf(text: string, extra: Partial<IncomingMessage> = {}): Promise<{ kind: RouteKind; match?: unknown }> {
  let reached: { kind: RouteKind; match?: unknown } | null = null;
  const stand = (kind: RouteKind) => ({
    async handle(_m: IncomingMessage, _c: unknown, match?: unknown): Promise<Reply> {
      reached = match === undefined ? { kind } : { kind, match };
      return { intent: 'guide', text: kind };
    },
  });
  const skills = composeSkills({
    guides: stand('guide'),
    enroll: stand('enroll'),
    reports: stand('report_toggle'),
    figures: stand('officer'),
    dossierStatus: dossierStatusRoutes(stand('dossier_status')),
  });
  const chat = { lastTopic: null, lastGuideId: null, mode: 'normal', step: 0, data: {} };
  const officer = { officerId: 1, unitCode: 'SYT', unitName: 'Sở Y tế', displayName: 'Lan' };
  const message: IncomingMessage = { channel: 'test', chatId: 'c', userId: 'u', text: text.trim(), ...extra };
  const ctx = { now: new Date(), chat, updateChat() {}, officer, log: createLogger('silent') };
  const reply = await skills.run(message, ctx, false);
  if (reply.text === PRIVATE_ONLY) return { kind: 'private_only' };
  if (reply.text.startsWith(M.GREETING)) return { kind: 'start' };
  if (reply.text === M.HELP) return { kind: 'help' };
  if (reply.text === M.CANCELLED) return { kind: 'cancel' };
  if (reply.intent === 'smalltalk') return { kind: 'smalltalk' };
  if (!reached) throw new Error(`no stand-in reached for "${text}": ${reply.text}`);
  return reached;
}
