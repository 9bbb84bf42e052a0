import type { ScanResult, ScanSource } from '../model/types.js';

export interface FormatOptions {
  /** ANSI colour; the CLI decides with shouldUseColor (NO_COLOR, FORCE_COLOR, TTY). Machine formats ignore it. */
  color: boolean;
}

/** A formatter is a pure function of one scan result: no IO, no clock, same input -> same output. */
export type Formatter = (result: ScanResult, options: FormatOptions) => string;

/**
 * The same output as the format's Formatter, as chunks, from a source whose findings may be produced one at a
 * time: the scan writes a large estate without holding every finding, or the whole document, in memory.
 */
export type StreamFormatter = (source: ScanSource, options: FormatOptions) => Iterable<string>;
