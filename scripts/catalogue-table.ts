/**
 * Prints the README rule catalogue table, generated from the rule catalogue
 * (single source). Usage:
 *
 *   npx tsx scripts/catalogue-table.ts            # the table
 *   npx tsx scripts/catalogue-table.ts --section  # with the README markers
 *
 * Paste the output between `<!-- catalogue:start -->` and `<!-- catalogue:end -->`
 * in README.md; test/rules/catalogue-readme.test.ts checks they match.
 */
import { catalogueSection, catalogueTable } from '../src/private/rules/catalogue-table';

process.stdout.write((process.argv.includes('--section') ? catalogueSection() : catalogueTable()) + '\n');
