import { Rule } from './rule';

/** Every rule, in catalogue order (README table order). Each family lives in its own file. */
export const CATALOGUE: Rule[] = [];
