import pino from 'pino';
import type { Config } from './config';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout; pino-pretty formats them (in a worker thread) when a person is watching. */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>, name = 'agora'): Logger {
  return pino({
    name,
    level: config.logLevel,
    ...(config.logFormat === 'pretty'
      ? { transport: { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname' } } }
      : {}),
  });
}
