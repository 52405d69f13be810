import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Skill } from '../src/core/skill.ts';
import type { Reply } from '../src/core/types.ts';
import { createFigureSkill } from '../src/indicators/figure-skill.ts';
import { createLogger } from '../src/log.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { loadFixture, NOW, officer, turn } from './helpers/indicator-fixture.ts';

let db: TestDatabase;
let skill: Skill;
const SYT = officer('SYT', 'Sở Y tế');

async function ask(text: string, who = SYT, now = NOW): Promise<Reply> {
  return skill.handle({ channel: 'test', chatId: 'c1', userId: 'u1', text, now }, turn(who, undefined, now));
}

beforeAll(async () => {
  db = await createTestDatabase();
  await loadFixture(db.kysely);
  const deps: AppDeps = { config: loadConfig({ DATA_DIR: db.dataDir }), db, log: createLogger('silent') };
  skill = await createFigureSkill(deps);
});
afterAll(async () => {
  await db.close();
});

// Expected values are counted by hand from test/helpers/indicator-fixture.ts (now = 20/11/2025 09:00).
describe('metric × period phrases', () => {
  it.each([
    // question, metric, from, to, numerator, denominator
    ['tỷ lệ trực tuyến tháng này', 'online_rate', '2025-11-01', '2025-11-20', 5, 9],
    ['ty le truc tuyen thang nay', 'online_rate', '2025-11-01', '2025-11-20', 5, 9],
    ['tl tt t11', 'online_rate', '2025-11-01', '2025-11-20', 5, 9],
    ['tỷ lệ trực tuyến tháng trước', 'online_rate', '2025-10-01', '2025-10-31', 2, 4],
    ['tỷ lệ hồ sơ trực tuyến tháng 10', 'online_rate', '2025-10-01', '2025-10-31', 2, 4],
    ['tỷ lệ trực tuyến tháng 10/2025', 'online_rate', '2025-10-01', '2025-10-31', 2, 4],
    ['tỷ lệ trực tuyến hôm nay', 'online_rate', '2025-11-20', '2025-11-20', 1, 1],
    ['tỷ lệ trực tuyến hôm qua', 'online_rate', '2025-11-19', '2025-11-19', 1, 1],
    ['tỷ lệ trực tuyến tuần này', 'online_rate', '2025-11-17', '2025-11-20', 2, 2],
    ['tỷ lệ trực tuyến quý này', 'online_rate', '2025-10-01', '2025-11-20', 7, 13],
    ['tỷ lệ trực tuyến quý IV', 'online_rate', '2025-10-01', '2025-11-20', 7, 13],
    ['tỷ lệ trực tuyến năm nay', 'online_rate', '2025-01-01', '2025-11-20', 7, 13],
    ['tỷ lệ trực tuyến từ 1/10 đến 15/10', 'online_rate', '2025-10-01', '2025-10-15', 1, 3],
    ['tỷ lệ thanh toán trực tuyến tháng này', 'online_payment_rate', '2025-11-01', '2025-11-20', 2, 4],
    ['ty le thanh toan truc tuyen quy 4', 'online_payment_rate', '2025-10-01', '2025-11-20', 3, 6],
    ['tỷ lệ đúng hạn tháng này', 'on_time_rate', '2025-11-01', '2025-11-20', 5, 9],
    ['tỷ lệ giải quyết đúng hạn tháng trước', 'on_time_rate', '2025-10-01', '2025-10-31', 1, 2],
    ['hồ sơ trước hạn tháng này', 'early_rate', '2025-11-01', '2025-11-20', 4, 9],
    ['hồ sơ trễ hạn tháng này', 'late_rate', '2025-11-01', '2025-11-20', 4, 9],
    ['tỷ lệ số hóa tháng này', 'digitized_rate', '2025-11-01', '2025-11-20', 4, 9],
    ['tỷ lệ trả kết quả điện tử tháng này', 'e_result_rate', '2025-11-01', '2025-11-20', 5, 9],
  ])('%s', async (q, metric, from, to, num, den) => {
    const r = await ask(q);
    expect(r.intent).toBe('officer');
    expect(r.figure).toMatchObject({ metric, unit: 'SYT', period: { from, to }, numerator: num, denominator: den });
    expect(r.figure!.value).toBe(den === 0 ? null : Math.round((num / den) * 10000) / 100);
  });

  // The fixture's data start on 10/10/2025: a period wholly before says so, with no number.
  it.each([
    ['tỷ lệ trực tuyến quý 3', '2025-07-01', '2025-09-30'],
    ['tỷ lệ trực tuyến quý III', '2025-07-01', '2025-09-30'],
    ['tỷ lệ trực tuyến 6 tháng đầu năm', '2025-01-01', '2025-06-30'],
    ['tỷ lệ trực tuyến năm 2024', '2024-01-01', '2024-12-31'],
  ])('%s → no data before the data start', async (q, from, to) => {
    const r = await ask(q);
    expect(r.figure).toMatchObject({ metric: 'online_rate', unit: 'SYT', period: { from, to }, value: null, numerator: null });
    expect(r.text).toContain('dữ liệu đã nhập bắt đầu từ ngày 10/10/2025');
    expect(r.text).not.toMatch(/ĐẠT/);
  });

  it.each([
    ['tổng số hồ sơ tiếp nhận tháng này', 'received', 9],
    ['bao nhiêu hồ sơ tiếp nhận tháng trước', 'received', 4],
    ['số hồ sơ đã giải quyết tháng này', 'completed', 9],
    ['số hồ sơ hoàn thành tháng 10', 'completed', 2],
  ])('%s (count)', async (q, metric, n) => {
    const r = await ask(q);
    expect(r.figure).toMatchObject({ metric, value: n, numerator: n, denominator: null });
  });
});

