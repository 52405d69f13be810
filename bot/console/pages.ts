import { html } from 'hono/html';
import type { AdminIdentity } from '../../src/admin/accounts.ts';
import type { GuideUsage } from '../../src/admin/guide-usage.ts';
import { RARELY } from '../../src/admin/guide-usage.ts';
import type { InboxGroup } from '../../src/admin/inbox.ts';
import { formatAnswer } from '../../src/answer/format.ts';
import { topicLabel } from '../../src/answer/topics.ts';
import type { Reply } from '../../src/core/types.ts';
import { PERIOD_CHOICES, type PeriodChoice } from '../../src/indicators/periods.ts';
import type { UnitRow } from '../../src/indicators/units.ts';
import type { OfficerRow } from '../../src/officers/admin.ts';
import type { Guide } from '../../src/retrieval/guides.ts';
import { CHANNEL_NAMES, type Html, when } from './layout.ts';
import type { CuratedEntry } from '../../src/curated/store.ts';
import type { Ticket } from '../../src/support/store.ts';

export function loginBody(opts: { username?: string; error?: string | null }): Html {
  return html`<h1>Đăng nhập</h1>
<div class="card">
${opts.error ? html`<div class="flash error" role="alert">${opts.error}</div>` : ''}
<form class="stack" method="post" action="/admin/login">
<label for="username">Tên đăng nhập</label>
<input id="username" name="username" autocomplete="username" required value="${opts.username ?? ''}">
<label for="password">Mật khẩu</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Đăng nhập</button>
</form>
<p class="muted">Tài khoản do quản trị viên tạo bằng lệnh <code>tro-ly-dvc admin create</code>.</p>
</div>`;
}

/** A reply as the citizen sees it: the text, its buttons, its sources. */
export function replyView(reply: Reply): Html {
  return html`<div class="reply" data-testid="bot-reply">${reply.text}</div>
${
  reply.buttons?.length
    ? html`<div class="buttons" aria-label="Nút dưới câu trả lời">${reply.buttons.flat().map((b) => html`<span>${b.label}</span>`)}</div>`
    : ''
}
${
  reply.sources?.length
    ? html`<p class="muted">Nguồn: ${reply.sources.map((s, i) => html`${i ? ' · ' : ''}<a href="${s.url}" rel="noreferrer">${s.title}</a>`)}</p>`
    : ''
}`;
}

function curatedForms(q: string, guideId: string | null, guides: Guide[]): Html {
  return html`<details><summary>Sửa cho lần sau</summary>
<form class="stack" method="post" action="/admin/curated/example">
<input type="hidden" name="text" value="${q}">
<label>Thêm câu này làm ví dụ của hướng dẫn</label>
<div class="row"><select name="guideId" aria-label="Hướng dẫn">${guides.map(
    (g) => html`<option value="${g.id}" ${g.id === guideId ? 'selected' : ''}>${g.title}</option>`,
  )}</select><button type="submit">Thêm ví dụ</button></div>
</form>
<form class="stack" method="post" action="/admin/curated/answer">
<input type="hidden" name="text" value="${q}">
<label>Hoặc viết câu trả lời biên soạn (bot trả lời trước khi tìm kiếm)</label>
<textarea name="reply" required aria-label="Câu trả lời biên soạn"></textarea>
<input name="sourceUrl" type="url" required placeholder="https://… nguồn chính thức" aria-label="Nguồn chính thức">
<button type="submit">Lưu câu trả lời</button>
</form>
<form class="stack" method="post" action="/admin/curated/out-of-scope">
<input type="hidden" name="text" value="${q}">
<label>Hoặc đánh dấu ngoài phạm vi, kèm lời chỉ dẫn</label>
<textarea name="reply" required aria-label="Lời chỉ dẫn"></textarea>
<button type="submit" class="secondary">Ngoài phạm vi</button>
</form>
</details>`;
}

