/** Why the simulator cannot start: a code for scripts and a sentence a person can act on. */
export type SimulatorErrorCode =
  | 'region_file'
  | 'scenario_file'
  | 'scenario_not_found'
  | 'bad_option'
  | 'broker_unreachable';

export class SimulatorError extends Error {
  readonly code: SimulatorErrorCode;

  constructor(code: SimulatorErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SimulatorError';
    this.code = code;
  }
}