describe('answers', () => {
  it('formats the value, numerator/denominator, target with its source, and change in percentage points', async () => {
    const r = await ask('tỷ lệ trực tuyến tháng này');
    expect(r.text).toContain('55,6 %');
    expect(r.text).toContain('(5/9');
    expect(r.text).toContain('Chỉ tiêu ≥ 70 % (Kế hoạch 311/KH-SYT');
    expect(r.text).toContain('năm 2023) — CHƯA ĐẠT');
    expect(r.text).toContain('Kế hoạch này đã hết kỳ');
    // The running month says how far it goes.
    expect(r.text).toContain('tháng 11/2025 (đến ngày 20/11/2025)');
    // October: 2/4 = 50 %; November 55,56 % → +5,6 points.
    expect(r.text).toContain('So với tháng 10/2025: tăng 5,6 điểm phần trăm');
    expect(r.figure!.target).toEqual({ op: '>=', threshold: 70, source: expect.stringContaining('311/KH-SYT'), met: false });
  });

  it('a period only partly covered by the data says from which day, and is not judged on a part', async () => {
    // The fixture's data start on 10/10/2025.
    const r = await ask('tỷ lệ trực tuyến tháng 10');
    expect(r.figure).toMatchObject({ numerator: 2, denominator: 4, target: { met: null } });
    expect(r.text).toContain('tháng 10/2025 — dữ liệu chỉ có từ ngày 10/10/2025');
    expect(r.text).toContain('chưa đánh giá ĐẠT/CHƯA ĐẠT vì dữ liệu chỉ có một phần kỳ');
    expect(r.text).not.toMatch(/— (CHƯA )?ĐẠT/);
  });

  it('a unit outside the plan that set a target is told no target is set for it', async () => {
    const r = await ask('tỷ lệ trực tuyến tháng này', officer('SGD', 'Sở Giáo dục và Đào tạo'));
    expect(r.figure).toMatchObject({ unit: 'SGD', numerator: 1, denominator: 2, target: null });
    expect(r.text).toContain('Chưa có chỉ tiêu nào được đặt cho Sở Giáo dục và Đào tạo');
    expect(r.text).not.toContain('ĐẠT');
  });

  it('several metrics in one question are answered together, each for the unit named', async () => {
    const r = await ask('tháng này tỷ lệ đúng hạn và trực tuyến phòng nghiệp vụ 1');
    const figures = r.meta!.figures as { metric: string; unit: string }[];
    expect(figures.map((f) => `${f.metric}@${f.unit}`)).toEqual(['on_time_rate@SYT_NV1', 'online_rate@SYT_NV1']);
  });

  it('a follow-up changes only the part it names', async () => {
    const ctx = turn(SYT);
    const say = (text: string) => skill.handle({ channel: 'test', chatId: 'f', userId: 'u', text, now: NOW }, ctx);
    expect((await say('tl tt thang nay')).figure).toMatchObject({ metric: 'online_rate', unit: 'SYT', period: { from: '2025-11-01' } });
    expect((await say('còn tháng trước thì sao')).figure).toMatchObject({ metric: 'online_rate', unit: 'SYT', period: { from: '2025-10-01' } });
    expect((await say('phòng nghiệp vụ 2 thì sao')).figure).toMatchObject({ metric: 'online_rate', unit: 'SYT_NV2', period: { from: '2025-10-01' } });
    const cmp = await say('so với tháng trước tăng hay giảm');
    expect((cmp.meta!.figures as { period: { from: string } }[]).map((f) => f.period.from)).toEqual(['2025-10-01', '2025-09-01']);
  });

  it('says a target is met', async () => {
    const r = await ask('tỷ lệ thanh toán trực tuyến tháng này');
    expect(r.figure!.target).toMatchObject({ threshold: 30, met: true });
    expect(r.text).toContain('ĐẠT');
  });

  it('gives late reasons on request, most frequent first', async () => {
    const r = await ask('lý do trễ hạn tháng này');
    expect(r.text).toMatch(/Lý do trễ hạn: Thiếu hồ sơ bổ sung \(2\); (Chờ ý kiến cơ quan phối hợp|Quá tải) \(1\)/);
    expect(r.text).toContain('Trước hạn 4 · đúng hạn 1 · trễ hạn 4');
  });

  it('lists late reasons for a single day without being asked', async () => {
    const r = await ask('hồ sơ trễ hạn ngày 10/11');
    expect(r.text).toContain('Lý do trễ hạn: Chờ ý kiến cơ quan phối hợp (1).');
  });

  it('lists late reasons for long periods only on request', async () => {
    const plain = await ask('hồ sơ trễ hạn năm nay');
    expect(plain.figure).toMatchObject({ metric: 'late_rate', numerator: 5, denominator: 11 });
    expect(plain.text).not.toContain('Lý do trễ hạn:');
    expect(plain.text).toContain('lý do trễ hạn');
    const asked = await ask('lý do trễ hạn năm nay');
    expect(asked.text).toContain('Lý do trễ hạn: Quá tải (2); Thiếu hồ sơ bổ sung (2); Chờ ý kiến cơ quan phối hợp (1).');
  });

  it('counts overdue open dossiers as of now, in the subtree only', async () => {
    const r = await ask('hồ sơ quá hạn đang giải quyết');
    expect(r.figure).toMatchObject({ metric: 'overdue_open', unit: 'SYT', value: 1 });
    const other = await ask('hồ sơ quá hạn', officer('SGD', 'Sở Giáo dục và Đào tạo'));
    expect(other.figure).toMatchObject({ metric: 'overdue_open', unit: 'SGD', value: 1 });
    const nv2 = await ask('hồ sơ quá hạn', officer('SYT_NV2', 'Phòng Nghiệp vụ 2'));
    expect(nv2.figure!.value).toBe(0);
  });

  it('ranks sub-units by overdue open dossiers', async () => {
    const r = await ask('hồ sơ quá hạn theo phòng');
    expect(r.text).toContain('1. Phòng Nghiệp vụ 2 (SYT_NV2): 0 hồ sơ');
    expect(r.text).toContain('2. Phòng Nghiệp vụ 1 (SYT_NV1): 1 hồ sơ');
  });

  it('compares with the same period last year on request', async () => {
    const r = await ask('tỷ lệ trực tuyến tháng này so với cùng kỳ năm trước');
    expect(r.text).toContain('tháng 11/2024');
  });
});

