import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactText } from '../src/log.ts';

describe('log redaction', () => {
  it('hides phone numbers and ID numbers in text', () => {
    expect(redactText('sđt em 0912 345 678, cccd 079123456789')).toBe('sđt em [sđt], cccd [số giấy tờ]');
    expect(redactText('gọi +84912345678 nhé')).toBe('gọi [sđt] nhé');
    expect(redactText('hotline 1800 1096, mã hồ sơ G22.99')).toBe('hotline 1800 1096, mã hồ sơ G22.99');
  });

  it('redacts inside logged objects and messages', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger('info', sink);
    log.info({ text: 'số của tôi 0987654321', nested: { id: '001203004567' } }, 'question from 0987654321');
    const out = lines.join('');
    expect(out).not.toContain('0987654321');
    expect(out).not.toContain('001203004567');
    expect(out).toContain('[sđt]');
  });
});
