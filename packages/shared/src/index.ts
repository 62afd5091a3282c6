export * from './contract/index';
export * from './client';
export * from './money';
export * from './time';
