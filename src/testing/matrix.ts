import { Stack } from 'aws-cdk-lib';
import { MarkdownView, Matrix, MatrixCell, SIGNED_IN_USER, buildMatrix, markdownView, matrixMarkdown } from '../private/matrix';
import { TemplateInput, buildModel } from '../private/model/build';
import { escapeControl, safeValue } from '../private/safe-text';
import { inputFromJson, inputFromStack, inputsFromPath } from '../private/simulator/inputs';

/** One caller's answer for one method. */
export interface MatrixCaller {
  /** Caller: an app client's name (ClientName, else construct id, else logical id), or {@link AuthMatrix.SIGNED_IN_USER}. */
  readonly caller: string;

  /**
   * `yes` (a token from this caller passes), `no` (none does: every value that decides it was seen)
   * or `unknown` (the templates do not resolve a value it depends on; `why` says which and what would decide it).
   */
  readonly answer: string;

  /** False when the answer is `unknown`: then `allowed` is false and means nothing. */
  readonly decided: boolean;

  /** Whether a token from this caller passes the authorizer. Meaningful only when `decided` is true. */
  readonly allowed: boolean;

  /** The scope that lets it in, `id token`, `public`, or empty when not allowed or unknown. */
  readonly via: string;

  /** Why (not); always set. Starts with `unknown:` exactly when the answer is `unknown`. */
  readonly why: string;
}

/** One caller's answer for one method (verb + path), as {@link AuthMatrix.answer} gives it. */
export interface MatrixAnswer {
  /** The caller asked about. */
  readonly caller: string;

  /** HTTP verb, upper case. */
  readonly method: string;

  /** Resource path, as declared. */
  readonly path: string;

  /** `yes`, `no` or `unknown`. */
  readonly answer: string;

  /** False when the answer is `unknown`: then `allowed` is false and means nothing. */
  readonly decided: boolean;

  /** Whether a token from the caller passes. Meaningful only when `decided` is true. */
  readonly allowed: boolean;

  /** The scope that lets it in, `id token`, `public`, or empty. */
  readonly via: string;

  /** Why (not); for `unknown`, what could not be resolved and what would decide it. */
  readonly why: string;
}

/** What a method needs. */
export interface MatrixRequirement {
  /**
   * `access`, `id`, `any` (an HTTP API route without scopes: any ID or access token of a client in the
   * authorizer's audience), `none` (public), `not-modelled` (AWS_IAM, CUSTOM) or `unknown` (the authorization
   * type or some of the method's scopes could not be resolved).
   */
  readonly tokenUse: string;

  /** The method's scopes (any one suffices); empty when it has none. When `tokenUse` is `unknown`, the ones that were resolved. */
  readonly scopes: string[];
}

/** One method (verb + path) and who can call it. */
export interface MatrixMethod {
  /** API name (REST API, or HTTP API for a route). */
  readonly api: string;

  /** HTTP verb (`GET`, `ANY`...). */
  readonly method: string;

  /** Full resource path, e.g. `/items/{id}`. */
  readonly path: string;

  /** What the method needs. */
  readonly requires: MatrixRequirement;

  /** Every caller's answer. */
  readonly callers: MatrixCaller[];
}

/** The tri-state of an internal cell. */
function answerOf(c: MatrixCell): 'yes' | 'no' | 'unknown' {
  return c.allowed === null ? 'unknown' : c.allowed ? 'yes' : 'no';
}

/**
 * Which caller can call which method, via which scope, and why not: every
 * method of the template against every app client of its authorizer's pools
 * and against any user signed in with InitiateAuth.
 *
 * Every answer is yes, no or unknown. `canCall` and `callersOf` answer only
 * from values the templates resolve: when the matrix could not decide, they
 * throw an error naming the method, the undecided callers and why, so a test
 * never passes on something the matrix could not see. `answer` gives the
 * tri-state without throwing.
 */
export class AuthMatrix {
  /** Name of the pseudo-caller "any user signed in with InitiateAuth (SRP, password, the CLI)". */
  public static readonly SIGNED_IN_USER: string = SIGNED_IN_USER;

  /**
   * The matrix of a stack. Synthesizes the stack's app: CDK synthesizes an app
   * only once (the result is cached), so add every construct first.
   */
  public static fromStack(stack: Stack): AuthMatrix {
    return new AuthMatrix([inputFromStack(stack)]);
  }

  /** The matrix of a CloudFormation template given as JSON text. */
  public static fromTemplateJson(json: string): AuthMatrix {
    return new AuthMatrix([inputFromJson(json)]);
  }

  /** The matrix of a template file (JSON or YAML) or a cloud assembly directory (`cdk.out`). */
  public static fromTemplateFile(file: string): AuthMatrix {
    return new AuthMatrix(inputsFromPath(file));
  }

  /** Every method, sorted by API, path and verb. */
  public readonly methods: MatrixMethod[];

  /** Every caller, in column order. */
  public readonly callers: string[];

  private readonly matrix: Matrix;

  private readonly view: MarkdownView;

  private constructor(inputs: TemplateInput[]) {
    const model = buildModel(inputs);
    this.matrix = buildMatrix(model);
    this.view = markdownView(model, this.matrix);
    this.methods = this.matrix.methods.map((m) => ({
      api: m.api,
      method: m.method,
      path: m.path,
      requires: { tokenUse: m.requires.tokenUse, scopes: [...m.requires.scopes] },
      callers: m.callers.map((c) => ({
        caller: c.caller,
        answer: answerOf(c),
        decided: c.allowed !== null,
        allowed: c.allowed === true,
        via: c.via,
        why: c.why,
      })),
    }));
    this.callers = [...this.matrix.callers];
  }

