/**
 * The policy validation plugin on an HTTP API built with plain aws-cdk-lib (no CognitoApiAuth): the
 * same engine as the construct and the CLI, so the same finding.
 */
import { App, Validations } from 'aws-cdk-lib';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { httpFixture } from './http-fixtures';
import { CognitoScopesChecks } from '../src';
import { withValidations } from './support/needs';

function synth(app: App): { failed: boolean; report: string } {
  const printed: string[] = [];
  const capture = (...args: unknown[]) => {
    printed.push(args.map(String).join(' '));
    return true;
  };
  const spies = [jest.spyOn(console, 'error').mockImplementation(capture), jest.spyOn(console, 'log').mockImplementation(capture)];
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture as any);
  const exitCode = process.exitCode;
  try {
    app.synth();
    return { failed: process.exitCode === 1 && exitCode !== 1, report: printed.join('\n') };
  } catch (e) {
    return { failed: true, report: `${(e as Error).message}\n${printed.join('\n')}` };
  } finally {
    process.exitCode = exitCode;
    for (const s of spies) s.mockRestore();
    stderr.mockRestore();
  }
}

withValidations('HttpUserPoolAuthorizer without userPoolClients fails synthesis through the plugin, naming the audience', () => {
  const app = new App();
  Validations.of(app).addPlugins(new CognitoScopesChecks());
  httpFixture({ app, authorizer: (_s, pool) => new HttpUserPoolAuthorizer('Auth', pool) });
  const { failed, report } = synth(app);
  expect(failed).toBe(true);
  expect(report).toContain(
    "JWT authorizer Http/Api/Auth/Resource has audience 'Http/Pool/UserPoolAuthorizerClient/Resource' (created by HttpUserPoolAuthorizer without userPoolClients), which no route's caller uses, " +
      "and leaves out 'Http/Pool/Machine/Resource'",
  );
});

withValidations('with userPoolClients the plugin passes the same app', () => {
  const app = new App();
  Validations.of(app).addPlugins(new CognitoScopesChecks());
  httpFixture({ app });
  expect(synth(app).failed).toBe(false);
});
