import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildExampleApp } from '../example/example-stack';

/**
 * The CloudFormation validator bundled with aws-cdk-lib (`@aws/cloudformation-validate`), used as an
 * oracle: resource schemas (patterns, enums, lengths) plus aws-cdk-lib's built-in Rego rules.
 */
const cdkRequire = createRequire(require.resolve('aws-cdk-lib/package.json'));
const validator = cdkRequire('@aws/cloudformation-validate');
const RULES_DIR = path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'core', 'lib', 'validation', 'rules');

/**
 * Warnings accepted on purpose, each with its reason.
 * W3005: "DependsOn already enforced by a Ref". Every app client depends explicitly on the resource
 * server (DESIGN.md section 4: a custom scope must exist when the client is created); the explicit edge
 * stays correct even where the scope is not written as a Ref. aws-cdk-lib's own validation plugin
 * ignores W3005 too.
 */
const ACCEPTED_WARNINGS = new Set(['W3005']);

interface Diagnostic {
  readonly severity: string;
  readonly ruleId: string;
  readonly message: string;
  readonly propertyPath?: string;
  readonly entity?: { readonly logicalId?: string };
}

function builtInRegoRules(resourceTypes: Set<string>) {
  const index = JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'index.generated.json'), 'utf-8'));
  return (index.rules as Array<{ file: string; types: string[] | null }>)
    .filter((r) => r.types === null || r.types.some((t) => resourceTypes.has(t)))
    .map((r) => ({ name: r.file, content: fs.readFileSync(path.join(RULES_DIR, r.file), 'utf-8') }));
}

function validate(template: any, region: string): Diagnostic[] {
  const types = new Set<string>(Object.values(template.Resources ?? {}).map((r: any) => r.Type));
  const engine = new validator.CompositeEngine({ regoRules: builtInRegoRules(types) });
  try {
    const report = engine.validateTemplate(new validator.TemplateContent(JSON.stringify(template), 'template.json'), {
      detailLevel: 'STANDARD',
      severityLevel: 'WARN',
      pseudoParameterOverrides: { region },
    });
    return report.diagnostics as Diagnostic[];
  } finally {
    engine.free();
  }
}

const describeDiagnostic = (d: Diagnostic) => `${d.severity} ${d.ruleId} ${d.entity?.logicalId ?? '-'} ${d.propertyPath ?? ''}: ${d.message}`;

function exampleTemplate() {
  const app = new App();
  const stack = buildExampleApp(app);
  return { template: app.synth().getStackByName(stack.stackName).template, region: stack.region };
}

describe('CloudFormation validator oracle', () => {
  test('the example app template has no errors and no unexpected warnings', () => {
    const { template, region } = exampleTemplate();
    const diagnostics = validate(template, region);
    expect(diagnostics.filter((d) => d.severity === 'ERROR' || d.severity === 'FATAL').map(describeDiagnostic)).toEqual([]);
    expect(diagnostics.filter((d) => !ACCEPTED_WARNINGS.has(d.ruleId)).map(describeDiagnostic)).toEqual([]);
  });

  test('the oracle does catch what the construct refuses (a URL as Name, a bad domain prefix)', () => {
    const { template, region } = exampleTemplate();
    const server = Object.values(template.Resources).find((r: any) => r.Type === 'AWS::Cognito::UserPoolResourceServer') as any;
    const domain = Object.values(template.Resources).find((r: any) => r.Type === 'AWS::Cognito::UserPoolDomain') as any;
    server.Properties.Name = 'https://api.example.com';
    domain.Properties.Domain = 'My_Login';
    const errors = validate(template, region).filter((d) => d.severity === 'ERROR' || d.severity === 'FATAL');
    expect(errors.map((d) => d.propertyPath).sort()).toEqual(['Properties.Domain', 'Properties.Name']);
  });
});
