// The one confirmation prompt of the commands that change AWS (fix --apply, alarms --apply).
import { createInterface } from 'node:readline';

export interface PromptIo {
  stdin: NodeJS.ReadableStream;
  stderr: { write(chunk: string): unknown };
}

/** Asks on stderr, reads one line from stdin; only "y" or "yes" (any case) confirms. */
export async function confirm(io: PromptIo, question: string): Promise<boolean> {
  const rl = createInterface({
    input: io.stdin,
    output: io.stderr as NodeJS.WritableStream,
    terminal: false,
  });
  try {
    io.stderr.write(question);
    const answer = await new Promise<string>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(''));
    });
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