describe('month ends in Vietnam time', () => {
  it('a dossier received at 23:58 on 31/10 counts in October, one at 00:02 on 1/11 in November', async () => {
    const oct = await ask('số hồ sơ tiếp nhận từ 31/10 đến 31/10');
    expect(oct.figure).toMatchObject({ value: 1 });
    const nov = await ask('số hồ sơ tiếp nhận ngày 1/11');
    expect(nov.figure).toMatchObject({ value: 1, period: { from: '2025-11-01', to: '2025-11-01' } });
  });

  it('a completion at 23:59 on 31/10 is October, at 00:01 on 1/11 November', async () => {
    const oct = await ask('số hồ sơ đã giải quyết ngày 31/10/2025');
    expect(oct.figure).toMatchObject({ value: 1 });
    const nov = await ask('số hồ sơ đã giải quyết ngày 1/11/2025');
    expect(nov.figure).toMatchObject({ value: 1 });
  });
});

describe('units and access', () => {
  it('answers for a named sub-unit inside the subtree (by name, without diacritics, or by code)', async () => {
    for (const q of ['tỷ lệ trực tuyến phòng nghiệp vụ 1 tháng này', 'ty le truc tuyen phong nghiep vu 1 thang nay', 'tỷ lệ trực tuyến SYT_NV1 tháng này']) {
      const r = await ask(q);
      expect(r.figure, q).toMatchObject({ unit: 'SYT_NV1', numerator: 3, denominator: 5, value: 60 });
    }
  });

  it('sums a sub-unit over its own subtree', async () => {
    const r = await ask('tỷ lệ trực tuyến phòng nghiệp vụ 2 tháng này');
    // NV2: N6, N7; its Tổ Dược: N8, N9 → 2 online of 4.
    expect(r.figure).toMatchObject({ unit: 'SYT_NV2', numerator: 2, denominator: 4 });
  });

  it('ranks the sub-units on request', async () => {
    const r = await ask('tỷ lệ trực tuyến tháng này theo phòng');
    const nv1 = r.text.indexOf('1. Phòng Nghiệp vụ 1 (SYT_NV1): 60 % (3/5)');
    const nv2 = r.text.indexOf('2. Phòng Nghiệp vụ 2 (SYT_NV2): 50 % (2/4)');
    expect(nv1).toBeGreaterThan(0);
    expect(nv2).toBeGreaterThan(nv1);
  });

  it('refuses a unit outside the officer subtree, politely and without a figure', async () => {
    const nv2 = officer('SYT_NV2', 'Phòng Nghiệp vụ 2');
    for (const q of ['tỷ lệ trực tuyến phòng nghiệp vụ 1 tháng này', 'tỷ lệ trực tuyến SGD tháng này', 'tỷ lệ trực tuyến sở y tế tháng này']) {
      const r = await ask(q, nv2);
      expect(r.figure, q).toBeUndefined();
      expect(r.text, q).toContain('chỉ xem được số liệu của Phòng Nghiệp vụ 2');
    }
  });
});

