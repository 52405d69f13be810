// README § Architecture shows how a skill is added, with dossier status as the model. This keeps the
// recipe true: the code it shows is the module's own, and the module is registered by the one line shown.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

describe('README "Add a skill"', () => {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('### Add a skill'), readme.indexOf('### Add a metric'));
  const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('shows the dossier status module as it is', () => {
    expect(blocks).toHaveLength(2);
    const module = read('src/dossiers/status-skill.ts');
    // Every line of code shown (not the elided body, not comments) is in the module.
    const lines = blocks[0]!
      .split('\n')
      .map((l) => l.replace(/\s*\/\/.*$/, '').trim())
      .filter((l) => l && !l.includes('…') && !l.startsWith('/**') && l !== '}' && l !== '};');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(module, line).toContain(line);
  });

  it('registers it with the one line shown, in assembleApp', () => {
    const line = blocks[1]!.split('\n').find((l) => l.includes('dossierStatus('))!.trim();
    const app = read('src/app.ts');
    const assemble = app.slice(app.indexOf('export async function assembleApp'));
    expect(assemble).toContain(line);
  });
});
