/** Logging for the host: a problem with one file is told once, not on every re-read. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** Logs a warning the first time `key` is seen. */
  warnOnce(key: string, message: string): void;
}

export function createLogger(write: (level: 'info' | 'warn', message: string) => void): Logger {
  const told = new Set<string>();
  return {
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    warnOnce: (key, message) => {
      if (told.has(key)) return;
      told.add(key);
      write('warn', message);
    },
  };
}