describe('clarification', () => {
  it('asks for the period with choices, then answers when one is pressed', async () => {
    const ctx = turn(SYT);
    const first = await skill.handle({ channel: 'test', chatId: 'c', userId: 'u', text: 'tỷ lệ trực tuyến', now: NOW }, ctx);
    expect(first.intent).toBe('clarify');
    expect(first.figure).toBeUndefined();
    const data = first.buttons!.flat().map((b) => b.data);
    expect(data).toContain('fig:p:month');
    const second = await skill.handle({ channel: 'test', chatId: 'c', userId: 'u', text: '', callbackData: 'fig:p:month', now: NOW }, ctx);
    expect(second.figure).toMatchObject({ metric: 'online_rate', period: { from: '2025-11-01' }, numerator: 5, denominator: 9 });
    expect(ctx.chat.data.figPending).toBeUndefined();
  });

  it('asks for the metric with choices; a typed answer completes the question', async () => {
    const ctx = turn(SYT);
    const first = await skill.handle({ channel: 'test', chatId: 'c', userId: 'u', text: 'số liệu tháng này', now: NOW }, ctx);
    expect(first.intent).toBe('clarify');
    expect(first.buttons!.flat().map((b) => b.data)).toEqual(expect.arrayContaining(['fig:m:online_rate', 'fig:m:index_766', 'fig:m:report']));
    const second = await skill.handle({ channel: 'test', chatId: 'c', userId: 'u', text: 'tỷ lệ số hóa', now: NOW }, ctx);
    expect(second.figure).toMatchObject({ metric: 'digitized_rate', numerator: 4, denominator: 9 });
  });
});

