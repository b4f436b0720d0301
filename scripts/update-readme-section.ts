/**
 * Replace the text between `<!-- NAME:start -->` and `<!-- NAME:end -->` in a markdown file.
 *   tsx scripts/update-readme-section.ts README.md NAME < content
 */
import * as fs from 'fs';

export function replaceSection(markdown: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = markdown.indexOf(start);
  const j = markdown.indexOf(end);
  if (i < 0 || j < i) throw new Error(`markers ${start} / ${end} not found`);
  return `${markdown.slice(0, i + start.length)}\n${content.trim()}\n${markdown.slice(j)}`;
}

if (require.main === module) {
  const [file, name] = process.argv.slice(2);
  const content = fs.readFileSync(0, 'utf-8');
  fs.writeFileSync(file, replaceSection(fs.readFileSync(file, 'utf-8'), name, content));
}
