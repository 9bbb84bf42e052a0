/** A scenario that cannot be loaded; the message is one line: `file: path.inside: problem, expected ...`. */
export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${file}: ${path ? `${path}: ` : ''}${problem}`);
    this.name = 'ScenarioError';
  }
}
