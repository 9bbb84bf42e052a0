// Values from AWS (tags, names, descriptions, status and error messages) are untrusted: printed raw, a tag could
// clear the screen, move the cursor, or start a new line that fakes "Coverage: complete". Every such value goes
// through terminalSafe before it reaches a terminal.

// C0 controls, DEL, C1 controls (incl. the 8-bit CSI \x9b), line/paragraph separators and bidi overrides.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Replaces every control or layout-changing character with a visible escape such as \x1b or \n. */
export function terminalSafe(value: string): string {
  return value.replace(UNSAFE, (ch) => {
    const named = NAMED[ch];
    if (named !== undefined) return named;
    const code = ch.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * Whether to colour output: NO_COLOR (non-empty, https://no-color.org) wins, then FORCE_COLOR, then whether
 * the stream is a terminal. The CLI passes the result to formatters as `color`.
 */
export function shouldUseColor(env: Record<string, string | undefined>, isTTY: boolean | undefined): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return isTTY === true;
}
