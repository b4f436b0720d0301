import * as path from 'path';
import { pathToFileURL } from 'url';
import { Finding, Severity } from '../../private/model/types';

/** `--fail-on`: the lowest severity that fails the run (`never`: nothing does). */
export type FailOn = 'error' | 'warning' | 'never';

/** One finding as `check` reports it: with its fingerprint, and whether it is baselined and fails the run. */
export interface ReportedFinding {
  readonly finding: Finding;
  /** `<ruleId>|<template>|<logicalId>`: what `--baseline` matches on. */
  readonly fingerprint: string;
  /** In the `--baseline` file: reported, never a failure. */
  readonly baselined: boolean;
  /** Counts for the exit code: at or above `--fail-on`, neither acknowledged nor baselined. */
  readonly failing: boolean;
}

/** The stable fingerprint of a finding: rule id, template and logical id (not the message, whose wording may change). */
export function fingerprint(f: Pick<Finding, 'ruleId' | 'template' | 'logicalId'>): string {
  return `${f.ruleId}|${f.template}|${f.logicalId}`;
}

const FAILS: Record<FailOn, readonly Severity[]> = { error: ['error'], warning: ['error', 'warning'], never: [] };

/** Mark findings baselined and failing. Info notes never fail; acknowledged and baselined findings never fail. */
export function classify(findings: readonly Finding[], failOn: FailOn, baseline?: ReadonlySet<string>): ReportedFinding[] {
  return findings.map((f) => {
    const fp = fingerprint(f);
    const baselined = baseline !== undefined && baseline.has(fp);
    return { finding: f, fingerprint: fp, baselined, failing: !baselined && !f.acknowledged && FAILS[failOn].includes(f.severity) };
  });
}

/** The exit code of `check`: 1 when any finding fails the run, else 0. */
export function exitCode(reported: readonly ReportedFinding[]): number {
  return reported.some((r) => r.failing) ? 1 : 0;
}

/** A file path as a URI reference: relative to `cwd` (forward slashes, percent-encoded) when inside it, else a `file://` URL. */
export function fileUri(file: string, cwd: string = process.cwd()): string {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    return rel.split(path.sep).map(encodeURIComponent).join('/');
  }
  return pathToFileURL(abs).href;
}

/** A file path for people and annotations: relative to `cwd` when inside it, else absolute. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs;
}
