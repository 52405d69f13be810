/**
 * Aliases were written from the development messages, so dev passes on its own wording where
 * unseen messages do not (0.88 against 0.53 when this was written). Dropping, before indexing, each
 * alias that repeats a run of the scored messages' syllables makes dev behave more like messages
 * nobody tuned on: bench/real-dev.ts scores that way with --unleak, bench/calibrate.ts fits the
 * confidence cut that way.
 */
import type { Guide } from '../src/retrieval/guides.ts';
import { foldedSyllables } from '../src/text/analyze.ts';
import { STOPWORDS } from '../src/text/stopwords.ts';

/** Drops from `guides` (in place) each alias repeating at least `share` of its length of one of `texts`; returns how many. */
export function unleakAliases(guides: Guide[], texts: readonly string[], share: number): number {
  const scored = texts.map((t) => foldedSyllables(t));
  let dropped = 0;
  for (const g of guides) {
    const kept = g.aliases.filter((a) => !scored.some((w) => repeats(foldedSyllables(a), w, share)));
    dropped += g.aliases.length - kept.length;
    g.aliases = kept;
  }
  return dropped;
}

/**
 * Does `alias` repeat a run of `message` (both folded syllables) at least `share` of its length?
 * The run is 4 syllables and 2 content words at least: shorter ones are common phrasing, not a copy.
 */
export function repeats(alias: readonly string[], message: readonly string[], share: number): boolean {
  let best = 0;
  let end = 0;
  const prev = new Int32Array(message.length + 1);
  for (let i = 1; i <= alias.length; i++) {
    let diag = 0;
    for (let j = 1; j <= message.length; j++) {
      const up = prev[j]!;
      prev[j] = alias[i - 1] === message[j - 1] ? diag + 1 : 0;
      if (prev[j]! > best) [best, end] = [prev[j]!, i];
      diag = up;
    }
  }
  const run = alias.slice(end - best, end);
  return best >= Math.max(4, share * alias.length) && run.filter((x) => !STOPWORDS.has(x)).length >= 2;
}
