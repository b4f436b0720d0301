export * from './token-issuer';
export * from './simulator';
export * from './matrix';
