import { Stack } from 'aws-cdk-lib';
import { TestTokenIssuer } from './token-issuer';
import { TemplateInput, buildModel } from '../private/model/build';
import { safeValue } from '../private/safe-text';
import { inputFromJson, inputFromStack, inputsFromPath } from '../private/simulator/inputs';
import { SimResult, Simulator } from '../private/simulator/simulate';
import { MAX_EPOCH_SECONDS, parseJwks } from '../private/simulator/token';

/** Options of an {@link AuthSimulator}. */
export interface AuthSimulatorOptions {
  /**
   * Physical user pool ids, keyed by the pool's logical id (or
   * `<template>#<logicalId>`), e.g. `{ PoolABC123: 'us-east-1_AbCdEf123' }`.
   * The issuer check needs the pool id.
   *
   * @default - pools imported by id/ARN are known; others take the issuer's pool id, or stay unknown
   */
  readonly poolIds?: { [logicalId: string]: string };

  /**
   * A test token issuer: every pool without a given id is taken to be the
   * issuer's pool, and the issuer's JWKS verifies signatures.
   *
   * @default - no issuer
   */
  readonly issuer?: TestTokenIssuer;

  /**
   * A JWKS document (JSON text) to verify token signatures with. Without a
   * JWKS (and without an issuer) key id and signature checks are `unknown`.
   *
   * @default - the issuer's JWKS, if an issuer is given
   */
  readonly jwks?: string;

  /**
   * App client ids, keyed by the client's logical id (or `<template>#<logicalId>`), e.g.
   * `{ WebClientABC123: '1example23456789' }`. An HTTP API's JWT authorizer checks the token's `aud`
   * (ID tokens) or `client_id` (access tokens) against its audience, whose client ids exist only after
   * deployment.
   *
   * @default - with an issuer, each app client's id is taken to be its logical id (the id
   * `TestTokenIssuer.tokenFor` puts in its tokens); without one, audience checks stay open
   */
  readonly clientIds?: { [logicalId: string]: string };
}

/** One request to simulate. */
export interface SimulationRequest {
  /** HTTP verb, e.g. `GET`. */
  readonly method: string;

  /** Resource path without the stage, e.g. `/items/42`. A query string is ignored. */
  readonly path: string;

  /**
   * Request headers; names are case-insensitive.
   *
   * @default - no headers
   */
  readonly headers?: { [name: string]: string };

  /**
   * A token to send in the authorizer's identity-source header (usually
   * `Authorization`) unless `headers` already has that header. May start with `Bearer `.
   *
   * @default - no token
   */
  readonly token?: string;

  /**
   * Time of the request (for the expiry check): a valid date from 1970 on.
   *
   * @default - now
   */
  readonly now?: Date;

  /**
   * API (REST or HTTP) to call (logical id or name) when the templates define more than one.
   * A path that matches methods of two or more REST APIs is refused without it.
   *
   * @default - the only API with a matching method
   */
  readonly restApi?: string;
}

/** Outcome of one check. */
export enum SimulationCheckResult {
  /** The check passed. */
  PASS = 'pass',
  /** The check failed: API Gateway refuses the request. */
  FAIL = 'fail',
  /** The check could not be decided (unresolved value, no JWKS, unknown pool id). */
  UNKNOWN = 'unknown',
}

/** One check API Gateway makes. */
export interface SimulationCheck {
  /**
   * Check name: `header-size`, `route`, `authorization`, `identity-source`, `bearer-prefix`,
   * `token-whitespace`, `validation-expression`, `token-format`, `issuer`,
   * `kid`, `alg`, `signature`, `expiry`, `token-use`, `scopes`,
   * `resource-policy`, `gateway-response`, `cors-on-error`.
   */
  readonly name: string;

  /** Pass, fail or unknown. */
  readonly result: SimulationCheckResult;

  /** What was seen. */
  readonly detail: string;

  /**
   * Plain-words reason, for failures.
   *
   * @default - none
   */
  readonly reason?: string;

  /**
   * What to change, for failures.
   *
   * @default - none
   */
  readonly fix?: string;

  /**
   * For unknown checks: the check as listed in `open`, with what would decide it.
   *
   * @default - none (the check was made)
   */
  readonly open?: string;
}

/**
 * API Gateway's predicted answer to one request: decided (a `status`), or
 * undecided (`open` names the checks that could not be made, `wouldBe` the
 * status if they all pass).
 */
export interface SimulationResult {
  /**
   * True when every check that matters was made and they decide the status.
   * A failing check decides a refusal even when other checks are open; a 200
   * needs every check to pass. The resource policy is not modelled: an assumption.
   */
  readonly decided: boolean;

  /**
   * HTTP status (200, 401, 403, or a gateway response's status), only when decided.
   *
   * @default - undecided: see `open`, `wouldBe` and `refused`
   */
  readonly status?: number;

  /**
   * The status if every open check passes (equal to `status` when decided).
   *
   * @default - not known: the request is refused with a status API Gateway does not document (`refused`), the method's authorization is not simulated (AWS_IAM, CUSTOM), or the gateway response that applies has an unresolved StatusCode
   */
  readonly wouldBe?: number;

  /** True when API Gateway certainly refuses the request (never 200) with a status it does not document (request-header quota). */
  readonly refused: boolean;

