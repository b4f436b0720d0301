import { AuthModel, isKnown } from '../src/private/model/types';

/** The operation-level fields of a model, sorted. */
export function operations(model: AuthModel) {
  const auth = new Map(model.authorizers.map((a) => [a.key, a]));
  return model.methods
    .map((m) => {
      const a = typeof m.authorizer === 'string' ? auth.get(m.authorizer) : undefined;
      return {
        api: m.restApi,
        verb: m.httpMethod,
        path: m.path,
        authorizationType: m.authorizationType,
        pools: a && Array.isArray(a.providerPools) ? a.providerPools.map(String).sort() : null,
        scopes: Array.isArray(m.scopes) ? m.scopes.map(String) : null,
        identitySource: a && isKnown(a.identitySource) ? a.identitySource : null,
      };
    })
    .sort((x, y) => (`${x.api} ${x.path} ${x.verb}` < `${y.api} ${y.path} ${y.verb}` ? -1 : 1));
}
