export * from './contract/index';
export * from './client';
export * from './cards';
export * from './money';
export * from './status-words';
export * from './problem-words';
export * from './time';
