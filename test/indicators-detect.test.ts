import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRealSet } from '../src/answer/real-eval.ts';
import { looksLikeOfficerQuestion } from '../src/indicators/detect.ts';
import { fold } from '../src/text/fold.ts';
import { routeOf } from './helpers/skills.ts';

const OFFICER = [
  // An officer's pending dossiers, typed without marks: still theirs.
  'hồ sơ tồn bao nhiêu',
  'xin so lieu ho so ton bao nhieu',
  'tỷ lệ trực tuyến tháng này',
  'ty le truc tuyen thang nay',
  'tl tt t11',
  'báo cáo nhanh',
  'bao cao hom nay',
  'điểm bộ chỉ số 766',
  'hồ sơ trễ hạn hôm nay',
  'hồ sơ quá hạn',
  'số hồ sơ đã giải quyết tháng này',
  'bao nhiêu hồ sơ tiếp nhận tháng trước',
  'biểu đồ tỷ lệ trực tuyến 6 tháng',
  'đơn vị mình xếp thứ mấy về 766 tháng này',
  'điểm dịch vụ trực tuyến quý 3',
  'vì sao số hóa chỉ được 9/22',
  'tiến độ giải quyết tháng trước bao nhiêu điểm',
  'tỷ lệ đúng hạn theo phòng',
  'số liệu tháng này',
  'tháng này',
  'quý III',
  // Wording of the blind set: a rate only units have, asked how much or of a unit named first.
  'van phong so so hoa bao nhieu',
  'co hs nao qua han ko',
  'phong duoc hs ton',
  'so sanh phong duoc voi phong y thang nay',
  'so hoa hs tu dau thang',
  'hs tiep nhan hom kia',
];

const CITIZEN = [
  'nộp hồ sơ trực tuyến thế nào',
  'tra cứu hồ sơ',
  'mã số hồ sơ tiếp nhận ở đâu',
  'thanh toán trực tuyến thế nào',
  'hồ sơ của tôi bị trễ hạn thì làm sao',
  'hồ sơ quá hạn rồi mà chưa có kết quả',
  'số hóa hồ sơ là gì',
  'chấm điểm hài lòng ở đâu',
  'xem tiến độ giải quyết hồ sơ của tôi',
  // "tl" for "trả lời", and a citizen's own late dossier (review of 2026-12-01).
  'tl giup toi lam cccd o dau',
  'nhờ tl giúp: quên mật khẩu vneid',
  'ho so cua toi tre han tu hom qua',
  // "Quá hạn" of a citizen's own paper, with what it costs them (a fine, a retest): short enough
  // to be read as "overdue + a period/amount" before (2026-12-01, a knowledge helper's probe).
  'Sang tên xe quá hạn 30 ngày bị phạt bao nhiêu',
  'đăng kí khai sinh quá hạn bị phạt bao nhiêu',
  'giấy phép lái xe quá hạn 3 tháng có phải thi lại không',
  'bằng lái quá hạn 2 tháng',
  'tam tru qua han thi sao',
  // What a citizen has not received (their pension, a card): "nhận được" + "tháng này" read as the
  // received count and a period (2026-12-02, a boundary helper's probe).
  'lương hưu tháng này chưa nhận được',
  'sao tháng này vẫn chưa nhận được tiền trợ cấp',
  'bao giờ nhận được thẻ bhyt tháng này',
  // "tốn" (costs) folds to "ton", an officer's "tồn" (pending) (2026-12-02, a knowledge helper's probe).
  'làm lý lịch tư pháp tốn bao nhiêu?',
  'lam ho chieu ton bao nhieu tien',
  'đổi bằng lái có tốn phí không',
];

describe('officer question detection', () => {
  it.each(OFFICER)('officer: %s', async (q) => {
    expect(looksLikeOfficerQuestion(fold(q))).toBe(true);
    expect((await routeOf(q)).kind).toBe('officer');
  });

  it.each(CITIZEN)('citizen: %s', (q) => {
    expect(looksLikeOfficerQuestion(fold(q))).toBe(false);
  });

  it('no real citizen letter of the development set reads as an officer question', () => {
    const real = readRealSet(new URL('../eval/real', import.meta.url).pathname).messages.filter((m) => m.split === 'dev');
    expect(real.length).toBeGreaterThan(200);
    expect(real.filter((m) => looksLikeOfficerQuestion(fold(m.text))).map((m) => m.id)).toEqual([]);
  });

  it('no citizen question of the knowledge test sets reads as an officer question', () => {
    const dir = new URL('./fixtures/', import.meta.url).pathname;
    const files = readdirSync(dir).filter((f) => /^questions-.*\.jsonl$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    let n = 0;
    for (const f of files) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const item = JSON.parse(line) as { q: string; audience?: string };
        if (item.audience === 'officer') continue;
        n++;
        if (looksLikeOfficerQuestion(fold(item.q).replace(/[!?.…,]+$/g, '').trim())) wrong.push(item.q);
      }
    }
    expect(n).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });
});
