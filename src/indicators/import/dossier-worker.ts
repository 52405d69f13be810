import { parentPort, workerData } from 'node:worker_threads';
import { type ValidateOptions, validateDossiers } from './dossier-rows.ts';

/**
 * Worker side of a file import: parses and validates while the main thread writes the previous
 * batch, so on two cores reading and writing overlap. At most `MAX_AHEAD` batches wait unwritten.
 */
const MAX_AHEAD = 2;

interface Input extends ValidateOptions {
  path: string;
  units: string[];
}

const port = parentPort!;
const input = workerData as Input;
let ahead = 0;
let wake: (() => void) | null = null;
port.on('message', (m: string) => {
  if (m === 'ack') {
    ahead--;
    wake?.();
    wake = null;
  }
});

try {
  for await (const message of validateDossiers(input.path, new Set(input.units), input)) {
    port.postMessage(message);
    if (message.type === 'batch' && ++ahead >= MAX_AHEAD) await new Promise<void>((r) => (wake = r));
  }
} catch (err) {
  port.postMessage({ type: 'failed', error: err });
}
port.close();
