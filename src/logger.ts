import pino from 'pino';
import type { Config } from './config';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout; `npm start` pipes them through pino-pretty when a person is watching. */
export function createLogger(config: Pick<Config, 'logLevel'>, name = 'agora'): Logger {
  return pino({ name, level: config.logLevel });
}
