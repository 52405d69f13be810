import type { PrismaClient } from '../store/db.ts';
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
  prisma: PrismaClient,
  opts: { unitCode?: string; includeRevoked?: boolean } = {},
): Promise<OfficerRow[]> {
  let unitFilter = {};
  if (opts.unitCode) {
    const unit = await prisma.unit.findUnique({ where: { code: opts.unitCode } });
    if (!unit) throw new OfficerAdminError(`Không có đơn vị mã ${opts.unitCode} / unknown unit ${opts.unitCode}`);
    unitFilter = { unit: { path: { startsWith: unit.path } } };
  }
  const rows = await prisma.officer.findMany({
    where: { ...unitFilter, ...(opts.includeRevoked ? {} : { revokedAt: null }) },
    include: { unit: true, accounts: true },
    orderBy: { id: 'desc' },
  });
  return rows.map((o) => ({
    id: o.id,
    displayName: o.displayName,
    unitCode: o.unitCode,
    unitName: o.unit.name,
    reportEnabled: o.reportEnabled,
    accounts: o.accounts.map((a) => ({ channel: a.channel, userId: a.userId })),
    createdAt: o.createdAt,
    revokedAt: o.revokedAt,
  }));
}

/**
 * Revokes an officer: their accounts no longer identify them (no figures, no daily report). The
 * rows stay for the record; the person can enroll again only with a new invite code.
 */
export async function revokeOfficer(prisma: PrismaClient, id: number, now = new Date()): Promise<OfficerRow> {
  const officer = await prisma.officer.findUnique({ where: { id } });
  if (!officer) throw new OfficerAdminError(`Không có cán bộ số ${id} / no officer with id ${id}`);
  if (officer.revokedAt) throw new OfficerAdminError(`Cán bộ số ${id} đã bị thu hồi quyền từ trước / officer ${id} is already revoked`);
  await prisma.officer.update({ where: { id }, data: { revokedAt: now, reportEnabled: false } });
  const [row] = (await listOfficers(prisma, { includeRevoked: true })).filter((o) => o.id === id);
  return row!;
}