describe('766 index', () => {
  it('estimates per group from dossier data, labelled, with formulas; unknown parts are "chưa có dữ liệu", no total', async () => {
    const r = await ask('điểm bộ chỉ số 766 tháng này');
    expect(r.figure).toMatchObject({ metric: 'index_766', unit: 'SYT', value: null });
    expect(r.text).toContain('ước tính theo cách tính trên Cổng DVCQG tại thời điểm cập nhật dữ liệu');
    expect(r.text).toContain('Chưa có điểm chính thức được nhập cho tháng 11/2025');
    expect(r.text).toContain('Công khai, minh bạch (18 điểm): chưa có dữ liệu');
    expect(r.text).toContain('Mức độ hài lòng (18 điểm): chưa có dữ liệu');
    // 20 × (5 on time + 1 open within deadline) / (9 completed + 2 open) = 10,91.
    expect(r.text).toContain('Tiến độ giải quyết: ước tính 10,91/20 điểm');
    // 6 × 5/9 + 4 × 4/9 = 3,33 + 1,78.
    expect(r.text).toContain('Số hóa hồ sơ (22 điểm): ước tính 5,11/10 điểm ở phần tính được; 12 điểm còn lại chưa có dữ liệu');
    expect(r.text).toContain('Dịch vụ trực tuyến (22 điểm): ước tính 3/6 điểm ở phần tính được; 16 điểm còn lại chưa có dữ liệu');
    expect(r.text).toContain('Không cộng thành tổng điểm');
    expect(r.text).not.toMatch(/Tổng điểm chính thức: \d/);
  });

  it('shows one group with its formula', async () => {
    const r = await ask('tiến độ giải quyết tháng này bao nhiêu điểm');
    expect(r.figure).toMatchObject({ metric: 'index_766_tien_do', value: 10.91, numerator: 6, denominator: 11 });
    expect(r.text).toContain('20 × (5 đúng/trước hạn + 1 còn trong hạn) / (9 đã giải quyết + 2 đang giải quyết) = 10,91');
    const so = await ask('điểm số hóa tháng này');
    expect(so.figure).toMatchObject({ metric: 'index_766_so_hoa', value: null });
    expect(so.text).toContain('Kết quả giải quyết cấp bản điện tử (6 điểm): 6 × 5 / 9 = 3,33');
    expect(so.text).toContain('Tái sử dụng dữ liệu số hóa (2 điểm): chưa có dữ liệu');
  });

  it('explains how a group is scored without asking for a period', async () => {
    const r = await ask('hài lòng bao nhiêu thì được điểm tối đa');
    expect(r.intent).toBe('officer');
    expect(r.text).toContain('Mức độ hài lòng — 18 điểm');
    expect(r.text).toContain('tối đa khi ≥ 90 %');
  });

  it('a group with no dossiers at all is "chưa có dữ liệu", never zero', async () => {
    const r = await ask('điểm dịch vụ trực tuyến quý 3');
    expect(r.figure).toMatchObject({ metric: 'index_766_truc_tuyen', value: null, period: { from: '2025-07-01', to: '2025-09-30' } });
    expect(r.text).toContain('Dịch vụ trực tuyến (22 điểm): chưa có dữ liệu');
    expect(r.text).not.toMatch(/\b0\/22\b|: 0 điểm/);
  });

  it('official imported scores win for their unit and period; missing groups are still estimated or no data', async () => {
    await db.sql.query(
      `INSERT INTO index_scores (unit_code, period, nhom, score) VALUES ('SYT', '2025-10', 'tong', 81.25), ('SYT', '2025-10', 'tien_do', 18.5), ('SYT', '2025-10', 'so_hoa', 9)`,
    );
    try {
      const r = await ask('điểm 766 tháng 10/2025');
      expect(r.figure).toMatchObject({ metric: 'index_766', value: 81.25, period: { from: '2025-10-01', to: '2025-10-31' } });
      expect(r.text).toContain('Tổng điểm chính thức: 81,25/100');
      expect(r.text).toContain('Tiến độ giải quyết: 18,5/20 điểm (điểm chính thức đã nhập)');
      expect(r.text).toContain('Số hóa hồ sơ: 9/22 điểm (điểm chính thức đã nhập)');
      expect(r.text).toContain('Công khai, minh bạch (18 điểm): chưa có dữ liệu');
      const g = await ask('tiến độ giải quyết tháng trước bao nhiêu điểm');
      expect(g.figure).toMatchObject({ metric: 'index_766_tien_do', value: 18.5 });
      // Another period of the same unit has no official scores.
      const q = await ask('điểm 766 quý 4');
      expect(q.figure!.value).toBeNull();
    } finally {
      await db.sql.query(`DELETE FROM index_scores`);
    }
  });
});

