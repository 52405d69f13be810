import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db } from '../store/db.ts';
import { unknownUnitText } from '../indicators/units.ts';
import { OfficerAdminError } from './invites.ts';

export interface OfficerRow {
  id: number;
  displayName: string;
  unitCode: string;
  unitName: string;
  reportEnabled: boolean;
  accounts: { channel: string; userId: string }[];
  createdAt: Date;
  revokedAt: Date | null;
}

/** Officers, newest first; with `unitCode`, those of that unit and the units below it. */
export async function listOfficers(
  db: Db,
  opts: { unitCode?: string; includeRevoked?: boolean } = {},
): Promise<OfficerRow[]> {
  let under: string | null = null;
  if (opts.unitCode) {
    const unit = await db.selectFrom('units').select('path').where('code', '=', opts.unitCode).executeTakeFirst();
    if (!unit) throw new OfficerAdminError(unknownUnitText(opts.unitCode));
    under = unit.path;
  }
  let query = db
    .selectFrom('officers as o')
    .innerJoin('units as u', 'u.code', 'o.unit_code')
    .select((eb) => [
      'o.id',
      'o.display_name as displayName',
      'o.unit_code as unitCode',
      'u.name as unitName',
      'o.report_enabled as reportEnabled',
      jsonArrayFrom(
        eb
          .selectFrom('officer_accounts as a')
          .select(['a.channel', 'a.user_id as userId'])
          .whereRef('a.officer_id', '=', 'o.id')
          .orderBy('a.id'),
      ).as('accounts'),
      'o.created_at as createdAt',
      'o.revoked_at as revokedAt',
    ])
    .orderBy('o.id', 'desc');
  // The subtree: paths are materialised ("/TINH/SYT/"), so it is one prefix; LIKE's wildcards escaped.
  if (under !== null) query = query.where('u.path', 'like', `${under.replace(/[\\%_]/g, '\\$&')}%`);
  if (!opts.includeRevoked) query = query.where('o.revoked_at', 'is', null);
  return query.execute();
}

/**
 * Revokes an officer: their accounts no longer identify them (no figures, no daily report). The
 * rows stay for the record; the person can enroll again only with a new invite code.
 */
export async function revokeOfficer(db: Db, id: number, now = new Date()): Promise<OfficerRow> {
  const officer = await db.selectFrom('officers').select('revoked_at').where('id', '=', id).executeTakeFirst();
  if (!officer) throw new OfficerAdminError(`Không có cán bộ số ${id} / no officer with id ${id}`);
  if (officer.revoked_at) throw new OfficerAdminError(`Cán bộ số ${id} đã bị thu hồi quyền từ trước / officer ${id} is already revoked`);
  await db.updateTable('officers').set({ revoked_at: now, report_enabled: false }).where('id', '=', id).execute();
  const [row] = (await listOfficers(db, { includeRevoked: true })).filter((o) => o.id === id);
  return row!;
}
