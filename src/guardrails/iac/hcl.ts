// A small HCL (Terraform native syntax) reader: blocks, attributes and expressions with line
// numbers. It reads the whole language's structure but only gives meaning to what the IaC linter
// needs (literals, lists, objects, references, a few functions); everything else stays an opaque
// expression that evaluates to "unknown". Written here because the npm HCL parsers either drop
// source positions (which the linter must report) or ship a compiled Go runtime.

export type HclExpr =
  | { type: 'literal'; value: string | number | boolean | null; line: number }
  | { type: 'template'; parts: (string | HclExpr)[]; directive: boolean; line: number }
  | { type: 'tuple'; items: HclExpr[]; line: number }
  | { type: 'object'; items: { key: string | undefined; value: HclExpr }[]; line: number }
  | { type: 'traversal'; root: string; steps: TraversalStep[]; line: number }
  | { type: 'call'; name: string; args: HclExpr[]; line: number }
  | { type: 'conditional'; whenTrue: HclExpr; whenFalse: HclExpr; line: number }
  /** Operators, for expressions, splats: computed at plan or apply time. */
  | { type: 'computed'; what: string; line: number };

export type TraversalStep = { attr: string } | { index: HclExpr } | { splat: true };

export interface HclAttribute {
  name: string;
  expr: HclExpr;
  line: number;
}

export interface HclBlock {
  type: string;
  labels: string[];
  body: HclBody;
  line: number;
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'HclSyntaxError';
  }
}

type TokenKind = 'ident' | 'number' | 'string' | 'punct' | 'newline' | 'eof';
interface Token {
  kind: TokenKind;
  text: string;
  line: number;
  /** For strings and heredocs: literal text and interpolation sources, in order. */
  parts?: TemplatePart[];
  directive?: boolean;
}
type TemplatePart = string | { source: string; line: number };

const PUNCTUATION = ['...', '==', '!=', '<=', '>=', '&&', '||', '=>', '::', ...'{}[]()=,.:?!+-*/%<>'];

function isIdentStart(ch: string): boolean {
  return /[A-Za-z_]/.test(ch);
}
function isIdentPart(ch: string): boolean {
  return /[A-Za-z0-9_-]/.test(ch);
}

/** Finds the `}` closing an interpolation that starts at `start` (just after `${`). */
function closingBrace(src: string, start: number, line: number): number {
  let depth = 1;
  for (let i = start; i < src.length; i++) {
    const ch = src[i];
    if (ch === '"') {
      i = skipQuoted(src, i, line);
    } else if (ch === '{') {
      depth++;
    } else if (ch === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new HclSyntaxError('unterminated template interpolation', line);
}

/** Returns the index of the closing quote of the string starting at `start`. */
function skipQuoted(src: string, start: number, line: number): number {
  for (let i = start + 1; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') i++;
    else if (ch === '$' && src[i + 1] === '{') i = closingBrace(src, i + 2, line);
    else if (ch === '"') return i;
    else if (ch === '\n') break;
  }
  throw new HclSyntaxError('unterminated string', line);
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };

/** Splits template text into literal chunks and interpolation sources. */
function templateParts(
  text: string,
  line: number,
  unescape: boolean,
): { parts: TemplatePart[]; directive: boolean } {
  const parts: TemplatePart[] = [];
  let literal = '';
  let directive = false;
  let currentLine = line;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') currentLine++;
    if (unescape && ch === '\\') {
      const next = text[i + 1] ?? '';
      if (next === 'u' || next === 'U') {
        const width = next === 'u' ? 4 : 8;
        literal += String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + width), 16));
        i += 1 + width;
      } else {
        literal += ESCAPES[next] ?? next;
        i++;
      }
    } else if ((ch === '$' || ch === '%') && text[i + 1] === ch && text[i + 2] === '{') {
      literal += `${ch}{`; // $${ and %%{ are escapes for a literal ${ and %{
      i += 2;
    } else if ((ch === '$' || ch === '%') && text[i + 1] === '{') {
      const end = closingBrace(text, i + 2, currentLine);
      if (literal) parts.push(literal);
      literal = '';
      if (ch === '%') directive = true;
      else parts.push({ source: text.slice(i + 2, end).replace(/^~|~$/g, ''), line: currentLine });
      currentLine += (text.slice(i, end).match(/\n/g) ?? []).length;
      i = end;
    } else {
      literal += ch;
    }
  }
  if (literal || parts.length === 0) parts.push(literal);
  return { parts, directive };
}

