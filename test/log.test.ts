import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../src/core/personal-data.ts';
import { createLogger, redactText } from '../src/log.ts';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger('info', sink), out: () => lines.join(''), records: () => lines.map((l) => JSON.parse(l)) };
}

describe('personal data masking', () => {
  it.each([
    ['sđt em 0912 345 678, cccd 079123456789', 'sđt em [***], cccd [***]'],
    ['gọi +84912345678 nhé', 'gọi [***] nhé'],
    ['gọi 84 912 345 678 hoặc 0912-345-678 hoặc 0912.345.678', 'gọi [***] hoặc [***] hoặc [***]'],
    ['số bàn (028) 3822 1111 hay 024 3825 1234', 'số bàn [***] hay [***]'],
    ['căn cước 079 123 456 789 / 0791.2345.6789', 'căn cước [***] / [***]'],
    ['cmnd cũ 123456789', 'cmnd cũ [***]'],
    ['mail lan.nguyen+dvc@gmail.com hoặc cán.bộ@sở-y-tế.gov.vn', 'mail [***@***] hoặc [***@***]'],
    // An address at the end of a long pasted run is the whole run, as before the look-behind.
    [`mã ${'K7'.repeat(5000)}lan@gmail.com`, 'mã [***@***]'],
    [`${'K7'.repeat(5000)} a@b.vn`, `${'K7'.repeat(5000)} [***@***]`],
  ])('%s', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it.each([
    'hotline 1800 1096, mã hồ sơ G22.99',
    'tổng đài 1900 0368 nhánh 4, đường dây 1022',
    'mã hồ sơ 000.00.31.H49-240101-0001',
    'lệ phí 50.000 đồng, ngày 01/12/2024, năm 2025',
    'quyết định 766/QĐ-TTg, nghị định 13/2023/NĐ-CP',
    'số 12345678901234 dài quá',
  ])('leaves %s alone', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});

describe('log redaction', () => {
  it('redactText is the same masking', () => {
    expect(redactText('sđt em 0912 345 678, cccd 079123456789')).toBe('sđt em [***], cccd [***]');
  });

  it('masks inside logged objects and messages', () => {
    const { log, out } = capture();
    log.info({ text: 'số của tôi 0987654321', nested: { id: '001203004567', mail: 'a.b@c.vn' } }, 'question from 0987654321');
    expect(out()).not.toContain('0987654321');
    expect(out()).not.toContain('001203004567');
    expect(out()).not.toContain('a.b@c.vn');
    expect(out()).toContain('[***]');
  });

  it('serializes Errors with pino (type, message, stack) and masks them', () => {
    const { log, records } = capture();
    const err = Object.assign(new Error('insert failed for 0912345678'), { code: '22P05', detail: 'cccd 079123456789' });
    log.error({ err }, 'boom');
    log.error(new TypeError('bad e-mail lan@x.vn'));
    const [a, b] = records();
    expect(a.err).toMatchObject({ type: 'Error', message: 'insert failed for [***]', code: '22P05', detail: 'cccd [***]' });
    expect(a.err.stack).toContain('insert failed for [***]');
    expect(JSON.stringify(a)).not.toContain('0912345678');
    expect(b.err).toMatchObject({ type: 'TypeError', message: 'bad e-mail [***@***]' });
  });

  it('keeps Dates and Buffers instead of turning them into {}', () => {
    const { log, records } = capture();
    const at = new Date('2025-11-20T08:30:00Z');
    log.info({ at, raw: Buffer.from('hi'), list: [at] }, 'x');
    const [r] = records();
    expect(r.at).toBe('2025-11-20T08:30:00.000Z');
    expect(r.list).toEqual(['2025-11-20T08:30:00.000Z']);
    expect(r.raw).toBe('[2 bytes]');
  });

  it('hides tokens and passwords at any depth', () => {
    const { log, out } = capture();
    log.info({ token: 'abc123secret', cfg: { password: 'pw-999', headers: { authorization: 'Bearer xyz' } } }, 'cfg');
    expect(out()).not.toMatch(/abc123secret|pw-999|Bearer xyz/);
    expect(out()).toContain('[ẩn]');
  });
});
