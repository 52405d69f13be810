import { Readable } from 'node:stream';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatStore } from '../src/core/chats.ts';
import { feedback } from '../src/core/feedback-skill.ts';
import { createCore } from '../src/core/handle.ts';
import type { Skill } from '../src/core/skill.ts';
import type { Core, IncomingMessage } from '../src/core/types.ts';
import { findDossierCode } from '../src/dossiers/code.ts';
import { dossierStatus, NATIONAL_LOOKUP_URL } from '../src/dossiers/status-skill.ts';
import { importDossiers, importUnits } from '../src/indicators/import/index.ts';
import { createLogger } from '../src/log.ts';
import { createOfficerDirectory } from '../src/officers/directory.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { composeSkills, routeOf } from './helpers/skills.ts';

describe('dossier codes in what citizens type', () => {
  it.each([
    ['tra cứu hồ sơ H26.103.25.7-250908-0112', 'H26.103.25.7-250908-0112'],
    ['tra cuu ho so 000.00.12.H26-250908-0112', '000.00.12.H26-250908-0112'],
    ['000.00.12.H26-250908-0112', '000.00.12.H26-250908-0112'],
    ['  H26.103.25.7-250908-0112. ', 'H26.103.25.7-250908-0112'],
    ['hồ sơ 000.00.12.H26 – 250908 – 0112 của tôi đến đâu rồi ạ?', '000.00.12.H26-250908-0112'],
    ['kiểm tra hs: 000.20.26.H55-251103-0007', '000.20.26.H55-251103-0007'],
    ['h26.103.25.7-250908-0112', 'h26.103.25.7-250908-0112'],
    ['tra cuu hs DEMO.SYT.NV1-251120-0007', 'DEMO.SYT.NV1-251120-0007'],
    ['mã hồ sơ G22.99-1234A', 'G22.99-1234A'],
    ['tình trạng hồ sơ số HS-2025-000123', 'HS-2025-000123'],
  ])('%s → %s', async (text, code) => {
    expect(findDossierCode(text)).toBe(code);
    expect(await routeOf(text)).toEqual({ kind: 'dossier_status', match: code });
  });

  it.each([
    'tra cứu hồ sơ',
    'tra cứu hồ sơ đất đai ở đâu',
    'tra cuu ho so bang ma ho so',
    'hồ sơ 079123456789', // a căn cước, not a code
    'mhs 0912345678',
    '2025-250908-0112', // no body identifier
    'H26-251340-0001', // month 13
    'tỷ lệ trực tuyến tháng 10',
    'đăng ký ABCD-1234',
    'gọi 1800-1096 được không',
    'hs 2025-Q3', // an officer's period
    'hồ sơ T10/2025',
    'tra cứu hồ sơ 20/11/2025',
  ])('%s is not a lookup', async (text) => {
    expect(findDossierCode(text)).toBeNull();
    expect((await routeOf(text)).kind).not.toBe('dossier_status');
  });
});

const NOW = new Date('2025-11-20T10:00:00+07:00');
// The one-stop contact comes with the units file (lien_he_mot_cua); the Sở's divisions and the
// commune have none of their own.
const UNITS = `ma_don_vi,ten_don_vi,ma_don_vi_cha,lien_he_mot_cua
TINH,UBND tỉnh Thử,,"Trung tâm Phục vụ hành chính công tỉnh Thử, số 1 đường Trung tâm"
SYT,Sở Y tế,TINH,
SYT.NV1,Phòng Nghiệp vụ Y,SYT,
XA1,UBND xã Một,TINH,
`;
const HEAD =
  'ma_ho_so,ma_don_vi,ma_thu_tuc,kenh_nop,ngay_tiep_nhan,han_xu_ly,ngay_hoan_thanh,co_phi,thanh_toan_truc_tuyen,da_so_hoa,ket_qua_dien_tu,ly_do_tre_han';
