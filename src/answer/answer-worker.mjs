import { loadWorker } from '../worker-entry.mjs';

await loadWorker(import.meta.url, 'answer-worker');
