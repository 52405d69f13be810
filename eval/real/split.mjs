// Assigns `split` from a hash of the id so nobody picks which messages are held out (40 %).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
export const splitOf = (id) => (createHash('sha1').update(id).digest()[0] < 102 ? 'heldout' : 'dev');

for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
  const lines = readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l.trim());
  const out = lines.map((l, i) => {
    const o = JSON.parse(l);
    if (!o.id) throw new Error(`${f}:${i + 1}: no id`);
    return JSON.stringify({ ...o, split: splitOf(o.id) });
  });
  writeFileSync(join(dir, f), `${out.join('\n')}\n`);
}