export function tokenize(src: string, firstLine = 1): Token[] {
  const tokens: Token[] = [];
  let line = firstLine;
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\n') {
      tokens.push({ kind: 'newline', text: '\n', line });
      line++;
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\uFEFF') {
      i++;
    } else if (ch === '#' || (ch === '/' && src[i + 1] === '/')) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (ch === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new HclSyntaxError('unterminated /* comment', line);
      line += (src.slice(i, end).match(/\n/g) ?? []).length;
      i = end + 2;
    } else if (ch === '"') {
      const end = skipQuoted(src, i, line);
      const { parts, directive } = templateParts(src.slice(i + 1, end), line, true);
      tokens.push({ kind: 'string', text: src.slice(i, end + 1), line, parts, directive });
      line += (src.slice(i, end).match(/\n/g) ?? []).length;
      i = end + 1;
    } else if (ch === '<' && src[i + 1] === '<' && /^<<-?[A-Za-z_]/.test(src.slice(i, i + 4))) {
      const header = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\r?\n/.exec(src.slice(i));
      if (!header) throw new HclSyntaxError('invalid heredoc header', line);
      const marker = header[2]!;
      const bodyStart = i + header[0].length;
      const closing = new RegExp(`^[ \\t]*${marker}[ \\t]*$`, 'm');
      const rest = src.slice(bodyStart);
      const match = closing.exec(rest);
      if (!match) throw new HclSyntaxError(`heredoc ${marker} is not closed`, line);
      const body = rest.slice(0, match.index);
      const { parts, directive } = templateParts(body, line + 1, false);
      tokens.push({ kind: 'string', text: body, line, parts, directive });
      line += 1 + (body.match(/\n/g) ?? []).length;
      i = bodyStart + match.index + match[0].length;
    } else if (/[0-9]/.test(ch)) {
      const match = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i))!;
      tokens.push({ kind: 'number', text: match[0], line });
      i += match[0].length;
    } else if (isIdentStart(ch)) {
      let j = i + 1;
      while (j < src.length && isIdentPart(src[j]!)) j++;
      tokens.push({ kind: 'ident', text: src.slice(i, j), line });
      i = j;
    } else {
      const punct = PUNCTUATION.find((p) => src.startsWith(p, i));
      if (!punct) throw new HclSyntaxError(`unexpected character ${JSON.stringify(ch)}`, line);
      tokens.push({ kind: 'punct', text: punct, line });
      i += punct.length;
    }
  }
  tokens.push({ kind: 'eof', text: '', line });
  return tokens;
}

