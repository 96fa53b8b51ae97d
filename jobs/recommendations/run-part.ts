import { fork } from 'node:child_process';
import path from 'node:path';
import type { PartName, PartResult, PartTask } from './parts';

export type PartReply = { ok: true; result: PartResult; ms: number; peakRssMb: number; inputRssMb: number } | { ok: false; error: string };

export interface PartRun {
  part: PartName;
  result: PartResult;
  /** Computation time inside the child. */
  ms: number;
  /** Including the child's start and the transfer of input and result. */
  wallMs: number;
  /** The child's peak resident set: Node, the input and the computation. */
  peakRssMb: number;
  /** The child's peak RSS once the input had arrived, before computing. */
  inputRssMb: number;
}

/**
 * Computes one model part in a child process. The CPU-bound work never runs
 * on the caller's event loop, so a Bull worker keeps renewing its job locks
 * and serving other jobs meanwhile; and each part's peak RSS is measured on
 * its own. Input and result travel by structured clone ('advanced'
 * serialization keeps typed arrays typed).
 */
export function runPart(task: PartTask): Promise<PartRun> {
  const entry = path.join(__dirname, `part-process${path.extname(__filename)}`);
  // Under tsx (development, tests, the CLI) the child needs the loader too.
  const execArgv = path.extname(__filename) === '.ts' ? ['--import', 'tsx'] : [];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = fork(entry, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let reply: PartReply | null = null;
    child.once('message', (message: PartReply) => (reply = message));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (reply === null) return reject(new Error(`model part ${task.part} died (exit ${code ?? signal}) before answering`));
      if (!reply.ok) return reject(new Error(`model part ${task.part} failed: ${reply.error}`));
      const { result, ms, peakRssMb, inputRssMb } = reply;
      resolve({ part: task.part, result, ms, wallMs: performance.now() - started, peakRssMb, inputRssMb });
    });
    child.send(task);
  });
}