export function inboxBody(opts: {
  who: AdminIdentity;
  groups: InboxGroup[];
  guides: Map<string, Guide>;
  tickets: Ticket[];
  ticketCounts: Record<string, number>;
}): Html {
  const { groups, guides } = opts;
  const all = [...guides.values()];
  const editor = opts.who.role === 'editor';
  const total = groups.reduce((n, g) => n + g.items.length, 0);
  return html`<h1>Hộp thư</h1>
${
  html`<h2>Yêu cầu gặp cán bộ đang mở (${opts.ticketCounts.open ?? opts.tickets.length})</h2>
${opts.tickets.length === 0 ? html`<p class="muted">Không có yêu cầu nào đang chờ.</p>` : ''}
${opts.tickets.map(
  (t) => html`<div class="card" data-testid="ticket">
<div><span class="badge warn">Phiếu #${t.id}</span><span class="badge">${CHANNEL_NAMES[t.channel] ?? t.channel}</span>
<span class="muted">${when(t.createdAt)}${t.notifiedAt ? '' : ' · chưa gửi được vào nhóm hỗ trợ'}</span></div>
<p><strong>${t.question}</strong></p>
${t.botAnswer ? html`<details><summary>Bot đã trả lời</summary><div class="reply">${t.botAnswer}</div></details>` : ''}
<form class="stack" method="post" action="/admin/tickets/${t.id}/answer">
<label for="ans-${t.id}">Trả lời người dân (gửi vào đúng kênh của họ)</label>
<textarea id="ans-${t.id}" name="text" required></textarea>
<div class="row"><button type="submit">Gửi trả lời</button></div>
</form>
<form method="post" action="/admin/tickets/${t.id}/close"><button class="secondary" type="submit">Đóng phiếu</button></form>
${editor ? curatedForms(t.question, t.guideId, all) : ''}
</div>`,
)}`
}
<h2>Câu trả lời bị chê 👎 và câu hỏi chưa trả lời được</h2>
<p class="muted">30 ngày gần đây: ${total} lượt, ${groups.length} nhóm câu hỏi giống nhau.</p>
${groups.length === 0 ? html`<div class="card">Chưa có gì cần xem. 🎉</div>` : ''}
${groups.map((g) => {
  const guide = g.guides[0] ? guides.get(g.guides[0]) : undefined;
  return html`<div class="card" data-testid="inbox-group">
<div>${g.downs ? html`<span class="badge down">👎 ${g.downs}</span>` : ''}${g.unanswered ? html`<span class="badge q">Chưa trả lời được ${g.unanswered}</span>` : ''}
<span class="badge">${g.items.length} lượt</span><span class="muted">${g.channels.map((c) => CHANNEL_NAMES[c] ?? c).join(', ')} · gần nhất ${when(g.last)}</span></div>
<p><strong>${g.question}</strong></p>
${
  g.items.length > 1
    ? html`<details><summary>Các cách hỏi (${g.items.length})</summary><ul class="plain">${g.items.slice(0, 10).map(
        (i) => html`<li>${i.text} <span class="muted">— ${i.kind === 'down' ? '👎' : 'chưa trả lời được'}, ${when(i.at)}</span></li>`,
      )}</ul></details>`
    : ''
}
${
  guide
    ? g.downs
      ? html`<details><summary>Bot đã trả lời: ${guide.title}</summary><div class="reply">${formatAnswer({ guide })}</div></details>`
      : html`<p class="muted">Bot không chắc chắn nên chưa trả lời; hướng dẫn gần nhất: ${guide.title}${
          g.items[0]?.score != null ? ` (độ tin cậy ${g.items[0].score.toFixed(2)})` : ''
        }.</p>`
    : html`<p class="muted">Không có hướng dẫn nào gần.</p>`
}
<p><a href="/admin/preview?q=${encodeURIComponent(g.question)}">Xem bot trả lời câu này bây giờ</a></p>
${editor ? curatedForms(g.question, guide?.id ?? null, all) : ''}
</div>`;
})}`;
}

