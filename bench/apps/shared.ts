import { App, NestedStack, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { MethodSpec, methodGroups } from './topology';

/**
 * The API part both apps share verbatim (only the MethodOptions differ): a REST
 * API with a protected root method (`GET /`, scope `read`; the API's own stack
 * needs one method) and the N protected methods, in the API's stack when they
 * fit, else in NestedStacks with an explicit deployment after them.
 */
export function addApi(stack: Stack, n: number, optionsFor: (m: MethodSpec) => apigateway.MethodOptions): apigateway.RestApi {
  const groups = methodGroups(n);
  const nested = groups.length > 1;
  const api = new apigateway.RestApi(stack, 'Api', { restApiName: 'bench-api', deploy: !nested });
  api.root.addMethod('GET', new apigateway.MockIntegration(), optionsFor({ pathPart: '', verb: 'GET', scopes: ['read'] }));
  if (!nested) {
    for (const m of groups[0] ?? []) {
      api.root.addResource(m.pathPart).addMethod(m.verb, new apigateway.MockIntegration(), optionsFor(m));
    }
    return api;
  }
  const deployment = new apigateway.Deployment(stack, 'Deployment', {
    api: apigateway.RestApi.fromRestApiId(stack, 'ApiRef', api.restApiId),
  });
  groups.forEach((group, g) => {
    const ns = new NestedStack(stack, `Methods${g}`);
    const imported = apigateway.RestApi.fromRestApiAttributes(ns, 'Api', {
      restApiId: api.restApiId,
      rootResourceId: api.restApiRootResourceId,
    });
    for (const m of group) {
      imported.root.addResource(m.pathPart).addMethod(m.verb, new apigateway.MockIntegration(), optionsFor(m));
    }
    deployment.node.addDependency(ns);
  });
  deployment.node.addDependency(api.root);
  new apigateway.Stage(stack, 'Stage', { deployment, stageName: 'prod' });
  return api;
}

export type AppBuilder = (n: number, outdir: string) => App;
