// A small, hand-countable unit tree and dossier set for the officer figures tests. The expected
// figures are worked out by hand in test/figures.test.ts; change both together.

import type { OfficerContext } from '../../src/core/officer-guard.ts';
import type { ChatState, OfficerIdentity } from '../../src/core/skill.ts';
import { createLogger } from '../../src/log.ts';
import { refreshDailyStats } from '../../src/indicators/rollup.ts';
import { sql } from 'kysely';
import type { Db } from '../../src/store/db.ts';

export const UNITS = [
  { code: 'SYT', name: 'Sở Y tế', parent: null, path: '/SYT/' },
  { code: 'SYT_NV1', name: 'Phòng Nghiệp vụ 1', parent: 'SYT', path: '/SYT/SYT_NV1/' },
  { code: 'SYT_NV2', name: 'Phòng Nghiệp vụ 2', parent: 'SYT', path: '/SYT/SYT_NV2/' },
  { code: 'SYT_NV2_DUOC', name: 'Tổ Dược', parent: 'SYT_NV2', path: '/SYT/SYT_NV2/SYT_NV2_DUOC/' },
  { code: 'SGD', name: 'Sở Giáo dục và Đào tạo', parent: null, path: '/SGD/' },
];

type Flags = { fee?: boolean; paid?: boolean; dig?: boolean; eres?: boolean; reason?: string };
// code, unit, channel, received, due, completed (null = open), flags. Times are Vietnam time (+07).
type Row = [string, string, string, string, string, string | null, Flags];

export const DOSSIERS: Row[] = [
  // November 2025, received
  ['N1', 'SYT_NV1', 'truc_tuyen', '2025-11-01T00:02', '2025-11-10T17:00', '2025-11-05T10:00', { fee: true, paid: true, dig: true, eres: true }],
  ['N2', 'SYT_NV1', 'truc_tiep', '2025-11-03T10:00', '2025-11-10T17:00', '2025-11-10T10:00', { fee: true, dig: true }],
  ['N3', 'SYT_NV1', 'truc_tuyen', '2025-11-04T09:00', '2025-11-06T17:00', '2025-11-08T09:00', { eres: true, reason: 'Thiếu hồ sơ bổ sung' }],
  ['N4', 'SYT_NV1', 'truc_tuyen', '2025-11-19T08:00', '2025-11-25T17:00', null, {}],
  ['N5', 'SYT_NV1', 'truc_tiep', '2025-11-02T09:00', '2025-11-12T17:00', null, {}],
  ['N6', 'SYT_NV2', 'truc_tuyen', '2025-11-05T09:00', '2025-11-15T17:00', '2025-11-14T09:00', { fee: true, paid: true, dig: true, eres: true }],
  ['N7', 'SYT_NV2', 'buu_chinh', '2025-11-06T09:00', '2025-11-08T17:00', '2025-11-12T09:00', { fee: true, reason: 'Thiếu hồ sơ bổ sung' }],
  ['N8', 'SYT_NV2_DUOC', 'truc_tuyen', '2025-11-20T08:00', '2025-11-30T17:00', '2025-11-20T08:30', { dig: true, eres: true }],
  ['N9', 'SYT_NV2_DUOC', 'truc_tiep', '2025-11-07T09:00', '2025-11-09T17:00', '2025-11-10T09:00', { reason: 'Chờ ý kiến cơ quan phối hợp' }],
  // October 2025, received (O1 one minute before midnight at the month end; O4 completed one minute after)
  ['O1', 'SYT_NV1', 'truc_tuyen', '2025-10-31T23:58', '2025-11-05T17:00', '2025-11-03T09:00', { fee: true, paid: true, dig: true, eres: true }],
  ['O2', 'SYT_NV1', 'truc_tiep', '2025-10-10T09:00', '2025-10-20T17:00', '2025-10-15T09:00', { fee: true }],
  ['O3', 'SYT_NV2', 'truc_tiep', '2025-10-12T09:00', '2025-10-20T17:00', '2025-10-31T23:59', { dig: true, reason: 'Quá tải' }],
  ['O4', 'SYT_NV2', 'truc_tuyen', '2025-10-15T09:00', '2025-10-25T17:00', '2025-11-01T00:01', { reason: 'Quá tải' }],
  // Another department, outside the SYT subtree
  ['G1', 'SGD', 'truc_tuyen', '2025-11-05T09:00', '2025-11-10T17:00', '2025-11-06T09:00', {}],
  ['G2', 'SGD', 'truc_tiep', '2025-11-05T09:00', '2025-11-10T17:00', null, {}],
];

/** "Now" of the fixtures: 20/11/2025 09:00 Vietnam time. */
export const NOW = new Date('2025-11-20T09:00:00+07:00');

const vn = (s: string) => `${s}:00+07:00`;

export async function loadFixture(db: Db, dossiers: Row[] = DOSSIERS): Promise<void> {
  for (const u of UNITS) {
    await db.insertInto('units').values({ code: u.code, name: u.name, parent_code: u.parent, path: u.path, updated_at: sql`now()` }).execute();
  }
  for (const [code, unit, channel, recv, due, done, f] of dossiers) {
    await db
      .insertInto('dossiers')
      .values({
        ma_ho_so: code,
        ma_don_vi: unit,
        ma_thu_tuc: 'TT01',
        kenh_nop: channel,
        ngay_tiep_nhan: vn(recv),
        han_xu_ly: vn(due),
        ngay_hoan_thanh: done ? vn(done) : null,
        co_phi: !!f.fee,
        thanh_toan_truc_tuyen: !!f.paid,
        da_so_hoa: !!f.dig,
        ket_qua_dien_tu: !!f.eres,
        ly_do_tre_han: f.reason ?? null,
      })
      .execute();
  }
  await refreshDailyStats(db);
}

export function officer(unitCode: string, unitName: string): OfficerIdentity {
  return { officerId: 1, unitCode, unitName, displayName: 'Cán bộ thử' };
}

/** A real turn context over an in-memory chat state (what the core builds per message). */
export function turn(who: OfficerIdentity, chat?: ChatState, now = NOW): OfficerContext {
  const state: ChatState = chat ?? { lastTopic: null, lastGuideId: null, mode: 'normal', step: 0, data: {} };
  return {
    now,
    chat: state,
    updateChat(patch) {
      Object.assign(state, patch);
    },
    officer: who,
    log: createLogger('silent'),
  };
}