export function guidesBody(opts: {
  rows: GuideUsage[];
  q: string;
  rare: boolean;
  curated: CuratedEntry[];
  editor: boolean;
}): Html {
  const never = opts.rows.filter((r) => r.chats === 0).length;
  return html`<h1>Hướng dẫn</h1>
<form class="row" method="get" action="/admin/guides" role="search">
<input name="q" value="${opts.q}" placeholder="Tìm theo tên, mã, cách hỏi…" aria-label="Tìm hướng dẫn">
<label class="muted"><input type="checkbox" name="rare" value="1" style="width:auto" ${opts.rare ? 'checked' : ''}> Chỉ hướng dẫn ít / chưa được chọn</label>
<button type="submit">Tìm</button>
</form>
<form class="row card" method="get" action="/admin/preview">
<input name="q" required placeholder="Gõ câu hỏi như người dân…" aria-label="Câu hỏi thử">
<button type="submit">Xem bot trả lời</button>
</form>
<p class="muted">${opts.rows.length} hướng dẫn · ${never} chưa từng được chọn. "Được chọn" đếm số cuộc trò chuyện bot đã đưa hướng dẫn này (mỗi cuộc nhớ 10 hướng dẫn gần nhất).</p>
<div class="table"><table>
<thead><tr><th>Hướng dẫn</th><th>Chủ đề</th><th>Kiểm tra lần cuối</th><th>Được chọn</th><th>👍/👎</th></tr></thead>
<tbody>
${opts.rows.map(
  (r) => html`<tr data-testid="guide-row">
<td><a href="/admin/guides/${encodeURIComponent(r.guide.id)}">${r.guide.title}</a><br><span class="muted">${r.guide.id}</span></td>
<td>${topicLabel(r.guide.topic)}</td>
<td>${r.checked ?? '—'}</td>
<td>${r.chats}${r.chats === 0 ? html` <span class="badge warn">chưa từng</span>` : r.chats <= RARELY ? html` <span class="badge q">ít</span>` : ''}</td>
<td>${r.up}/${r.down}</td>
</tr>`,
)}
</tbody></table></div>
${
  html`<h2>Câu trả lời biên soạn, ví dụ và đánh dấu ngoài phạm vi (${opts.curated.length})</h2>
${opts.curated.length === 0 ? html`<p class="muted">Chưa có.</p>` : ''}
${opts.curated.map(
  (e) => html`<div class="card" data-testid="curated">
<span class="badge">${e.kind === 'example' ? 'Ví dụ' : e.kind === 'answer' ? 'Câu trả lời biên soạn' : 'Ngoài phạm vi'}</span>
<span class="muted">${e.updatedBy} · ${when(e.updatedAt)}</span>
<p><strong>${e.text}</strong>${e.guideId ? html` → ${e.guideId}` : ''}</p>
${e.reply ? html`<div class="reply">${e.reply}</div>` : ''}
${e.sourceUrl ? html`<p class="muted">Nguồn: <a href="${e.sourceUrl}" rel="noreferrer">${e.sourceUrl}</a></p>` : ''}
${opts.editor ? html`<form method="post" action="/admin/curated/${e.id}/delete"><button class="danger" type="submit">Xóa</button></form>` : ''}
</div>`,
)}`
}`;
}

export function guideBody(g: Guide, usage: GuideUsage | undefined): Html {
  return html`<h1>${g.title}</h1>
<p class="muted">${g.id} · ${topicLabel(g.topic)} · kiểm tra lần cuối ${usage?.checked ?? '—'} · được chọn ${usage?.chats ?? 0} lần · 👍 ${usage?.up ?? 0} / 👎 ${usage?.down ?? 0}</p>
<h2>Bot trả lời khi chọn hướng dẫn này</h2>
<div class="reply">${formatAnswer({ guide: g })}</div>
${g.aliases.length ? html`<h2>Cách hỏi khác</h2><ul class="plain">${g.aliases.map((a) => html`<li>${a}</li>`)}</ul>` : ''}
<h2>Nguồn chính thức</h2><ul class="plain">${g.sources.map((s) => html`<li><a href="${s}" rel="noreferrer">${s}</a></li>`)}</ul>
<p class="muted">Tệp: knowledge/${g.file}</p>`;
}

export function previewBody(q: string, reply: Reply | null): Html {
  return html`<h1>Xem bot trả lời</h1>
<form class="row card" method="get" action="/admin/preview">
<input name="q" required value="${q}" placeholder="Gõ câu hỏi như người dân…" aria-label="Câu hỏi thử">
<button type="submit">Xem bot trả lời</button>
</form>
${
  reply
    ? html`<div class="card"><p class="muted">Người dân hỏi:</p><p><strong>${q}</strong></p><p class="muted">Bot trả lời (đúng như trên Telegram/Zalo, với cơ chế trả lời hiện tại):</p>${replyView(reply)}</div>`
    : ''
}`;
}

