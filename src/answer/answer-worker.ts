import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { openEngine } from './index.ts';
import { toWire } from './wire.ts';

/** Runs in a worker thread: loads (or builds) the knowledge index and answers questions. */
export interface AnswerRequest {
  id: number;
  question: string;
  opts: Parameters<import('./engine.ts').GuideEngine['answer']>[1];
}

const port = parentPort!;
const { config } = workerData as { config: Config };
try {
  const { engine, status } = await openEngine(config);
  port.on('message', async (req: AnswerRequest) => {
    try {
      port.postMessage({ id: req.id, answer: toWire(await engine.answer(req.question, req.opts)) });
    } catch (err) {
      port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) });
    }
  });
  port.postMessage({ ready: status });
} catch (err) {
  port.postMessage({ failed: err instanceof Error ? err.message : String(err) });
}
