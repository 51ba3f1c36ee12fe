/**
 * A tiny arithmetic language for the `arithmetic` check of a claim: numbers (`1e12`, `0.5`), named
 * variables, `+ - * / ^`, parentheses, unary minus and the functions `min`, `max`, `abs`, `sqrt`.
 * Parsing is separate from evaluation so a claim file is validated once, and the printer can show the
 * expression with the values substituted (the working of a verdict).
 */

export type Expression =
  | { readonly type: "num"; readonly value: number }
  | { readonly type: "var"; readonly name: string }
  | { readonly type: "neg"; readonly arg: Expression }
  | {
      readonly type: "bin";
      readonly op: "+" | "-" | "*" | "/" | "^";
      readonly left: Expression;
      readonly right: Expression;
    }
  | { readonly type: "call"; readonly fn: ExpressionFunction; readonly args: readonly Expression[] };

export const EXPRESSION_FUNCTIONS = ["min", "max", "abs", "sqrt"] as const;
export type ExpressionFunction = (typeof EXPRESSION_FUNCTIONS)[number];

/** A malformed expression, or one that cannot be evaluated (unknown variable, division by zero). */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExpressionError";
  }
}

type Token =
  | { readonly kind: "num"; readonly value: number; readonly at: number }
  | { readonly kind: "id"; readonly name: string; readonly at: number }
  | { readonly kind: "op"; readonly op: string; readonly at: number };

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*/;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const space = /^\s+/.exec(rest);
    if (space !== null) {
      i += space[0].length;
      continue;
    }
    const num = NUMBER.exec(rest);
    if (num !== null) {
      tokens.push({ kind: "num", value: Number(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    const id = IDENTIFIER.exec(rest);
    if (id !== null) {
      tokens.push({ kind: "id", name: id[0], at: i });
      i += id[0].length;
      continue;
    }
    const ch = rest.charAt(0);
    if ("+-*/^(),".includes(ch)) {
      tokens.push({ kind: "op", op: ch, at: i });
      i += 1;
      continue;
    }
    throw new ExpressionError(`unexpected character '${ch}' at position ${i + 1}`);
  }
  return tokens;
}

/** Parses an expression; throws {@link ExpressionError} naming the position of the first problem. */
export function parseExpression(source: string): Expression {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (op: string): boolean => {
    const t = peek();
    return t !== undefined && t.kind === "op" && t.op === op;
  };
  const where = () => {
    const t = peek();
    return t === undefined ? "at the end" : `at position ${t.at + 1}`;
  };
  const expect = (op: string) => {
    if (!isOp(op)) throw new ExpressionError(`expected '${op}' ${where()}`);
    pos += 1;
  };

  function expression(): Expression {
    let left = term();
    while (isOp("+") || isOp("-")) {
      const op = isOp("+") ? "+" : "-";
      pos += 1;
      left = { type: "bin", op, left, right: term() };
    }
    return left;
  }
  function term(): Expression {
    let left = unary();
    while (isOp("*") || isOp("/")) {
      const op = isOp("*") ? "*" : "/";
      pos += 1;
      left = { type: "bin", op, left, right: unary() };
    }
    return left;
  }
  function unary(): Expression {
    if (isOp("-")) {
      pos += 1;
      return { type: "neg", arg: unary() };
    }
    return power();
  }
  function power(): Expression {
    const base = primary();
    if (isOp("^")) {
      pos += 1;
      return { type: "bin", op: "^", left: base, right: unary() };
    }
    return base;
  }
  function primary(): Expression {
    const t = peek();
    if (t === undefined) throw new ExpressionError("unexpected end of the expression");
    if (t.kind === "num") {
      pos += 1;
      return { type: "num", value: t.value };
    }
    if (t.kind === "id") {
      pos += 1;
      if (!isOp("(")) return { type: "var", name: t.name };
      const fn = EXPRESSION_FUNCTIONS.find((f) => f === t.name);
      if (fn === undefined)
        throw new ExpressionError(`unknown function '${t.name}' (known: ${EXPRESSION_FUNCTIONS.join(", ")})`);
      pos += 1;
      const args: Expression[] = [expression()];
      while (isOp(",")) {
        pos += 1;
        args.push(expression());
      }
      expect(")");
      if ((fn === "abs" || fn === "sqrt") && args.length !== 1)
        throw new ExpressionError(`${fn}() takes one argument`);
      return { type: "call", fn, args };
    }
    if (t.op === "(") {
      pos += 1;
      const inner = expression();
      expect(")");
      return inner;
    }
    throw new ExpressionError(`unexpected '${t.op}' ${where()}`);
  }

  if (tokens.length === 0) throw new ExpressionError("the expression is empty");
  const tree = expression();
  if (pos < tokens.length) throw new ExpressionError(`unexpected input ${where()}`);
  return tree;
}

/** The variable names an expression uses, each once, in order of first use. */
export function expressionVariables(expression: Expression): string[] {
  const names: string[] = [];
  const walk = (e: Expression) => {
    if (e.type === "var") {
      if (!names.includes(e.name)) names.push(e.name);
    } else if (e.type === "neg") walk(e.arg);
    else if (e.type === "bin") {
      walk(e.left);
      walk(e.right);
    } else if (e.type === "call") for (const a of e.args) walk(a);
  };
  walk(expression);
  return names;
}

/** Evaluates an expression; throws {@link ExpressionError} on an unknown variable or a non-finite result. */
export function evaluateExpression(expression: Expression, values: Readonly<Record<string, number>>): number {
  const evaluate = (e: Expression): number => {
    switch (e.type) {
      case "num":
        return e.value;
      case "var": {
        const value = values[e.name];
        if (value === undefined) throw new ExpressionError(`no value for '${e.name}'`);
        return value;
      }
      case "neg":
        return -evaluate(e.arg);
      case "call": {
        const args = e.args.map(evaluate);
        if (e.fn === "min") return Math.min(...args);
        if (e.fn === "max") return Math.max(...args);
        const [x = Number.NaN] = args;
        return e.fn === "abs" ? Math.abs(x) : Math.sqrt(x);
      }
      case "bin": {
        const l = evaluate(e.left);
        const r = evaluate(e.right);
        if (e.op === "/" && r === 0) throw new ExpressionError("division by zero");
        const result =
          e.op === "+" ? l + r : e.op === "-" ? l - r : e.op === "*" ? l * r : e.op === "/" ? l / r : l ** r;
        return result;
      }
    }
  };
  const result = evaluate(expression);
  if (!Number.isFinite(result)) throw new ExpressionError(`the result is not a finite number (${result})`);
  return result;
}

const PRECEDENCE = { "+": 1, "-": 1, "*": 2, "/": 2, "^": 4 } as const;

/**
 * Prints an expression (`×` for multiplication), parenthesised only where needed; with
 * `show`, each variable is replaced by what `show` returns for it (its value, formatted).
 */
export function formatExpression(expression: Expression, show?: (name: string) => string): string {
  const print = (e: Expression, parent: number): string => {
    switch (e.type) {
      case "num":
        return String(e.value);
      case "var":
        return show === undefined ? e.name : show(e.name);
      case "neg": {
        const inner = `-${print(e.arg, 3)}`;
        return parent > 3 ? `(${inner})` : inner;
      }
      case "call":
        return `${e.fn}(${e.args.map((a) => print(a, 0)).join(", ")})`;
      case "bin": {
        const p = PRECEDENCE[e.op];
        const op = e.op === "*" ? " × " : e.op === "^" ? "^" : ` ${e.op} `;
        // left-associative operators need parentheses around an equal-precedence right operand; ^ (right-
        // associative) around an equal-precedence left one
        const inner = `${print(e.left, e.op === "^" ? p + 1 : p)}${op}${print(e.right, e.op === "^" ? p : p + 1)}`;
        return p < parent ? `(${inner})` : inner;
      }
    }
  };
  return print(expression, 0);
}
