import { describe, expect, it } from 'vitest';
import { listItems, messageParts } from '../src/text/message.ts';

// A message written as a list of asks (review 9 #5): every item is an ask. Messages of our own.
describe('a list of asks', () => {
  it('reads "1/ … 2/ …" and items on lines of their own', () => {
    expect(messageParts('cho hoi 1/ lam cccd o dau 2/ mat bao lau').asks).toEqual([
      'cho hoi lam cccd o dau',
      'cho hoi lam cccd mat bao lau',
    ]);
    expect(messageParts('Tôi hỏi:\n1. đổi bằng lái ở đâu\n2. hết bao nhiêu tiền\n3. có cần khám sức khỏe không').asks).toEqual([
      'đổi bằng lái ở đâu',
      'đổi bằng lái hết bao nhiêu tiền',
      'có cần khám sức khỏe không',
    ]);
  });

  it('reads "mất mấy ngày" as an ask about the subject before it, and a choice of places as a question', () => {
    expect(messageParts('dang ky tam tru online ntn, mat may ngay, co mat tien ko').asks).toEqual([
      'dang ky tam tru online ntn',
      'dang ky tam tru online mat may ngay',
      'dang ky tam tru online co mat tien ko',
    ]);
    expect(messageParts('dang ky khai sinh cho con o xa noi bo hay noi me').questions).toHaveLength(1);
    // A story's "còn mấy ngày nữa" asks nothing.
    expect(messageParts('Tôi rất lo vì còn mấy ngày nữa là hết hạn nộp hồ sơ.').questions).toHaveLength(0);
  });

  it('takes no date, amount, lone number or run not counted from the first for a list', () => {
    expect(listItems('sinh ngày 1/2/2025 thì làm khai sinh ở đâu')).toBeUndefined();
    expect(listItems('lệ phí 1.500.000 đồng, 2. còn gì nữa')).toBeUndefined();
    expect(listItems('bằng hạng B. 2. đổi ở đâu')).toBeUndefined();
    expect(listItems('mục 2) và 3) của tờ khai ghi gì')).toBeUndefined();
  });
});
