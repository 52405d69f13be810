import type { OfficerDirectory } from '../core/handle.ts';
import type { PrismaClient } from '../store/db.ts';

export function createOfficerDirectory(prisma: PrismaClient): OfficerDirectory {
  return {
    async identify(channel, userId) {
      const account = await prisma.officerAccount.findUnique({
        where: { channel_userId: { channel, userId } },
        include: { officer: { include: { unit: true } } },
      });
      if (!account || account.officer.revokedAt) return null;
      return {
        officerId: account.officer.id,
        unitCode: account.officer.unitCode,
        unitName: account.officer.unit.name,
        displayName: account.officer.displayName,
      };
    },
  };
}