export function officersBody(opts: {
  who: AdminIdentity;
  units: UnitRow[];
  officers: OfficerRow[];
  invite?: { code: string; unitName: string; unitCode: string; expiresAt: Date } | null;
}): Html {
  return html`<h1>Cán bộ</h1>
${
  opts.invite
    ? html`<div class="card" data-testid="invite">
<p>Mã mời cho cán bộ <strong>${opts.invite.unitName}</strong> (${opts.invite.unitCode}), dùng một lần, hết hạn ${when(opts.invite.expiresAt)}:</p>
<p class="code" data-testid="invite-code">${opts.invite.code}</p>
<p>Cán bộ gửi <strong>/dangky ${opts.invite.code}</strong> cho bot (Zalo: <strong>đăng ký ${opts.invite.code}</strong>).</p>
<p class="muted">Mã chỉ hiện một lần này: hệ thống chỉ lưu bản băm của mã. Hãy chép ngay.</p>
</div>`
    : ''
}
<h2>Mời cán bộ</h2>
<form class="row card" method="post" action="/admin/officers/invite">
<div><label for="unit">Đơn vị</label><select id="unit" name="unit">${opts.units.map(
    (u) => html`<option value="${u.code}">${u.name} (${u.code})</option>`,
  )}</select></div>
<div><label for="days">Số ngày hiệu lực</label><input id="days" name="days" type="number" min="1" max="90" value="7"></div>
<button type="submit">Tạo mã mời</button>
</form>
<h2>Danh sách (${opts.officers.filter((o) => !o.revokedAt).length} đang hoạt động)</h2>
${opts.officers.length === 0 ? html`<p class="muted">Chưa có cán bộ nào đăng ký.</p>` : ''}
${opts.officers.map(
  (o) => html`<div class="card" data-testid="officer">
<strong>${o.displayName}</strong> <span class="muted">#${o.id}</span><br>
<span class="muted">${o.unitName} (${o.unitCode}) · ${o.accounts.map((a) => CHANNEL_NAMES[a.channel] ?? a.channel).join(', ') || 'chưa gắn tài khoản'} · đăng ký ${when(o.createdAt)}</span><br>
${
  o.revokedAt
    ? html`<span class="badge down">Đã thu hồi ${when(o.revokedAt)}</span>`
    : html`<span class="badge ok">Đang hoạt động</span>${o.reportEnabled ? html`<span class="badge">Nhận báo cáo nhanh</span>` : ''}
<form method="post" action="/admin/officers/${o.id}/revoke" style="margin-top:.4rem"><button class="danger" type="submit">Thu hồi quyền</button></form>`
}
</div>`,
)}`;
}

/** The console's period menu: the bot's period choices (their words and labels) a month or longer. */
export const PERIODS: [string, string][] = (['month', 'last_month', 'quarter', 'year', 'm6', 'm12'] as PeriodChoice[]).map((k) => [
  PERIOD_CHOICES[k].words,
  PERIOD_CHOICES[k].label,
]);

export function figuresBody(opts: {
  units: UnitRow[];
  unit: UnitRow;
  period: string;
  metric: string;
  metrics: [string, string][];
  text: string;
  chart: { dataUri: string; caption: string; text: string } | null;
  chartNote: string | null;
}): Html {
  return html`<h1>Số liệu</h1>
<form class="row card" method="get" action="/admin/figures">
<div><label for="unit">Đơn vị</label><select id="unit" name="unit">${opts.units.map(
    (u) => html`<option value="${u.code}" ${u.code === opts.unit.code ? 'selected' : ''}>${u.name} (${u.code})</option>`,
  )}</select></div>
<div><label for="period">Kỳ</label><select id="period" name="period">${PERIODS.map(
    ([k, label]) => html`<option value="${k}" ${k === opts.period ? 'selected' : ''}>${label}</option>`,
  )}</select></div>
<div><label for="metric">Biểu đồ</label><select id="metric" name="metric">${opts.metrics.map(
    ([k, label]) => html`<option value="${k}" ${k === opts.metric ? 'selected' : ''}>${label}</option>`,
  )}</select></div>
<button type="submit">Xem</button>
</form>
${
  opts.chart
    ? html`<div class="card"><img class="chart" src="${opts.chart.dataUri}" alt="${opts.chart.caption}" data-testid="chart">
<details><summary>Số liệu của biểu đồ</summary><div class="reply">${opts.chart.text}</div></details></div>`
    : opts.chartNote
      ? html`<div class="card muted">${opts.chartNote}</div>`
      : ''
}
<div class="card"><p class="muted">Bot trả lời cán bộ ${opts.unit.name} đúng những con số này:</p><div class="reply" data-testid="figures">${opts.text}</div></div>`;
}
