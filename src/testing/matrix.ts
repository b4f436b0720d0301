import { Stack } from 'aws-cdk-lib';
import { Matrix, SIGNED_IN_USER, buildMatrix, matrixMarkdown } from '../private/matrix';
import { TemplateInput, buildModel } from '../private/model/build';
import { inputFromJson, inputFromStack, inputsFromPath } from '../private/simulator/inputs';

/** One caller's answer for one method. */
export interface MatrixCaller {
  /** Caller: an app client's name (ClientName, else construct id, else logical id), or {@link AuthMatrix.SIGNED_IN_USER}. */
  readonly caller: string;

  /** Whether a token from this caller passes the authorizer. */
  readonly allowed: boolean;

  /** The scope that lets it in, `id token`, `public`, or empty when not allowed. */
  readonly via: string;

  /** Why (not); starts with `unknown:` when it depends on values the template does not resolve. */
  readonly why: string;
}

/** What a method needs. */
export interface MatrixRequirement {
  /** `access`, `id`, `none` (public), `not-modelled` (AWS_IAM, CUSTOM) or `unknown`. */
  readonly tokenUse: string;

  /** The method's scopes (any one suffices); empty when it has none. */
  readonly scopes: string[];
}

/** One method (verb + path) and who can call it. */
export interface MatrixMethod {
  /** REST API name. */
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

/**
 * Which caller can call which method, via which scope, and why not: every
 * method of the template against every app client of its authorizer's pools
 * and against any user signed in with InitiateAuth.
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

  private constructor(inputs: TemplateInput[]) {
    this.matrix = buildMatrix(buildModel(inputs));
    this.methods = this.matrix.methods.map((m) => ({
      api: m.api,
      method: m.method,
      path: m.path,
      requires: { tokenUse: m.requires.tokenUse, scopes: [...m.requires.scopes] },
      callers: m.callers.map((c) => ({ ...c })),
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

  /** The callers allowed to call a method (in every API that declares it). Throws when the method does not exist. */
  public callersOf(method: string, path: string): string[] {
    const rows = this.methodsFor(method, path);
    return this.callers.filter((c) => rows.every((r) => r.callers.some((x) => x.caller === c && x.allowed)));
  }

  /** Whether a caller can call a method. Throws when the caller or the method does not exist. */
  public canCall(caller: string, method: string, path: string): boolean {
    if (!this.callers.includes(caller)) {
      throw new Error(`AuthMatrix: no caller '${caller}' (callers: ${this.callers.join(', ')})`);
    }
    return this.callersOf(method, path).includes(caller);
  }

  /** Why a caller can or cannot call a method. */
  public why(caller: string, method: string, path: string): string {
    if (!this.callers.includes(caller)) {
      throw new Error(`AuthMatrix: no caller '${caller}' (callers: ${this.callers.join(', ')})`);
    }
    return this.methodsFor(method, path)
      .map((r) => r.callers.find((x) => x.caller === caller)!)
      .map((c) => (c.allowed ? `allowed via ${c.via}: ${c.why}` : c.why))
      .join('; ');
  }

  /** The matrix as a Markdown table, for a pull request. */
  public toMarkdown(): string {
    return matrixMarkdown(this.matrix);
  }

  /** The matrix as JSON text: `{"methods":[{"api","method","path","requires","callers"}]}`. */
  public toJson(): string {
    return JSON.stringify({ methods: this.matrix.methods }, undefined, 2);
  }
}