  /**
   * The method rows for a verb and a resource path (as declared, e.g. `/items/{id}`).
   * Throws when there is none.
   */
  public methodsFor(method: string, path: string): MatrixMethod[] {
    const verb = method.toUpperCase();
    const rows = this.methods.filter((m) => m.method === verb && m.path === path);
    if (rows.length === 0) {
      const known = this.methods.map((m) => `${m.method} ${m.path}`).join(', ');
      throw new Error(`AuthMatrix: no method ${verb} ${path} (methods: ${known || 'none'})`);
    }
    return rows;
  }

  /**
   * A caller's answer for a method: `yes`, `no` or `unknown`, never throwing on unknown.
   * When several APIs declare the method, `yes` only when every one says yes, `unknown` when
   * any is unknown, else `no`. Throws when the caller or the method does not exist.
   */
  public answer(caller: string, method: string, path: string): MatrixAnswer {
    this.checkCaller(caller);
    const verb = method.toUpperCase();
    const cells = this.methodsFor(verb, path).map((r) => r.callers.find((x) => x.caller === caller)!);
    const unknowns = cells.filter((c) => !c.decided);
    const noes = cells.filter((c) => c.decided && !c.allowed);
    const pick = unknowns.length > 0 ? unknowns : noes.length > 0 ? noes : cells;
    const answer = unknowns.length > 0 ? 'unknown' : noes.length > 0 ? 'no' : 'yes';
    return {
      caller,
      method: verb,
      path,
      answer,
      decided: answer !== 'unknown',
      allowed: answer === 'yes',
      via: answer === 'yes' ? [...new Set(cells.map((c) => c.via))].join(', ') : '',
      why: [...new Set(pick.map((c) => c.why))].join('; '),
    };
  }

  /**
   * The callers allowed to call a method (in every API that declares it). Throws when the method
   * does not exist, or when the answer of any caller is unknown (the error names them and why).
   */
  public callersOf(method: string, path: string): string[] {
    this.methodsFor(method, path);
    const answers = this.callers.map((c) => this.answer(c, method, path));
    refuseUnknown('callersOf', method, path, answers);
    return answers.filter((a) => a.allowed).map((a) => a.caller);
  }

  /**
   * Whether a caller can call a method (in every API that declares it). Throws when the caller or
   * the method does not exist, or when the matrix could not decide (the error says why).
   */
  public canCall(caller: string, method: string, path: string): boolean {
    const a = this.answer(caller, method, path);
    refuseUnknown('canCall', method, path, [a]);
    return a.allowed;
  }

  /**
   * Every answer the matrix could not decide, in method then caller order (empty when every
   * answer is yes or no): e.g. `expect(matrix.undecided()).toEqual([])`.
   */
  public undecided(): MatrixAnswer[] {
    const out: MatrixAnswer[] = [];
    for (const m of this.methods) {
      for (const c of m.callers) {
        if (!c.decided) out.push({ caller: c.caller, method: m.method, path: m.path, answer: c.answer, decided: false, allowed: false, via: '', why: c.why });
      }
    }
    return out;
  }

  /** Why a caller can or cannot call a method, or (starting with `unknown:`) why the matrix could not decide. */
  public why(caller: string, method: string, path: string): string {
    this.checkCaller(caller);
    return this.methodsFor(method, path)
      .map((r) => r.callers.find((x) => x.caller === caller)!)
      .map((c) => (c.allowed ? `allowed via ${c.via}: ${c.why}` : c.why))
      .join('; ');
  }

  /**
   * The matrix as a Markdown table, for a pull request (✅ yes, ❌ no, ❔ undecided, with the reasons
   * as notes). For readability, an API's OPTIONS methods with the same answers share one row, the
   * scopes show by name (with a legend) when one resource server defines them, and the
   * signed-in-user column shows only where a Cognito pool exists; `toJson` keeps every row and column.
   */
  public toMarkdown(): string {
    return matrixMarkdown(this.matrix, this.view);
  }

  /**
   * The matrix as JSON text, as `cognito-scopes matrix --format json` writes it:
   * `{"methods":[{"api","method","path","requires","callers":[{"caller","allowed","via","why"}]}]}`
   * with `allowed` true, false or null (undecided).
   */
  public toJson(): string {
    return JSON.stringify({ methods: this.matrix.methods }, undefined, 2);
  }

  private checkCaller(caller: string): void {
    if (!this.callers.includes(caller)) {
      throw new Error(`AuthMatrix: no caller '${safeValue(caller)}' (callers: ${this.callers.map((c) => safeValue(c)).join(', ')})`);
    }
  }
}

/** Throw when any answer is unknown: a test must never pass on what the matrix could not see. */
function refuseUnknown(helper: string, method: string, path: string, answers: MatrixAnswer[]): void {
  const unknowns = answers.filter((a) => !a.decided);
  if (unknowns.length === 0) return;
  const list = unknowns.map((a) => `'${safeValue(a.caller)}' (${escapeControl(a.why)})`).join('; ');
  throw new Error(
    `AuthMatrix.${helper}(${method.toUpperCase()} ${safeValue(path)}): the matrix could not decide for ${list}. `
    + 'It answers only from values the templates resolve; answer() gives yes/no/unknown without throwing.',
  );
}
