import type { ScanResult } from '../model/types.js';

export interface FormatOptions {
  /** ANSI colour; the CLI decides with shouldUseColor (NO_COLOR, FORCE_COLOR, TTY). Machine formats ignore it. */
  color: boolean;
}

/** A formatter is a pure function of one scan result: no IO, no clock, same input -> same output. */
export type Formatter = (result: ScanResult, options: FormatOptions) => string;
