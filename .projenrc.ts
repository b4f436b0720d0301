import { awscdk, DependencyType, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-cognito-scopes',
  description:
    'AWS CDK constructs and synth-time checks for API Gateway REST and HTTP APIs protected by Cognito user pools and custom OAuth scopes: no more mysterious 401s.',
  author: 'cdk-cognito-scopes maintainers',
  authorAddress: 'maintainers@cdk-cognito-scopes.dev',
  repositoryUrl: 'https://github.com/cdk-cognito-scopes/cdk-cognito-scopes.git',
  license: 'Apache-2.0',
  keywords: ['cdk', 'awscdk', 'aws-cdk', 'cognito', 'apigateway', 'oauth', 'scopes', 'authorizer', 'jwt'],
  stability: 'experimental',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  jsiiVersion: '~6.0',
  typescriptVersion: '~6.0',
  // Peer floor: the oldest aws-cdk-lib the unit tests have passed on (see README, "Compatibility").
  cdkVersion: '2.189.1',
  cdkVersionPinning: false,
  constructsVersion: '10.0.5',
  peerDependencyOptions: { pinnedDevDependency: false },

  bundledDeps: ['aws-jwt-verify@^5', 'yaml@^2', 're2js@^2'],
  devDeps: [
    '@types/node@^20',
    'aws-cdk-lib@2.276.0',
    'constructs@10.8.1',
    'aws-cdk@^2.1148.1',
    'cdk-nag@^3',
    'fast-check@^4',
    'tsx@^4',
    // Newest in the registry (peer aws-cdk-lib ^2.245.0); the integ snapshot is checked offline by scripts/integ-snapshot.ts.
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    // SARIF output of `check`: the log's types, and the official SARIF 2.1.0 schema (with jest matchers) to validate it in tests.
    '@types/sarif@^2',
    '@microsoft/jest-sarif@1.0.0-beta.0',
  ],
  bin: { 'cognito-scopes': 'bin/cognito-scopes' },

  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  autoApproveUpgrades: false,
  sampleCode: false,

  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // Coverage instrumentation doubles jest's time on this 2-core machine: `npx projen coverage` collects it.
      collectCoverage: false,
    },
  },
  tsconfigDev: { compilerOptions: {} },
  gitignore: ['cdk.out/', '.fuzz/', 'bench/.tmp/', '.jsii.tabl.json', '.scratch/'],
  npmignoreEnabled: true,
});

// The published version (0.x: the API may still change; see CHANGELOG.md). There is no release workflow.
project.package.addVersion('0.1.0');

// Develop and test against a recent aws-cdk-lib/constructs; the peer floor is declared above.
project.deps.addDependency('constructs@10.8.1', DependencyType.BUILD);

// The package holds what a consumer needs: lib/, .jsii, bin/, README, API.md, CHANGELOG, LICENSE.
project.npmignore?.exclude('/example/', '/bench/', '/.ci/', 'cdk.out/', '/scripts/', '/rosetta/', '/docs/', '/BENCHMARKS.md', '/test-reports/', '/.fuzz/', '/lib/**/*.tsbuildinfo');
project.npmignore?.include('/bin/');

const env = {
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20',
  CDK_DISABLE_VERSION_CHECK: '1',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
};

// Docs that compile: README and TSDoc examples are compiled by jsii-rosetta in strict mode.
project.package.file.addOverride('jsii.metadata.jsii.rosetta.strict', true);
project.npmignore?.exclude('.jsii.tabl.json');

const integSnapshot = project.addTask('integ:snapshot', {
  description: 'Offline: synthesize test/integ.*.ts and compare with the committed snapshots',
  env,
  exec: 'tsx scripts/integ-snapshot.ts',
});
project.addTask('integ:update', {
  description: 'Rewrite the integ snapshots (then commit them)',
  env,
  exec: 'tsx scripts/integ-snapshot.ts --update',
});
project.addTask('integ:deploy', {
  description: 'Deploy test/integ.full.ts to the current AWS account, run its assertions, destroy it',
  env,
  exec: 'scripts/integ-deploy.sh',
});
const rosetta = project.addTask('rosetta:check', {
  description: 'Compile every README/TSDoc example with jsii-rosetta --strict; prove a broken one fails',
  env,
  exec: 'scripts/rosetta-check.sh',
  receiveArgs: true,
});
project.addTask('bindings', {
  description: 'Generate Python, Java, .NET and Go sources with jsii-pacmak --code-only and check them',
  env,
  exec: 'scripts/bindings-check.sh',
});
project.addTask('peer-floor', {
  description: 'Run the unit tests against the oldest aws-cdk-lib the peer range allows',
  env,
  exec: 'scripts/peer-floor.sh',
});

// `npm test`: compile (type check), jest, lint, integ snapshot.
project.testTask.prependSpawn(project.compileTask);
project.testTask.spawn(integSnapshot);
// An example that does not compile fails the build (post-compile runs after every jsii compile).
project.postCompileTask.spawn(rosetta, { args: ['--no-self-test'] });

project.addTask('example', {
  description: 'Synthesize the example app offline into cdk.out/ and print what it protects and how',
  env,
  steps: [
    { exec: 'cdk synth -q --no-notices --app "tsx example/app.ts" --output cdk.out' },
    { exec: 'tsx example/summary.ts cdk.out' },
  ],
});

project.addTask('bench', {
  description: 'Benchmarks: synth overhead, rule-engine scaling, simulator throughput, test-suite cost; regenerates BENCHMARKS.md',
  env,
  exec: 'tsx bench/run.ts',
  receiveArgs: true,
});

project.addTask('coverage', {
  description: 'Run the jest suite with coverage (coverage/ and the text summary)',
  env,
  exec: 'jest --coverage --ci',
});

project.addTask('fuzz', {
  description: 'Property-based tests, 10,000 cases each: CognitoApiAuth props, and hostile templates through the CLI; records the results in the README',
  env: { ...env, FUZZ_RUNS: '10000', FUZZ_REPORT: '.fuzz/last-run.json', FUZZ_HOSTILE_REPORT: '.fuzz/hostile-last-run.json' },
  steps: [
    { exec: 'jest --coverage=false --ci test/fuzz' },
    { exec: 'tsx scripts/record-fuzz.ts .fuzz/last-run.json README.md' },
    { exec: 'tsx scripts/record-fuzz.ts --hostile .fuzz/hostile-last-run.json README.md' },
  ],
});

project.synth();
