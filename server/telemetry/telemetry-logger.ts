/**
 * The few log calls the telemetry adapters make. A pino logger fits as is; the default writes warnings
 * and errors to the console, because a dead-lettered batch must never go unnoticed.
 */
export interface TelemetryLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const consoleTelemetryLogger: TelemetryLogger = {
  info: () => {},
  warn: (details, message) => console.warn(`[telemetry] ${message}`, details),
  error: (details, message) => console.error(`[telemetry] ${message}`, details),
};