const DOSSIERS = [
  // Done early.
  '000.00.12.H26-251103-0001,SYT.NV1,1.004567,truc_tuyen,2025-11-03T08:15:00+07:00,2025-11-10,2025-11-07T16:30:00+07:00,1,1,1,1,',
  // Done two days late; the reason names a phone number an officer typed.
  '000.00.12.H26-251027-0042,SYT.NV1,1.004567,truc_tiep,2025-10-27T09:00:00+07:00,2025-11-03T17:00:00+07:00,2025-11-05T11:00:00+07:00,1,0,0,0,Chờ bổ sung giấy tờ (đã gọi 0912 345 678)',
  // Open, due in 4 days.
  'H26.103.25.7-251118-0112,XA1,2.000001,truc_tuyen,2025-11-18T14:05:00+07:00,2025-11-24,,0,0,1,0,',
  // Open, 3 days past its deadline, no reason recorded.
  'H26.103.25.7-251110-0005,XA1,2.000001,buu_chinh,2025-11-10T08:00:00+07:00,2025-11-17T17:00:00+07:00,,0,0,0,0,',
];

describe('dossier status for citizens', () => {
  let db: TestDatabase;
  let core: Core;
  const seen: string[] = [];
  const recording = (name: string): Skill => ({
    async handle(message) {
      seen.push(name);
      return { intent: name === 'figures' ? 'officer' : 'guide', text: `${name}:${message.text}` };
    },
  });
  let n = 0;
  const ask = (text: string, over: Partial<IncomingMessage> = {}) =>
    core.handle({ channel: 'test', chatId: `c${++n}`, userId: 'citizen', text, now: NOW, ...over });

  beforeAll(async () => {
    db = await createTestDatabase();
    await importUnits(db.kysely, Readable.from([UNITS]));
    await importDossiers(db.kysely, Readable.from([`${HEAD}\n${DOSSIERS.join('\n')}\n`]));
    core = createCore({
      chats: new ChatStore(db.kysely),
      officers: createOfficerDirectory(db.kysely),
      log: createLogger('silent'),
      skills: composeSkills({
        guides: recording('guides'),
        figures: recording('figures'),
        enroll: recording('enroll'),
        reports: recording('reports'),
        feedback: feedback({ db }),
        // Registered as assembleApp does it (README § Architecture, "Add a skill").
        dossierStatus: dossierStatus({
          db,
          limiters: [new RateLimiterMemory({ keyPrefix: 'test_lookup', points: 8, duration: 600 })],
        }),
      }),
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('a dossier done before its deadline: status, dates in Vietnam time, where to ask', async () => {
    const r = await ask('tra cứu hồ sơ 000.00.12.H26-251103-0001');
    expect(r.intent).toBe('dossier_status');
    expect(r.text).toContain('Hồ sơ 000.00.12.H26-251103-0001');
    expect(r.text).toContain('Tình trạng: Đã hoàn thành, đúng hạn (trước hạn).');
    expect(r.text).toContain('• Cơ quan giải quyết: Phòng Nghiệp vụ Y');
    expect(r.text).toContain('• Ngày tiếp nhận: 08:15 03/11/2025');
    expect(r.text).toContain('• Hạn trả kết quả: 10/11/2025');
    expect(r.text).toContain('• Ngày hoàn thành: 16:30 07/11/2025');
    expect(r.text).not.toContain('Lý do');
    expect(r.text).toContain('liên hệ: Trung tâm Phục vụ hành chính công tỉnh Thử, số 1 đường Trung tâm');
    expect(r.text).toMatch(/cập nhật lúc \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}/);
  });

  it('a late one: days late and the recorded reason, with phone numbers masked', async () => {
    const r = await ask('000.00.12.H26-251027-0042');
    expect(r.text).toContain('Tình trạng: Đã hoàn thành, trễ hạn 2 ngày.');
    expect(r.text).toContain('• Hạn trả kết quả: 17:00 03/11/2025');
    expect(r.text).toContain('• Lý do trễ hạn cơ quan ghi nhận: Chờ bổ sung giấy tờ (đã gọi ');
    expect(r.text).not.toMatch(/0912|345 678/);
    expect(r.text).toContain('Để hỏi khi nào có kết quả hoặc phản ánh việc trễ hạn');
  });

  it('an open one before its deadline, and one overdue with no reason recorded', async () => {
    const open = await ask('tra cuu ho so h26.103.25.7-251118-0112'); // typed in lower case
    expect(open.text).toContain('Hồ sơ H26.103.25.7-251118-0112');
    expect(open.text).toContain('Tình trạng: Đã tiếp nhận, đang xử lý — chưa đến hạn trả kết quả (còn 4 ngày).');
    expect(open.text).toContain('• Ngày tiếp nhận: 14:05 18/11/2025');
    expect(open.text).not.toContain('Ngày hoàn thành');
    // No contact recorded for the commune or above it but the province... which has one.
    expect(open.text).toContain('liên hệ: Trung tâm Phục vụ hành chính công tỉnh Thử');

    await db.sql.query("UPDATE units SET contact = NULL WHERE code = 'TINH'");
    try {
      const late = await ask('Hồ sơ H26.103.25.7-251110-0005 của tôi sao chưa có kết quả?');
      expect(late.text).toContain('Tình trạng: Đang xử lý, đã quá hạn trả kết quả 3 ngày (chưa có kết quả).');
      expect(late.text).toContain('• Cơ quan chưa ghi nhận lý do trễ hạn trong dữ liệu.');
      expect(late.text).toContain('liên hệ bộ phận một cửa của UBND xã Một, hoặc Tổng đài Cổng Dịch vụ công quốc gia 1800 1096 (miễn phí).');
    } finally {
      await db.sql.query("UPDATE units SET contact = 'Trung tâm Phục vụ hành chính công tỉnh Thử, số 1 đường Trung tâm' WHERE code = 'TINH'");
    }
  });

  it('says only that dossier’s status: no other dossier, procedure, channel or payment', async () => {
    const r = await ask('000.00.12.H26-251103-0001');
    for (const other of ['0042', '0112', '0005', '1.004567', 'truc_tuyen', 'Trực tuyến', 'thanh toán', 'số hóa', 'lệ phí', 'có phí'])
      expect(r.text).not.toContain(other);
  });

  it('an unknown code gets an honest answer and the national lookup page', async () => {
    const r = await ask('tra cứu hồ sơ 000.00.12.H26-250908-0112');
    expect(r.intent).toBe('dossier_status');
    expect(r.text).toContain('Mã hồ sơ 000.00.12.H26-250908-0112 chưa có trong dữ liệu của tỉnh');
    expect(r.text).toContain(NATIONAL_LOOKUP_URL);
    expect(r.buttons?.flat().map((b) => b.data)).toEqual(['guide:track-dossier-status']);
  });

  it('works in a group chat and for an enrolled officer alike; without a code it is the citizen guide', async () => {
    const group = await ask('@bot tra cứu hồ sơ 000.00.12.H26-251103-0001', { isGroup: true, userId: 'g1' });
    expect(group.text).toContain('Đã hoàn thành, đúng hạn');
    seen.length = 0;
    const guide = await ask('tra cứu hồ sơ như thế nào', { userId: 'g2' });
    expect(seen).toEqual(['guides']);
    expect(guide.text).toBe('guides:tra cứu hồ sơ như thế nào');
  });

  it('limits lookups per user (known or unknown codes alike) with a clear Vietnamese reply', async () => {
    const user = 'enumerator';
    const replies = [];
    for (let i = 1; i <= 9; i++) replies.push(await ask(`H26.103.25.7-251118-${String(i).padStart(4, '0')}`, { userId: user }));
    expect(replies.slice(0, 8).every((r) => r.text.includes('chưa có trong dữ liệu'))).toBe(true);
    const limited = replies[8]!;
    expect(limited.intent).toBe('dossier_status');
    expect(limited.text).toContain('Bạn đã tra cứu nhiều mã hồ sơ trong thời gian ngắn');
    expect(limited.text).toContain('thử lại sau khoảng 10 phút');
    // Even a real code is not answered now: nothing tells a guess from a hit.
    const known = await ask('000.00.12.H26-251103-0001', { userId: user });
    expect(known.text).toContain('Bạn đã tra cứu nhiều mã hồ sơ');
    expect(known.text).not.toContain('Đã hoàn thành');
    // Another citizen is not affected; the same person on another channel has its own budget.
    expect((await ask('000.00.12.H26-251103-0001', { userId: 'someone-else' })).text).toContain('Đã hoàn thành');
    expect((await ask('000.00.12.H26-251103-0001', { userId: user, channel: 'cli' })).text).toContain('Đã hoàn thành');
  });
});
