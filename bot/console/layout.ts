import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { type AdminIdentity, canSee, ROLE_NAMES } from '../../src/admin/accounts.ts';
import { vnFormat } from '../../src/time/vietnam.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

// One small stylesheet, phone first: one column, large touch targets, no script.
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1b1f24;background:#f4f6f8}
header{background:#0b5394;color:#fff;padding:.6rem 1rem}
header .brand{font-weight:700;font-size:1.1rem}
header .who{font-size:.85rem;opacity:.9}
nav{display:flex;flex-wrap:wrap;gap:.25rem;padding:.4rem .6rem;background:#fff;border-bottom:1px solid #d0d7de}
nav a{padding:.5rem .75rem;border-radius:.4rem;text-decoration:none;color:#0b5394;font-weight:600}
nav a.on{background:#0b5394;color:#fff}
nav form{margin-left:auto}
main{max-width:960px;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.2rem 0 1rem}
h2{font-size:1.1rem;margin:1.2rem 0 .5rem}
.card{background:#fff;border:1px solid #d0d7de;border-radius:.6rem;padding:.8rem 1rem;margin:0 0 .8rem}
.muted{color:#57606a;font-size:.9rem}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-size:.8rem;font-weight:600;background:#eaeef2;margin-right:.25rem}
.badge.down{background:#ffebe9;color:#a40e26}.badge.q{background:#fff8c5;color:#7d4e00}.badge.ok{background:#dafbe1;color:#116329}
.badge.warn{background:#fff1e5;color:#953800}
.reply{white-space:pre-wrap;background:#f6f8fa;border-left:4px solid #0b5394;padding:.6rem .8rem;border-radius:.3rem;font-size:.95rem;overflow-wrap:anywhere}
.buttons{display:flex;flex-wrap:wrap;gap:.3rem;margin-top:.4rem}
.buttons span{border:1px solid #0b5394;color:#0b5394;border-radius:.4rem;padding:.2rem .5rem;font-size:.85rem}
form.stack{display:grid;gap:.5rem}
label{font-weight:600;font-size:.9rem}
input,select,textarea{font:inherit;padding:.55rem .6rem;border:1px solid #8c959f;border-radius:.4rem;width:100%;background:#fff}
textarea{min-height:5rem}
button{font:inherit;font-weight:600;padding:.55rem 1rem;border:0;border-radius:.4rem;background:#0b5394;color:#fff;cursor:pointer}
button.secondary{background:#eaeef2;color:#1b1f24}
button.danger{background:#cf222e}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
.row>*{flex:1 1 10rem}
.row>button{flex:0 0 auto}
.flash{padding:.7rem 1rem;border-radius:.5rem;margin-bottom:1rem;background:#dafbe1;border:1px solid #4ac26b}
.flash.error{background:#ffebe9;border-color:#ff8182}
.code{font:700 1.6rem/1.2 ui-monospace,monospace;letter-spacing:.1em;background:#fff;border:2px dashed #0b5394;padding:.5rem 1rem;display:inline-block;border-radius:.4rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid #d0d7de;vertical-align:top;font-size:.92rem}
.table{overflow-x:auto}
img.chart{max-width:100%;height:auto;border:1px solid #d0d7de;border-radius:.4rem;background:#fff}
details summary{cursor:pointer;color:#0b5394;font-weight:600}
ul.plain{padding-left:1.1rem;margin:.3rem 0}
a{color:#0b5394}
`;

const SECTIONS = [
  ['inbox', '/admin/inbox', 'Hộp thư'],
  ['guides', '/admin/guides', 'Hướng dẫn'],
  ['officers', '/admin/officers', 'Cán bộ'],
  ['figures', '/admin/figures', 'Số liệu'],
] as const;

export type Section = (typeof SECTIONS)[number][0];

export function page(opts: {
  title: string;
  who?: AdminIdentity | null;
  active?: Section;
  flash?: { text: string; error?: boolean } | null;
  body: Html;
}): Html {
  const { who } = opts;
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${opts.title} · Trợ lý DVC</title>
<style>${raw(CSS)}</style>
</head>
<body>
<header><div class="brand">Trợ lý DVC · Quản trị</div>${
    who
      ? html`<div class="who">${who.username} — ${ROLE_NAMES[who.role]}${who.unitName ? html`, ${who.unitName}` : ''}</div>`
      : ''
  }</header>
${
  who
    ? html`<nav>${SECTIONS.filter(([s]) => canSee(who, s)).map(
        ([s, href, label]) => html`<a href="${href}" class="${opts.active === s ? 'on' : ''}">${label}</a>`,
      )}<form method="post" action="/admin/logout"><button class="secondary" type="submit">Đăng xuất</button></form></nav>`
    : ''
}
<main>
${opts.flash ? html`<div class="flash${opts.flash.error ? ' error' : ''}" role="status">${opts.flash.text}</div>` : ''}
${opts.body}
</main>
</body>
</html>`;
}

/** "14:05 27/11/2026" in Vietnam time. */
export function when(d: Date): string {
  return vnFormat(d, 'HH:mm dd/MM/yyyy');
}

export const CHANNEL_NAMES: Record<string, string> = { telegram: 'Telegram', zalo: 'Zalo', cli: 'Dòng lệnh', test: 'Thử' };