describe('charts', () => {
  it('"biểu đồ tỷ lệ trực tuyến 6 tháng" → a PNG with months, values and the target line', async () => {
    const r = await ask('biểu đồ tỷ lệ trực tuyến 6 tháng');
    expect(r.intent).toBe('officer');
    expect(r.image).toBeDefined();
    const png = r.image!.png;
    expect(Array.from(png.slice(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(r.image!.filename).toMatch(/^bieu-do-online_rate-syt-\d{8}\.png$/);
    expect(r.image!.caption).toContain('Chỉ tiêu ≥ 70 % (KH 311/KH-SYT)');
    expect(r.text).toContain('T6/2025: chưa có hồ sơ');
    expect(r.text).toContain('T10/2025: 50 %');
    expect(r.text).toContain('T11/2025: 55,6 %');
  });

  it('"biểu đồ … theo phòng" draws the divisions side by side, not the Sở day by day', async () => {
    const r = await ask('biểu đồ tỷ lệ trực tuyến theo phòng tháng này');
    expect(Array.from(r.image!.png.slice(1, 4))).toEqual([0x50, 0x4e, 0x47]);
    expect(r.image!.filename).toContain('theo-don-vi');
    expect(r.text).toContain('Phòng Nghiệp vụ 1 (SYT_NV1): 60 %');
    expect(r.text).toContain('Phòng Nghiệp vụ 2 (SYT_NV2): 50 %');
    expect(r.text).not.toMatch(/\d\d\/11:/);
  });

  it('says which charts exist when asked for one it cannot draw', async () => {
    const r = await ask('biểu đồ hồ sơ quá hạn');
    expect(r.image).toBeUndefined();
    expect(r.text).toContain('Chưa vẽ được biểu đồ');
  });

  it('asks which period when the chart request names none', async () => {
    const r = await ask('vẽ biểu đồ tỷ lệ đúng hạn');
    expect(r.intent).toBe('clarify');
    expect(r.buttons!.flat().map((b) => b.data)).toEqual(['fig:p:m6', 'fig:p:m12', 'fig:p:year']);
  });
});

describe('things the imports do not carry', () => {
  it.each([
    ['có bao nhiêu phản ánh kiến nghị quá hạn', 'phản ánh, kiến nghị'],
    ['hồ sơ đồng bộ lên DVCQG đã đủ 100 % chưa', 'đồng bộ'],
  ])('%s → chưa có dữ liệu, no figure', async (q, what) => {
    const r = await ask(q);
    expect(r.figure).toBeUndefined();
    expect(r.text).toContain(what);
    expect(r.text).toContain('chưa có dữ liệu');
  });

  it('ranks sub-units by official 766 scores only, leaving units without scores unranked', async () => {
    await db.sql.query(`INSERT INTO index_scores (unit_code, period, nhom, score) VALUES ('SYT_NV1', '2025-11', 'tong', 70.5), ('SGD', '2025-11', 'tong', 99)`);
    try {
      const r = await ask('đơn vị mình xếp thứ mấy về 766 tháng này');
      expect(r.text).toContain('1. Phòng Nghiệp vụ 1 (SYT_NV1): 70,5 điểm');
      expect(r.text).toContain('– Phòng Nghiệp vụ 2 (SYT_NV2): chưa có dữ liệu');
      expect(r.text).not.toContain('SGD');
    } finally {
      await db.sql.query(`DELETE FROM index_scores`);
    }
  });
});

describe('daily charts', () => {
  it('a chart of one month is drawn day by day', async () => {
    const r = await ask('biểu đồ số hồ sơ tiếp nhận tháng 10/2025');
    expect(r.image).toBeDefined();
    expect(r.text).toContain('10/10: 1');
    expect(r.text).toContain('31/10: 1');
    expect(r.text).toContain('01/10: 0');
  });
});
