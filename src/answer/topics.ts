import type { Button } from '../core/types.ts';
import { TOPICS, type Topic } from '../retrieval/guides.ts';
import type { Guide } from '../retrieval/guides.ts';

export const TOPIC_LABELS: Record<Topic, string> = {
  submit_online: 'Nộp hồ sơ trực tuyến',
  pay_online: 'Thanh toán phí, lệ phí',
  vneid: 'Tài khoản VNeID',
  track_status: 'Tra cứu, nhận kết quả',
  postal: 'Qua bưu điện',
  e_copy: 'Chứng thực bản sao điện tử',
  digital_signature: 'Chữ ký số',
  feedback: 'Phản ánh, đánh giá',
  other: 'Thông tin chung, tổng đài',
};

export function topicLabel(topic: string): string {
  return TOPIC_LABELS[topic as Topic] ?? topic;
}

/** Topic buttons, two per row, for the topics that have guides. */
export function topicButtons(guides: readonly Guide[]): Button[][] {
  const present = TOPICS.filter((t) => guides.some((g) => g.topic === t));
  const rows: Button[][] = [];
  for (let i = 0; i < present.length; i += 2) {
    rows.push(present.slice(i, i + 2).map((t) => ({ label: TOPIC_LABELS[t], data: `topic:${t}` })));
  }
  return rows;
}

export function guideButton(g: Guide): Button {
  return { label: g.title.length > 60 ? `${g.title.slice(0, 58)}…` : g.title, data: `guide:${g.id}` };
}