const BINARY_OPERATORS = new Set(['==', '!=', '<=', '>=', '<', '>', '&&', '||', '+', '-', '*', '/', '%']);

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }
  private next(): Token {
    const token = this.tokens[this.pos]!;
    if (token.kind !== 'eof') this.pos++;
    return token;
  }
  private isPunct(text: string): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.text === text;
  }
  private expectPunct(text: string): Token {
    const token = this.next();
    if (token.kind !== 'punct' || token.text !== text) {
      throw new HclSyntaxError(`expected '${text}' but found ${describe(token)}`, token.line);
    }
    return token;
  }
  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.pos++;
  }

  body(closing: '}' | 'eof'): HclBody {
    const body: HclBody = { attributes: [], blocks: [] };
    for (;;) {
      this.skipNewlines();
      const token = this.peek();
      if (closing === 'eof' && token.kind === 'eof') return body;
      if (closing === '}' && this.isPunct('}')) return body;
      if (token.kind !== 'ident')
        throw new HclSyntaxError(`expected an attribute or block, found ${describe(token)}`, token.line);
      this.next();
      if (this.isPunct('=')) {
        this.next();
        body.attributes.push({ name: token.text, expr: this.expression(), line: token.line });
        this.endOfItem();
        continue;
      }
      const labels: string[] = [];
      while (this.peek().kind === 'ident' || this.peek().kind === 'string') {
        const label = this.next();
        labels.push(label.kind === 'string' ? literalText(label) : label.text);
      }
      this.expectPunct('{');
      const inner = this.body('}');
      this.expectPunct('}');
      body.blocks.push({ type: token.text, labels, body: inner, line: token.line });
      this.endOfItem();
    }
  }

  private endOfItem(): void {
    const token = this.peek();
    if (token.kind === 'newline' || token.kind === 'eof' || this.isPunct('}')) return;
    throw new HclSyntaxError(`expected a new line after the item, found ${describe(token)}`, token.line);
  }

  expression(): HclExpr {
    const first = this.operation();
    if (!this.isPunct('?')) return first;
    this.next();
    this.skipNewlines();
    const whenTrue = this.expression();
    this.skipNewlines();
    this.expectPunct(':');
    this.skipNewlines();
    const whenFalse = this.expression();
    return { type: 'conditional', whenTrue, whenFalse, line: first.line };
  }

  private operation(): HclExpr {
    let left = this.unary();
    while (this.peek().kind === 'punct' && BINARY_OPERATORS.has(this.peek().text)) {
      const operator = this.next().text;
      this.skipNewlines();
      this.unary();
      left = { type: 'computed', what: `an expression using '${operator}'`, line: left.line };
    }
    return left;
  }

  private unary(): HclExpr {
    if (this.isPunct('-') || this.isPunct('!')) {
      const operator = this.next();
      const operand = this.unary();
      if (operator.text === '-' && operand.type === 'literal' && typeof operand.value === 'number') {
        return { ...operand, value: -operand.value };
      }
      return { type: 'computed', what: `an expression using '${operator.text}'`, line: operator.line };
    }
    return this.postfix(this.primary());
  }

  private postfix(expr: HclExpr): HclExpr {
    let current = expr;
    for (;;) {
      if (this.isPunct('.')) {
        this.next();
        const token = this.next();
        const step: TraversalStep =
          token.kind === 'punct' && token.text === '*'
            ? { splat: true }
            : token.kind === 'ident' || token.kind === 'number'
              ? { attr: token.text }
              : fail(`expected an attribute name after '.', found ${describe(token)}`, token.line);
        current = appendStep(current, step);
      } else if (this.isPunct('[')) {
        this.next();
        this.skipNewlines();
        if (this.isPunct('*')) {
          this.next();
          this.skipNewlines();
          this.expectPunct(']');
          current = appendStep(current, { splat: true });
        } else {
          const index = this.expression();
          this.skipNewlines();
          this.expectPunct(']');
          current = appendStep(current, { index });
        }
      } else {
        return current;
      }
    }
  }

  private primary(): HclExpr {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return { type: 'literal', value: Number(token.text), line: token.line };
      case 'string':
        return templateExpr(token);
      case 'ident':
        if (token.text === 'true' || token.text === 'false')
          return { type: 'literal', value: token.text === 'true', line: token.line };
        if (token.text === 'null') return { type: 'literal', value: null, line: token.line };
        if (this.isPunct('(') || this.isPunct('::')) return this.call(token);
        return { type: 'traversal', root: token.text, steps: [], line: token.line };
      case 'punct':
        if (token.text === '[') return this.tuple(token);
        if (token.text === '{') return this.object(token);
        if (token.text === '(') {
          this.skipNewlines();
          const inner = this.expression();
          this.skipNewlines();
          this.expectPunct(')');
          return inner;
        }
        break;
      default:
        break;
    }
    throw new HclSyntaxError(`expected an expression, found ${describe(token)}`, token.line);
  }

  private call(nameToken: Token): HclExpr {
    let name = nameToken.text;
    while (this.isPunct('::')) {
      this.next();
      name += `::${this.next().text}`;
    }
    this.expectPunct('(');
    const args: HclExpr[] = [];
    let expanded = false;
    for (;;) {
      this.skipNewlines();
      if (this.isPunct(')')) break;
      args.push(this.expression());
      this.skipNewlines();
      if (this.isPunct('...')) {
        this.next();
        expanded = true;
        this.skipNewlines();
      }
      if (this.isPunct(',')) this.next();
      else if (!this.isPunct(')'))
        throw new HclSyntaxError(
          `expected ',' or ')' in call to ${name}, found ${describe(this.peek())}`,
          this.peek().line,
        );
    }
    this.expectPunct(')');
    if (expanded)
      return {
        type: 'computed',
        what: `a call to ${name}(...) with expanded arguments`,
        line: nameToken.line,
      };
    return { type: 'call', name, args, line: nameToken.line };
  }

  /** Skips a `for` expression up to its closing bracket; its result is computed. */
  private skipFor(open: Token, close: string): HclExpr {
    let depth = 1;
    for (;;) {
      const token = this.next();
      if (token.kind === 'eof') throw new HclSyntaxError(`unterminated for expression`, open.line);
      if (token.kind === 'punct' && (token.text === '[' || token.text === '{' || token.text === '(')) depth++;
      if (token.kind === 'punct' && (token.text === ']' || token.text === '}' || token.text === ')')) {
        depth--;
        if (depth === 0) {
          if (token.text !== close)
            throw new HclSyntaxError(`expected '${close}' to close the for expression`, token.line);
          return { type: 'computed', what: 'a for expression', line: open.line };
        }
      }
    }
  }

  private tuple(open: Token): HclExpr {
    this.skipNewlines();
    if (this.peek().kind === 'ident' && this.peek().text === 'for') return this.skipFor(open, ']');
    const items: HclExpr[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.isPunct(']')) break;
      items.push(this.expression());
      this.skipNewlines();
      if (this.isPunct(',')) this.next();
      else if (!this.isPunct(']'))
        throw new HclSyntaxError(
          `expected ',' or ']' in a list, found ${describe(this.peek())}`,
          this.peek().line,
        );
    }
    this.expectPunct(']');
    return { type: 'tuple', items, line: open.line };
  }

  private object(open: Token): HclExpr {
    this.skipNewlines();
    if (this.peek().kind === 'ident' && this.peek().text === 'for') return this.skipFor(open, '}');
    const items: { key: string | undefined; value: HclExpr }[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.isPunct('}')) break;
      const keyExpr = this.expression();
      const key =
        keyExpr.type === 'traversal' && keyExpr.steps.length === 0
          ? keyExpr.root
          : keyExpr.type === 'template' && keyExpr.parts.every((part) => typeof part === 'string')
            ? keyExpr.parts.join('')
            : undefined;
      if (!this.isPunct('=') && !this.isPunct(':'))
        throw new HclSyntaxError(
          `expected '=' after an object key, found ${describe(this.peek())}`,
          this.peek().line,
        );
      this.next();
      this.skipNewlines();
      items.push({ key, value: this.expression() });
      if (this.isPunct(',')) {
        this.next();
        continue;
      }
      const after = this.peek();
      if (after.kind !== 'newline' && !this.isPunct('}'))
        throw new HclSyntaxError(
          `expected a new line, ',' or '}' in an object, found ${describe(after)}`,
          after.line,
        );
    }
    this.expectPunct('}');
    return { type: 'object', items, line: open.line };
  }
}

