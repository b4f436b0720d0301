/* First, simple version: prints what the synthesized example protects and how. */
import * as fs from 'fs';
import * as path from 'path';

type Json = any;

const dir = process.argv[2] ?? 'cdk.out';
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.template.json'));
if (files.length === 0) {
  console.error(`summary: no *.template.json in ${dir}`);
  process.exit(1);
}

for (const file of files) {
  const template: Json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf-8'));
  const resources: Record<string, Json> = template.Resources ?? {};
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  /** Renders a value, resolving Refs to resource servers (their Identifier) and simple Fn::Joins. */
  const render = (v: Json): string => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && 'Ref' in v) {
      const target = resources[v.Ref];
      if (target?.Type === 'AWS::Cognito::UserPoolResourceServer') return render(target.Properties.Identifier);
      return `<${v.Ref}>`;
    }
    if (v && typeof v === 'object' && 'Fn::Join' in v) {
      const [sep, parts] = v['Fn::Join'];
      return (parts as Json[]).map(render).join(sep);
    }
    return JSON.stringify(v);
  };

  /** Full path of an AWS::ApiGateway::Resource (or '/' for the root). */
  const pathOf = (resourceId: Json): string => {
    if (resourceId && typeof resourceId === 'object' && 'Ref' in resourceId && resources[resourceId.Ref]?.Type === 'AWS::ApiGateway::Resource') {
      const r = resources[resourceId.Ref].Properties;
      const parent = pathOf(r.ParentId);
      return `${parent === '/' ? '' : parent}/${r.PathPart}`;
    }
    return '/';
  };

  console.log(`\n${file.replace('.template.json', '')}`);
  console.log('\n  Resource servers');
  for (const [, r] of ofType('AWS::Cognito::UserPoolResourceServer')) {
    const scopes = (r.Properties.Scopes ?? []).map((s: Json) => `${r.Properties.Identifier}/${s.ScopeName}`);
    console.log(`    ${r.Properties.Identifier} (${r.Properties.Name}): ${scopes.join(', ')}`);
  }
  console.log('\n  App clients');
  for (const [id, r] of ofType('AWS::Cognito::UserPoolClient')) {
    const p = r.Properties;
    console.log(`    ${id}: flows ${(p.AllowedOAuthFlows ?? []).join('+') || 'none'}, secret ${p.GenerateSecret ? 'yes' : 'no'}, `
      + `scopes ${(p.AllowedOAuthScopes ?? []).map(render).join(' ')}`);
    if (p.CallbackURLs) console.log(`      callbacks: ${p.CallbackURLs.join(', ')}`);
  }
  console.log('\n  Methods');
  for (const [, r] of ofType('AWS::ApiGateway::Method')) {
    const p = r.Properties;
    if (p.HttpMethod === 'OPTIONS') continue;
    const how = p.AuthorizationType === 'NONE'
      ? 'public (no authorization)'
      : p.AuthorizationScopes
        ? `access token with any of: ${p.AuthorizationScopes.map(render).join(', ')}`
        : p.AuthorizationType === 'COGNITO_USER_POOLS' ? 'ID token' : p.AuthorizationType;
    console.log(`    ${p.HttpMethod.padEnd(6)} ${pathOf(p.ResourceId).padEnd(10)} ${how}`);
  }
  const responses = ofType('AWS::ApiGateway::GatewayResponse').map(([, r]) => r.Properties.ResponseType);
  console.log(`\n  Gateway responses with CORS headers: ${responses.join(', ') || 'none'}`);
}
