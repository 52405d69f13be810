import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { openEngine } from './index.ts';
import { type AnswerRequest, type ExamplesRequest, toWire } from './wire.ts';

// Runs in a worker thread: loads (or builds) the knowledge index and answers questions.

const port = parentPort!;
const { config, examples } = workerData as { config: Config; examples?: Record<string, string[]> };
try {
  const { engine, status } = await openEngine(config);
  if (examples && Object.keys(examples).length > 0) await engine.useExamples(examples);
  port.on('message', async (req: AnswerRequest | ExamplesRequest) => {
    try {
      if ('examples' in req) {
        await engine.useExamples(req.examples);
        port.postMessage({ id: req.id, done: true });
        return;
      }
      port.postMessage({ id: req.id, answer: toWire(await engine.answer(req.question, req.opts)) });
    } catch (err) {
      port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) });
    }
  });
  port.postMessage({ ready: status });
} catch (err) {
  port.postMessage({ failed: err instanceof Error ? err.message : String(err) });
}