  /** The checks left open, each with the input that would decide it, e.g. `signature (give jwks or issuer)`; empty when decided. */
  readonly open: string[];

  /** Body message API Gateway sends (for an undecided answer: the would-be one), e.g. `Unauthorized`, `The incoming token has expired`, `Missing Authentication Token`. */
  readonly message: string;

  /** Every check made, in API Gateway's order. */
  readonly checks: SimulationCheck[];

  /** Why, in plain words. */
  readonly reasons: string[];

  /** One fix per failure. */
  readonly fixes: string[];

  /** What the simulator assumed (unknown pool ids, no JWKS, deployment, resource policy). */
  readonly assumptions: string[];

  /**
   * The method the request reached, e.g. `GET /items/{id}`.
   *
   * @default - no method matched
   */
  readonly matchedMethod?: string;
}

/**
 * Predicts API Gateway's answer (200/401/403) to a request against a REST API
 * protected by a Cognito user pools authorizer, with every check, the reasons
 * and a fix per failure. Works offline on a synthesized template.
 */
export class AuthSimulator {
  /**
   * Simulate the API of a stack. Synthesizes the stack's app: CDK synthesizes
   * an app only once (the result is cached), so add every construct before
   * calling this, and do not add constructs to the app afterwards.
   */
  public static fromStack(stack: Stack, options: AuthSimulatorOptions = {}): AuthSimulator {
    return new AuthSimulator([inputFromStack(stack)], options);
  }

  /** Simulate the API of a CloudFormation template given as JSON text. */
  public static fromTemplateJson(json: string, options: AuthSimulatorOptions = {}): AuthSimulator {
    return new AuthSimulator([inputFromJson(json)], options);
  }

  /** Simulate the API of a template file (JSON or YAML) or of a cloud assembly directory (`cdk.out`). */
  public static fromTemplateFile(file: string, options: AuthSimulatorOptions = {}): AuthSimulator {
    return new AuthSimulator(inputsFromPath(file), options);
  }

  private readonly simulator: Simulator;

  private constructor(inputs: TemplateInput[], options: AuthSimulatorOptions) {
    const model = buildModel(inputs, { physicalIds: options.poolIds });
    const jwksText = options.jwks ?? options.issuer?.jwks;
    this.simulator = new Simulator(model, {
      jwks: jwksText !== undefined ? parseJwks(jwksText) : undefined,
      defaultPoolId: options.issuer?.userPoolId,
      clientIds: options.issuer
        ? { ...Object.fromEntries(model.clients.map((c) => [c.key, c.logicalId])), ...options.clientIds }
        : options.clientIds,
      inputs: 'kit',
    });
  }

  /**
   * Predict API Gateway's answer to one request. Throws when the answer is
   * not decided (an open check: no JWKS, an unknown pool id, unresolved method
   * scopes...), naming the open checks, so that a test never passes on
   * something the simulator could not see. Use `trySimulate` to inspect an
   * undecided answer. Also throws when the path matches methods of two or
   * more REST APIs and `restApi` does not choose one, or `restApi` names none.
   */
  public simulate(request: SimulationRequest): SimulationResult {
    const r = this.trySimulate(request);
    if (!r.decided) {
      const would = r.refused
        ? 'API Gateway refuses it with a status it does not document (never 200)'
        : r.wouldBe !== undefined ? `it would be ${r.wouldBe} if they pass` : 'no status can be predicted';
      throw new Error(`AuthSimulator: ${request.method.toUpperCase()} ${safeValue(request.path)} is not decided, so simulate() gives no status: open: ${r.open.join('; ')}; ${would} (trySimulate() returns the undecided answer)`);
    }
    return r;
  }

  /**
   * Predict API Gateway's answer to one request, decided or not (see
   * `decided`, `open`, `wouldBe`, `refused`). Throws on an ambiguous or
   * unknown REST API, as `simulate` does.
   */
  public trySimulate(request: SimulationRequest): SimulationResult {
    const r = this.simulator.simulate({
      method: request.method,
      path: request.path,
      headers: request.headers,
      token: request.token,
      now: request.now !== undefined ? requestTime(request.now) : undefined,
      restApi: request.restApi,
    });
    return toResult(r);
  }
}

function requestTime(now: Date): number {
  const ms = now.getTime();
  if (!Number.isFinite(ms) || ms < 0 || ms / 1000 > MAX_EPOCH_SECONDS) {
    throw new Error(`AuthSimulator: now must be a valid date from 1970-01-01T00:00:00Z on: got ${Number.isFinite(ms) ? now.toISOString() : 'Invalid Date'}`);
  }
  return ms / 1000;
}

function toResult(r: SimResult): SimulationResult {
  return {
    decided: r.decided,
    status: r.status,
    wouldBe: r.wouldBe,
    refused: r.refused,
    open: r.open,
    message: r.message,
    checks: r.checks.map((c) => ({
      name: c.name,
      result: c.result as SimulationCheckResult,
      detail: c.detail,
      reason: c.reason,
      fix: c.fix,
      open: c.open,
    })),
    reasons: r.reasons,
    fixes: r.fixes,
    assumptions: r.assumptions,
    matchedMethod: r.matched ? `${r.matched.httpMethod} ${r.matched.path}` : undefined,
  };
}
