import type { Source } from '../core/types.ts';
import type { Guide } from '../retrieval/guides.ts';

/**
 * How an answer cites a guide. Its own module so the main thread (which only relays answers from
 * the worker threads) never loads the engine and, with it, LangChain's retriever stack.
 */
export function sourceOf(g: Guide): Source {
  return { id: g.id, title: g.title, topic: g.topic, url: g.url };
}
