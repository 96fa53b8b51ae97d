/**
 * Entry of the child process that computes one model part (see runPart):
 * receives a PartTask over IPC, answers with the result and its own time and
 * peak RSS, then exits. Nothing else runs here, so the RSS is the part's
 * (plus Node's and the input's).
 */
import { computePart, type PartTask } from './parts';
import type { PartReply } from './run-part';

process.once('message', (task: PartTask) => {
  const inputRssMb = process.resourceUsage().maxRSS / 1024;
  const started = performance.now();
  let reply: PartReply;
  try {
    const result = computePart(task);
    reply = { ok: true, result, ms: performance.now() - started, peakRssMb: process.resourceUsage().maxRSS / 1024, inputRssMb };
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  process.send!(reply, () => process.disconnect());
});
