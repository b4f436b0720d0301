/**
 * The topology both synth-overhead apps build (bench/apps/l3.ts with the
 * library's L3 construct, bench/apps/hand-written.ts with plain aws-cdk-lib L2
 * constructs): one user pool, one resource server with three scopes, a hosted-UI
 * domain, a user client and a machine client, one Cognito authorizer, one REST
 * API with a protected root method and N protected methods, each on its own
 * resource (`/r<i>`), cycling through verbs and scope sets; and one JWT
 * authorizer and one HTTP API with a protected root route and N protected
 * routes (`<verb> /r<i>`, the same verbs and scope sets).
 *
 * Up to METHODS_PER_STACK methods (and as many routes) sit in the APIs' stack;
 * above that, the methods and routes go into NestedStacks of at most
 * METHODS_PER_STACK methods and METHODS_PER_STACK routes each (the APIs
 * imported there with `RestApi.fromRestApiAttributes` and
 * `HttpApi.fromHttpApiAttributes`) and the REST deployment is made explicitly
 * in the root stack, after them — the pattern the aws-apigateway README
 * documents for APIs over the 500-resource limit.
 */
export const METHODS_PER_STACK = 150;

export const RESOURCE_SERVER_IDENTIFIER = 'com.example.api';
export const SCOPES = [
  { scopeName: 'read', scopeDescription: 'Read items' },
  { scopeName: 'write', scopeDescription: 'Write items' },
  { scopeName: 'admin', scopeDescription: 'Administer items' },
] as const;
export const DOMAIN_PREFIX = 'bench-synth-auth';
export const CALLBACK_URLS = ['https://app.example.com/callback'];
/** Scope names of the user client and of the machine client. */
export const USER_CLIENT_SCOPES = ['read', 'write'];
export const MACHINE_CLIENT_SCOPES = ['read', 'admin'];

const VERBS = ['GET', 'POST', 'PUT', 'DELETE'];
const SCOPE_SETS: string[][] = [['read'], ['write'], ['read', 'write'], ['admin']];

export interface MethodSpec {
  readonly pathPart: string;
  readonly verb: string;
  /** Short scope names (the apps write them as `<identifier>/<name>`). */
  readonly scopes: string[];
}

/** The N protected methods (and routes), grouped by the stack they live in (one group when N ≤ METHODS_PER_STACK). */
export function methodGroups(n: number): MethodSpec[][] {
  const all: MethodSpec[] = [];
  for (let i = 0; i < n; i++) {
    all.push({ pathPart: `r${i}`, verb: VERBS[i % VERBS.length], scopes: SCOPE_SETS[i % SCOPE_SETS.length] });
  }
  const groups: MethodSpec[][] = [];
  for (let i = 0; i < all.length; i += METHODS_PER_STACK) groups.push(all.slice(i, i + METHODS_PER_STACK));
  return groups;
}
