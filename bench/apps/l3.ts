/**
 * The synth-overhead subject: the topology of bench/apps/topology.ts built with
 * the library's L3 construct `CognitoApiAuth` (which runs the rule engine over
 * the stack at synth time): REST methods with `requireScopes()`, HTTP routes with
 * `httpRouteScopes()` (the construct's JWT authorizer, its audience every client
 * the construct creates, resolved lazily).
 */
import { App, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { addApi } from './shared';
import {
  CALLBACK_URLS,
  DOMAIN_PREFIX,
  MACHINE_CLIENT_SCOPES,
  RESOURCE_SERVER_IDENTIFIER,
  SCOPES,
  USER_CLIENT_SCOPES,
} from './topology';
import { CognitoApiAuth, HostedUiDomain } from '../../src';

export function buildL3App(n: number, outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Bench');
  const auth = new CognitoApiAuth(stack, 'Auth', {
    resourceServerIdentifier: RESOURCE_SERVER_IDENTIFIER,
    scopes: SCOPES.map((s) => new cognito.ResourceServerScope({ ...s })),
    domain: HostedUiDomain.cognitoPrefix(DOMAIN_PREFIX),
  });
  addL3ClientsAndApis(stack, n, auth);
  return app;
}

/** The L3 apps' clients and APIs (benchmarks 1 and 1b): a web and a machine client, N methods and N routes. */
export function addL3ClientsAndApis(stack: Stack, n: number, auth: CognitoApiAuth): void {
  auth.addUserClient('Web', { callbackUrls: [...CALLBACK_URLS], scopes: USER_CLIENT_SCOPES.map((s) => auth.scope(s)) });
  auth.addMachineClient('Batch', { scopes: MACHINE_CLIENT_SCOPES.map((s) => auth.scope(s)) });
  addApi(
    stack,
    n,
    (m) => auth.requireScopes(...m.scopes.map((s) => auth.scope(s))),
    (m) => auth.httpRouteScopes(...m.scopes.map((s) => auth.scope(s))),
  );
}