function fail(message: string, line: number): never {
  throw new HclSyntaxError(message, line);
}

function describe(token: Token): string {
  if (token.kind === 'eof') return 'the end of the file';
  if (token.kind === 'newline') return 'a new line';
  return `'${token.text}'`;
}

function literalText(token: Token): string {
  return (token.parts ?? []).map((part) => (typeof part === 'string' ? part : `\${${part.source}}`)).join('');
}

function appendStep(expr: HclExpr, step: TraversalStep): HclExpr {
  if (expr.type === 'traversal' && 'splat' in step)
    return { type: 'computed', what: 'a splat expression', line: expr.line };
  if (expr.type === 'traversal') return { ...expr, steps: [...expr.steps, step] };
  return { type: 'computed', what: 'an attribute or index of a computed value', line: expr.line };
}

function templateExpr(token: Token): HclExpr {
  const parts = (token.parts ?? []).map((part): string | HclExpr => {
    if (typeof part === 'string') return part;
    const parser = new Parser(tokenize(part.source, part.line).filter((t) => t.kind !== 'newline'));
    return parser.expression();
  });
  return { type: 'template', parts, directive: token.directive === true, line: token.line };
}

/** Parses a .tf or .tfvars file. Throws HclSyntaxError with the line on invalid syntax. */
export function parseHcl(source: string): HclBody {
  return new Parser(tokenize(source)).body('eof');
}

export function findAttribute(body: HclBody, name: string): HclAttribute | undefined {
  return body.attributes.find((attribute) => attribute.name === name);
}

export function findBlocks(body: HclBody, type: string): HclBlock[] {
  return body.blocks.filter((block) => block.type === type);
}
