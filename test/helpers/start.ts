import { type ChildProcess, spawn } from 'node:child_process';
import { BIN, cliEnv } from './cli.ts';

export interface StartedBot {
  proc: ChildProcess;
  /** The HTTP port `start` printed (PORT=0 picks a free one). */
  port: number;
  exited: Promise<number | null>;
  /** Everything it wrote to stderr (its log) so far. */
  stderr: () => string;
}

/**
 * Runs `start --no-chat` as its own process, as a deployment does, and resolves once it prints
 * its /healthz address; rejects with what it printed if it exits or takes over two minutes first.
 */
export async function spawnStart(dataDir: string, databaseUrl: string | undefined, env: Record<string, string>): Promise<StartedBot> {
  const proc = spawn(process.execPath, [BIN, 'start', '--no-chat'], {
    env: cliEnv(dataDir, databaseUrl, { PORT: '0', HOST: '127.0.0.1', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`start did not come up: ${stderr}`)), 120_000);
    proc.stderr!.on('data', (d) => {
      stderr += String(d);
      const m = /127\.0\.0\.1:(\d+)\/healthz/.exec(stderr);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    });
    void exited.then((code) => reject(new Error(`start exited ${code}: ${stderr}`)));
  });
  return { proc, port, exited, stderr: () => stderr };
}
