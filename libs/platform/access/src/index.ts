export * from './policy-table.js';
export * from './ability.js';
export * from './sql-scope.js';
export * from './fields.js';
export * from './access-marker.js';
export * from './free-text-tokens.js';
export * from './transitions.js';
