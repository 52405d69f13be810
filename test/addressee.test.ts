import { describe, expect, it } from 'vitest';
import { withoutAddressee } from '../src/text/addressee.ts';

describe('withoutAddressee', () => {
  it('drops whom a letter greets, thanks or asks, typed with or without marks', () => {
    // Real dev lines' openings and closings (lf3-017, f8-007, lt4-021, lt4-032, l6-014, f8-005, l6-022).
    expect(withoutAddressee('Nhập khẩu cần những giấy tờ gì thưa luật sư?')).toBe('Nhập khẩu cần những giấy tờ gì ?');
    expect(withoutAddressee('Thưa Luật sư, cho tôi hỏi: Sổ hộ khẩu bị mất')).toBe(', cho tôi hỏi: Sổ hộ khẩu bị mất');
    expect(withoutAddressee('xin hỏi Luật sư là nếu tôi cho người nước ngoài thuê')).toBe('xin hỏi là nếu tôi cho người nước ngoài thuê');
    expect(withoutAddressee('Mong được Luật sư giải đáp.')).toBe('Mong được giải đáp.');
    expect(withoutAddressee('Kính chào LVN Group. Tôi và bạn trai')).toBe('. Tôi và bạn trai');
    expect(withoutAddressee('Luật sư cho em hỏi: Em tham gia')).toBe(' cho em hỏi: Em tham gia');
    expect(withoutAddressee('Mong nhận được tư vấn của Ban biên tập Thư Ký Luật')).toBe('Mong nhận được tư vấn của Thư Ký Luật');
    expect(withoutAddressee('thua luat su cho em hoi lam can cuoc o dau')).toBe(' cho em hoi lam can cuoc o dau');
  });

  it('keeps a lawyer the writer talks about, and text it cannot map letter for letter', () => {
    expect(withoutAddressee('tôi muốn thuê luật sư bào chữa cho con')).toBe('tôi muốn thuê luật sư bào chữa cho con');
    expect(withoutAddressee('luật sư bào chữa có được gặp người bị tạm giam không')).toBe(
      'luật sư bào chữa có được gặp người bị tạm giam không',
    );
    // Decomposed input is read as its NFC form.
    expect(withoutAddressee('Chào luật sư'.normalize('NFD'))).toBe('');
  });
});
