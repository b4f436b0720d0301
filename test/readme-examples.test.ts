import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');

/** The body of the README's fenced block that opens with this fence line and contains the marker. */
function readmeBlock(fence: string, marker: string): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8');
  const blocks = readme.split(/^```/m).filter((_, i) => i % 2 === 1);
  const block = blocks.find((b) => b.startsWith(`${fence}\n`) && b.includes(marker));
  if (!block) throw new Error(`README has no \`\`\`${fence} block containing ${marker}`);
  return block.slice(fence.length + 1);
}

describe('README examples that jsii-rosetta does not compile', () => {
  test('the consumer jest test is exactly test/consumer-example.test.ts (which compiles and passes)', () => {
    const inReadme = readmeBlock('tsx', "describe('items API auth'").trim();
    const testFile = fs.readFileSync(path.join(root, 'test', 'consumer-example.test.ts'), 'utf-8');
    const fromImports = testFile.slice(testFile.indexOf("import { App, Stack } from 'aws-cdk-lib';")).replace("from '../src';", "from 'cdk-cognito-scopes';");
    expect(inReadme).toBe(fromImports.trim());
  });
});

describe('README links work from the npm page', () => {
  test('relative links point only at files in the package; other files use absolute repository URLs', () => {
    // Links outside code: fenced blocks and code spans (a regex like `[a-z](?:...)`) are not links.
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8').replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '``');
    const packaged = new Set(['API.md', 'CHANGELOG.md', 'LICENSE']);
    const relative = [...readme.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1])
      .filter((t) => !/^(https?:|#|mailto:)/.test(t));
    expect(relative.filter((t) => !packaged.has(t.split('#')[0]))).toEqual([]);
    for (const t of relative) expect(fs.existsSync(path.join(root, t.split('#')[0]))).toBe(true);
  });
});

describe("README's platform-team example", () => {
  test('is exactly test/platform-readme-example.ts, which synthesizes and which the test kit reads as one app', () => {
    const inReadme = readmeBlock('ts nofixture', 'export class PlatformStack').trim();
    const file = fs.readFileSync(path.join(root, 'test', 'platform-readme-example.ts'), 'utf-8').replace("from '../src';", "from 'cdk-cognito-scopes';");
    expect(inReadme).toBe(file.trim());
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const example = require('./platform-readme-example') as typeof import('./platform-readme-example');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AuthMatrix } = require('../src') as typeof import('../src');
    expect(() => example.app.synth()).not.toThrow();
    const matrix = AuthMatrix.fromStack(example.orders);
    expect(matrix.callersOf('GET', '/orders')).toEqual(['Partner']);
  });
});
